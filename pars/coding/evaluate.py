"""Measure coding against a truth file (``pars evaluate``): accuracy, confusions, calibration.

Codes every document as ``pars code`` would (through ``pars.coding.engine``
when it is installed, else readers -> extractors -> classifiers here), then
compares with the truth: per-field accuracy on the documents whose truth has
a value (and how often a value was given where the truth has none), the top
confusions, a reliability table of ``confidence``, and the accuracy and
coverage of fields at or above the model's auto-accept threshold. Also the
whole-engine measures: primary diagnosis (ICD-10, 3 characters), primary
procedure (OPCS-4, 3 characters) and NHS number, with the count of invalid
numbers output.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np

from pars.coding.classify import load_model, predict_batch, predict_fields
from pars.coding.classify.calibration import expected_calibration_error, reliability_table
from pars.coding.classify.dataset import TruthRow, extract, load_truth, read_text
from pars.coding.classify.predict import FIELDS
from pars.core import is_valid_nhs_number

Coder = Callable[[list[Path]], Iterator[dict]]
TARGETS = {
    "specialty_tfc": 0.95,
    "document_type": 0.97,
    "direction": 0.97,
    "urgency": 0.97,
    "outcome": 0.97,
    "primary_diagnosis_icd10_3": 0.90,
    "primary_procedure_opcs4_3": 0.95,
    "nhs_number": 0.995,
}


@dataclass(slots=True)
class FieldReport:
    name: str
    evaluated: int  # documents whose truth has a value
    correct: int
    accuracy: float
    spurious: int  # value given where the truth has none
    missing: int  # no value where the truth has one
    confusions: list[dict] = field(default_factory=list)
    reliability: list[dict] = field(default_factory=list)
    ece: float | None = None
    threshold: float | None = None
    auto_accepted: int = 0
    auto_coverage: float = 0.0
    auto_accuracy: float | None = None
    target: float | None = None


@dataclass(slots=True)
class EvaluationReport:
    documents: int
    coded: int
    errors: int
    seconds: float
    rate_per_second: float
    coder: str
    model_version: str
    families: list[str]
    fields: list[FieldReport]
    invalid_nhs_numbers: int
    classifier_speed: dict | None = None

    def as_dict(self) -> dict:
        return asdict(self)


def local_coder(paths: list[Path]) -> Iterator[dict]:
    """Readers -> extractors -> classifiers, for when the engine is not installed."""
    batch = 256
    for start in range(0, len(paths), batch):
        chunk = paths[start : start + batch]
        texts, extracted, hints, errors = [], [], [], []
        for path in chunk:
            text, fields, error = read_text(path)
            texts.append(text)
            hints.append(fields)
            extracted.append(extract(text, fields))
            errors.append(error)
        for path, text, ext, error, predicted in zip(
            chunk, texts, extracted, errors, predict_batch(texts, extracted, hints), strict=True
        ):
            record: dict = {"file": str(path), "error": error if not text else None}
            for name, item in ext.items():
                record[name] = item.value
            record["confidence"] = {
                name: item.confidence for name, item in ext.items() if item.value
            }
            for name, item in predicted.items():
                record[name] = item.value
                if item.value is not None:
                    record["confidence"][name] = item.confidence
            yield record


def default_coder() -> tuple[str, Coder]:
    """The engine's ``code_paths`` when it has landed, else the local pipeline."""
    try:
        from pars.coding.engine import code_paths
    except ImportError:
        return "classify-only pipeline (engine not installed)", local_coder
    return "pars.coding.engine.code_paths", lambda paths: code_paths(paths)


def _primary(values, key: str) -> str | None:
    if not values:
        return None
    first = values[0]
    code = first.get(key) if isinstance(first, dict) else None
    return str(code).replace(".", "").upper()[:3] if code else None


def _comparable(record: dict, name: str):
    if name == "primary_diagnosis_icd10_3":
        return _primary(record.get("diagnoses"), "icd10")
    if name == "primary_procedure_opcs4_3":
        return _primary(record.get("procedures"), "opcs4")
    value = record.get(name)
    return None if value in (None, "") else str(value)


def _confidence(record: dict, name: str) -> float | None:
    key = {"primary_diagnosis_icd10_3": "diagnoses", "primary_procedure_opcs4_3": "procedures"}.get(
        name, name
    )
    value = (record.get("confidence") or {}).get(key)
    return float(value) if isinstance(value, int | float) else None


def field_report(
    name: str, truths: list[dict], predictions: list[dict], threshold: float | None
) -> FieldReport:
    """Accuracy, confusions, calibration and auto-accept figures for one field."""
    pairs = [
        (_comparable(t, name), _comparable(p, name), _confidence(p, name))
        for t, p in zip(truths, predictions, strict=True)
    ]
    scored = [(t, p, c) for t, p, c in pairs if t is not None]
    correct = sum(t == p for t, p, _ in scored)
    confusions = Counter((t, p) for t, p, _ in scored if t != p)
    conf_rows = [(c, float(t == p)) for t, p, c in scored if p is not None and c is not None]
    report = FieldReport(
        name=name,
        evaluated=len(scored),
        correct=correct,
        accuracy=round(correct / len(scored), 4) if scored else 0.0,
        spurious=sum(1 for t, p, _ in pairs if t is None and p is not None),
        missing=sum(1 for t, p, _ in scored if p is None),
        confusions=[
            {"truth": t, "predicted": p, "count": n} for (t, p), n in confusions.most_common(5)
        ],
        target=TARGETS.get(name),
    )
    if conf_rows:
        conf = np.array([c for c, _ in conf_rows])
        right = np.array([r for _, r in conf_rows])
        report.reliability = [asdict(row) for row in reliability_table(conf, right)]
        report.ece = round(expected_calibration_error(conf, right), 4)
    if threshold is not None and scored:
        accepted = [
            (t, p) for t, p, c in scored if p is not None and c is not None and c >= threshold
        ]
        report.threshold = threshold
        report.auto_accepted = len(accepted)
        report.auto_coverage = round(len(accepted) / len(scored), 4)
        report.auto_accuracy = (
            round(sum(t == p for t, p in accepted) / len(accepted), 4) if accepted else None
        )
    return report


def evaluate(
    docs: Path,
    truth_path: Path,
    *,
    families: Iterable[str] | None = None,
    coder: tuple[str, Coder] | None = None,
    limit: int | None = None,
    speed: bool = False,
) -> EvaluationReport:
    """Code the documents of a truth file and compare (see module docstring)."""
    rows: list[TruthRow] = load_truth(Path(docs), Path(truth_path), families=families)
    if limit:
        rows = rows[:limit]
    coder_name, code = coder or default_coder()
    model = load_model()
    started = time.perf_counter()
    by_path = {str(row.path): row for row in rows}
    records = list(code([row.path for row in rows]))
    seconds = time.perf_counter() - started
    predictions_by_path = {str(record.get("file")): record for record in records}
    if len(records) == len(rows) and not predictions_by_path.keys() & by_path.keys():
        predictions_by_path = {
            str(row.path): record for row, record in zip(rows, records, strict=True)
        }
    predictions = [predictions_by_path.get(str(row.path), {}) for row in rows]
    truths = [row.truth for row in rows]
    names = [*FIELDS, "primary_diagnosis_icd10_3", "primary_procedure_opcs4_3", "nhs_number"]
    reports = [
        field_report(name, truths, predictions, model.thresholds.get(name)) for name in names
    ]
    invalid = sum(
        1
        for p in predictions
        if p.get("nhs_number") and not is_valid_nhs_number(str(p["nhs_number"]))
    )
    errors = sum(1 for p in predictions if not p or p.get("error"))
    return EvaluationReport(
        documents=len(rows),
        coded=len(predictions_by_path.keys() & by_path.keys()),
        errors=errors,
        seconds=round(seconds, 3),
        rate_per_second=round(len(rows) / seconds, 1) if seconds > 0 else 0.0,
        coder=coder_name,
        model_version=model.version,
        families=sorted({row.family for row in rows if row.family}),
        fields=reports,
        invalid_nhs_numbers=invalid,
        classifier_speed=classifier_speed(rows) if speed else None,
    )


def classifier_speed(rows: list[TruthRow], *, limit: int = 1000) -> dict[str, float]:
    """Letters/s of the classifiers alone (CPU time of this process), texts read beforehand.

    ``per_letter`` calls ``predict_fields`` once per letter, as the engine does;
    ``batched`` classifies all texts with one ``predict_batch`` call.
    """
    texts = [read_text(row.path)[0] or "" for row in rows[:limit]]
    if not texts:
        return {"letters": 0, "per_letter": 0.0, "batched": 0.0}
    predict_fields(texts[0])  # load the model outside the timing
    started = time.process_time()
    for text in texts:
        predict_fields(text)
    per_letter = time.process_time() - started
    started = time.process_time()
    predict_batch(texts)
    batched = time.process_time() - started
    return {
        "letters": len(texts),
        "per_letter": round(len(texts) / per_letter, 1) if per_letter > 0 else 0.0,
        "batched": round(len(texts) / batched, 1) if batched > 0 else 0.0,
    }


def format_report(report: EvaluationReport) -> str:
    """The human-readable report ``pars evaluate`` prints."""
    lines = [
        f"documents {report.documents}  coded {report.coded}  errors {report.errors}  "
        f"{report.rate_per_second} documents/s  coder: {report.coder}",
        f"model {report.model_version}; families: {', '.join(report.families) or '-'}",
        "",
        f"{'field':<28}{'n':>6}{'accuracy':>10}{'target':>8}{'spurious':>10}{'missing':>9}"
        f"{'ECE':>7}{'auto>=':>8}{'auto cov':>10}{'auto acc':>10}",
    ]
    for f in report.fields:
        target = f"{f.target:.3f}" if f.target is not None else "-"
        ece = f"{f.ece:.3f}" if f.ece is not None else "-"
        thr = f"{f.threshold:.3f}" if f.threshold is not None else "-"
        cov = f"{f.auto_coverage:.3f}" if f.threshold is not None else "-"
        acc = f"{f.auto_accuracy:.3f}" if f.auto_accuracy is not None else "-"
        lines.append(
            f"{f.name:<28}{f.evaluated:>6}{f.accuracy:>10.4f}{target:>8}{f.spurious:>10}"
            f"{f.missing:>9}{ece:>7}{thr:>8}{cov:>10}{acc:>10}"
        )
    lines.append(f"invalid NHS numbers output: {report.invalid_nhs_numbers}")
    if report.classifier_speed:
        speed = report.classifier_speed
        lines.append(
            f"classifiers alone (CPU time, {speed['letters']} letters): {speed['per_letter']} letters/s "
            f"one at a time, {speed['batched']} letters/s batched"
        )
    lines.append("")
    lines.append("top confusions (truth -> predicted: count)")
    for f in report.fields:
        if f.confusions:
            text = "; ".join(
                f"{c['truth']} -> {c['predicted']}: {c['count']}" for c in f.confusions
            )
            lines.append(f"  {f.name}: {text}")
    lines.append("")
    lines.append("calibration (confidence band: n, mean confidence, accuracy)")
    for f in report.fields:
        if f.reliability:
            cells = "  ".join(
                f"[{r['low']:.1f}-{r['high']:.1f}] n={r['count']} "
                f"c={r['mean_confidence']:.2f} a={r['accuracy']:.2f}"
                for r in f.reliability
            )
            lines.append(f"  {f.name}: {cells}")
    return "\n".join(lines)
