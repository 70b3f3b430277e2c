"""Train the categorical classifiers (``pars train``) from coded documents.

How: read every letter once; collect rule evidence; fit one TF-IDF vocabulary
and a regularised logistic regression per field. To know how far to trust
the model against the rules, and what a confidence really means, we first
run a cross-validation grouped by *style family* (each fold's model never
saw the writing style it is scored on, as in real use): on those held-out
predictions we choose each field's model weight, fit its isotonic
calibrator and its auto-accept threshold. The final model is then refitted
on all letters and written with a version string and a summary of its data.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import sklearn
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold, KFold

from pars import __version__ as pars_version
from pars.coding.classify.calibration import choose_threshold, fit_isotonic
from pars.coding.classify.dataset import (
    Extractor,
    LoadedDocument,
    TruthRow,
    load_documents,
    load_truth,
)
from pars.coding.classify.model import ClassifierModel, LinearHead, preprocess, vectorizer_params
from pars.coding.classify.predict import FIELDS, Evidence, collect_evidence, decode

log = logging.getLogger(__name__)

WEIGHT_GRID = (0.0, 0.25, 0.5, 0.75, 1.0, 1.5, 2.0, 3.0)
AUTO_ACCEPT_TARGET = 0.98
GATED = {"urgency", "outcome"}
TUNE_SIZE = 1200  # letters used to choose the rule/model weights (keeps training quick)


@dataclass(slots=True)
class TrainReport:
    model_path: Path
    documents: int
    families: list[str]
    held_out_accuracy: dict[str, float] = field(default_factory=dict)
    model_weights: dict[str, float] = field(default_factory=dict)
    thresholds: dict[str, float] = field(default_factory=dict)
    version: str = ""


def _labels(documents: list[LoadedDocument], name: str) -> list[str | None]:
    values = []
    for document in documents:
        value = document.row.truth.get(name)
        values.append(None if value in (None, "") else str(value))
    return values


def fit_vectorizer(texts: list[str], *, min_df: int | None = None) -> TfidfVectorizer:
    params = vectorizer_params()
    if min_df is not None:
        params["min_df"] = min_df
    if len(texts) < 50:  # tiny corpora (tests): keep every term
        params["min_df"], params["max_df"] = 1, 1.0
    vectorizer = TfidfVectorizer(**params)
    vectorizer.fit([preprocess(text) for text in texts])
    return vectorizer


def fit_head(features, labels: list[str | None], *, c: float = 1.0) -> LinearHead | None:
    """Logistic regression on the labelled rows; None when fewer than two classes."""
    rows = [i for i, label in enumerate(labels) if label is not None]
    classes = sorted({labels[i] for i in rows})
    if len(classes) < 2:
        return None
    model = LogisticRegression(C=c, max_iter=200, tol=1e-3)
    model.fit(features[rows], [labels[i] for i in rows])
    coef = np.asarray(model.coef_, dtype=np.float32)
    intercept = np.asarray(model.intercept_, dtype=np.float32)
    if coef.shape[0] == 1:  # binary: softmax over [0, w]
        coef = np.vstack([np.zeros_like(coef), coef])
        intercept = np.array([0.0, intercept[0]], dtype=np.float32)
    return LinearHead(classes=[str(c) for c in model.classes_], coef=coef, intercept=intercept)


def fit_model(
    texts: list[str], label_sets: dict[str, list[str | None]], *, version: str
) -> ClassifierModel:
    vectorizer = fit_vectorizer(texts)
    features = vectorizer.transform([preprocess(text) for text in texts])
    heads = {}
    for name, labels in label_sets.items():
        head = fit_head(features, labels)
        if head is not None:
            heads[name] = head
    return ClassifierModel(version=version, vectorizer=vectorizer, heads=heads)


def _folds(families: list[str | None], n_docs: int, folds: int, seed: int):
    distinct = sorted({f or "" for f in families})
    if len(distinct) >= 2:
        splitter = GroupKFold(n_splits=min(folds, len(distinct)))
        return list(splitter.split(np.zeros(n_docs), groups=[f or "" for f in families]))
    splitter = KFold(n_splits=min(folds, max(2, n_docs // 2)), shuffle=True, random_state=seed)
    return list(splitter.split(np.zeros(n_docs)))


def held_out_log_probas(texts, label_sets, families, *, folds: int, seed: int):
    """Per document, per field: log-probas from a model that never saw its style family."""
    n = len(texts)
    result: list[dict] = [dict.fromkeys(FIELDS) for _ in range(n)]
    classes_seen: list[dict] = [{} for _ in range(n)]
    for train_index, test_index in _folds(families, n, folds, seed):
        model = fit_model(
            [texts[i] for i in train_index],
            {k: [v[i] for i in train_index] for k, v in label_sets.items()},
            version="fold",
        )
        features = model.transform([texts[i] for i in test_index])
        for name, head in model.heads.items():
            log_proba = head.log_proba(features)
            for row, i in enumerate(test_index):
                result[i][name] = log_proba[row]
                classes_seen[i][name] = head.classes
    return result, classes_seen


def _decode_all(
    evidences: list[Evidence], fold_models: list[ClassifierModel], log_probas, weights, label_sets
) -> list[dict]:
    out = []
    for i, evidence in enumerate(evidences):
        force = frozenset(name for name in GATED if label_sets[name][i] is not None)
        out.append(decode(evidence, fold_models[i], log_probas[i], weights, force=force))
    return out


def _accuracy(decisions: list[dict], labels: list[str | None], name: str) -> float:
    pairs = [
        (d[name].value, label)
        for d, label in zip(decisions, labels, strict=True)
        if label is not None
    ]
    return sum(p == t for p, t in pairs) / len(pairs) if pairs else 0.0


def train(
    docs: Path,
    truth_path: Path,
    *,
    out: Path,
    families: list[str] | None = None,
    folds: int = 5,
    seed: int = 7,
    target: float = AUTO_ACCEPT_TARGET,
    extractor: Extractor | None = None,
    progress: Callable[[str], None] | None = None,
) -> TrainReport:
    """Train, calibrate on held-out style families, and save a model file (see module doc)."""
    say = progress or (lambda message: log.info("%s", message))
    rows = load_truth(Path(docs), Path(truth_path), families=families)
    say(f"reading {len(rows)} documents")
    documents = [d for d in load_documents(rows, extractor=extractor) if d.text]
    return _train_documents(documents, out=out, folds=folds, seed=seed, target=target, say=say)


def train_records(
    texts: list[str],
    truths: list[dict],
    *,
    out: Path,
    families: list[str | None] | None = None,
    extracted: list[dict] | None = None,
    hints: list[dict] | None = None,
    folds: int = 5,
    seed: int = 7,
    target: float = AUTO_ACCEPT_TARGET,
    progress: Callable[[str], None] | None = None,
) -> TrainReport:
    """Train from letters already in memory, e.g. coder-confirmed documents in the app.

    ``truths`` are formats.md §1 dicts (only the six categorical fields are
    used); ``families`` groups letters for the held-out folds (for confirmed
    codes, the sending organisation is a good stand-in for a writing style).
    Save to ``pars.coding.classify.model.app_model_path()`` to make PARS use it.
    """
    if len(texts) != len(truths):
        raise ValueError("texts and truths must have the same length")
    count = len(texts)
    families = families or [None] * count
    extracted = extracted or [{} for _ in range(count)]
    hints = hints or [{} for _ in range(count)]
    documents = [
        LoadedDocument(
            row=TruthRow(path=Path(f"record-{i}"), truth=truths[i], family=families[i], line=i + 1),
            text=texts[i],
            extracted=extracted[i],
            hints=hints[i],
        )
        for i in range(count)
        if texts[i]
    ]
    say = progress or (lambda message: log.info("%s", message))
    return _train_documents(documents, out=out, folds=folds, seed=seed, target=target, say=say)


def _train_documents(
    documents: list[LoadedDocument],
    *,
    out: Path,
    folds: int,
    seed: int,
    target: float,
    say: Callable[[str], None],
) -> TrainReport:
    if len(documents) < 4:
        raise ValueError("need at least 4 readable documents to train")
    texts = [d.text or "" for d in documents]
    label_sets = {name: _labels(documents, name) for name in FIELDS}
    doc_families = [d.row.family for d in documents]
    evidences = [collect_evidence(d.text, d.extracted, d.hints) for d in documents]

    say(f"cross-validating by style family ({len(set(doc_families))} families)")
    log_probas, classes_seen = held_out_log_probas(
        texts, label_sets, doc_families, folds=folds, seed=seed
    )
    # A stand-in model per document whose heads carry that fold's classes (decode needs them).
    fold_models = []
    for seen in classes_seen:
        model = ClassifierModel(version="fold", vectorizer=None)
        model.heads = {
            name: LinearHead(classes, np.zeros((len(classes), 1)), np.zeros(len(classes)))
            for name, classes in seen.items()
        }
        fold_models.append(model)

    say("choosing rule/model weights and calibrating")
    weights = dict.fromkeys(FIELDS, 1.0)
    rng = np.random.default_rng(seed)
    tune = sorted(
        rng.choice(len(documents), size=min(len(documents), TUNE_SIZE), replace=False).tolist()
    )
    tune_evidence = [evidences[i] for i in tune]
    tune_models = [fold_models[i] for i in tune]
    tune_log_probas = [log_probas[i] for i in tune]
    tune_labels = {name: [labels[i] for i in tune] for name, labels in label_sets.items()}
    for name in FIELDS:
        best_weight, best_accuracy = weights[name], -1.0
        for candidate in WEIGHT_GRID:
            trial = {**weights, name: candidate}
            decisions = _decode_all(tune_evidence, tune_models, tune_log_probas, trial, tune_labels)
            accuracy = _accuracy(decisions, tune_labels[name], name)
            if accuracy > best_accuracy + 1e-9:
                best_weight, best_accuracy = candidate, accuracy
        weights[name] = best_weight

    decisions = _decode_all(evidences, fold_models, log_probas, weights, label_sets)
    calibrators, thresholds, held_out = {}, {}, {}
    for name in FIELDS:
        labels = label_sets[name]
        index = [i for i, label in enumerate(labels) if label is not None]
        raw = np.array([decisions[i][name].raw for i in index])
        correct = np.array([decisions[i][name].value == labels[i] for i in index], dtype=float)
        if not index:
            continue
        calibrators[name] = fit_isotonic(raw, correct)
        thresholds[name] = round(
            choose_threshold(calibrators[name](raw), correct, target=target), 4
        )
        held_out[name] = round(float(correct.mean()), 4)

    created = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    version = f"pars-classify-{pars_version}-{created}"
    say("fitting the final model on all documents")
    final = fit_model(texts, label_sets, version=version)
    final.calibrators = calibrators
    final.thresholds = thresholds
    final.model_weights = weights
    final.summary = {
        "created": created,
        "pars_version": pars_version,
        "sklearn_version": sklearn.__version__,
        "documents": len(documents),
        "families": sorted({f for f in doc_families if f}),
        "class_counts": {
            name: dict(Counter(v for v in labels if v is not None))
            for name, labels in label_sets.items()
        },
        "held_out_accuracy": held_out,
        "auto_accept_target": target,
        "calibration": "isotonic on style-family-grouped cross-validation",
    }
    path = final.save(Path(out))
    return TrainReport(
        model_path=path,
        documents=len(documents),
        families=final.summary["families"],
        held_out_accuracy=held_out,
        model_weights=weights,
        thresholds=thresholds,
        version=version,
    )
