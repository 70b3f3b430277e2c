"""The learned part of the classifiers: one TF-IDF vocabulary, one linear head per field.

Stored as a single compressed ``.npz`` of plain arrays plus a JSON header
(no pickle, so loading a model file cannot run code): the vocabulary and IDF
weights, each field's classes, coefficients (float16) and intercepts, the
per-field calibration curves and auto-accept thresholds, the rule/model mix
weights, a version string and a summary of the training data. Vectorising is
done once per batch and shared by every field.
"""

from __future__ import annotations

import json
import logging
import re
import time
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import chain, islice, repeat
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from pars.coding.classify.calibration import Calibrator

log = logging.getLogger(__name__)

MODEL_FILE_NAME = "classifier.npz"
FORMAT_VERSION = 1
PACKAGE_MODEL = Path(__file__).resolve().parent.parent / "models" / MODEL_FILE_NAME

_NUMBERS = re.compile(r"\d+")


def preprocess(text: str) -> str:
    """What the vectoriser sees: lower case, numbers folded to one token class."""
    return _NUMBERS.sub(" 0 ", text.lower())


_TOKEN_PATTERN = r"(?u)\b[a-z][a-z&'\-]+\b"
# The same tokens as _TOKEN_PATTERN finds in ``preprocess(text)``, found in ``text.lower()``:
# a digit (which preprocess turns into " 0 ") counts as a non-word character on either
# side. It starts with a character class, so re skips to candidate letters at C speed
# instead of trying a word boundary at every position (~65 -> ~40 us a letter).
_TOKENS_OF_LOWERED = re.compile(
    r"[a-z](?<![^\W\d].)[a-z&'\-]+(?:(?<=[a-z])(?![^\W\d])|(?<![a-z])(?=[^\W\d]))"
)


def vectorizer_params() -> dict:
    """Word uni+bigrams, letters only: robust to layout, cheap to compute per letter."""
    return {
        "ngram_range": (1, 2),
        "sublinear_tf": True,
        "min_df": 3,
        "max_df": 0.9,
        "max_features": 30000,
        "token_pattern": _TOKEN_PATTERN,
        "dtype": np.float32,
    }


class FastVectorizer:
    """The TF-IDF transform of one letter without scipy/sklearn overhead (same numbers).

    Reproduces ``TfidfVectorizer.transform`` for our settings (token pattern,
    word 1-2 grams, sublinear tf, idf, L2 norm) on one text and returns the
    row as (feature indices, values): one letter costs a dict look-up per
    token instead of sklearn's per-call validation, which dominated the
    per-letter time the engine sees.
    """

    def __init__(self, vectorizer: TfidfVectorizer) -> None:
        self.vocabulary: dict[str, int] = dict(vectorizer.vocabulary_)
        self.idf = np.asarray(vectorizer.idf_, dtype=np.float64)
        self.token = re.compile(vectorizer.token_pattern)
        self.ngram_range = tuple(vectorizer.ngram_range)
        self._lowered = vectorizer.token_pattern == _TOKEN_PATTERN
        # For word 1-2 grams: the vocabulary split into words and word pairs, so only the
        # pairs in it are counted (no joined string for every pair of a letter).
        self._split: tuple[dict[str, int], dict[tuple[str, str], int]] | None = None
        if self.ngram_range == (1, 2):
            words: dict[str, int] = {}
            pairs: dict[tuple[str, str], int] = {}
            for term, index in self.vocabulary.items():
                parts = term.split(" ")
                if len(parts) == 1:
                    words[term] = index
                elif len(parts) == 2:
                    pairs[parts[0], parts[1]] = index
            if len(words) + len(pairs) == len(self.vocabulary):
                self._split = (words, pairs)
        self._coded = _CodedVocabulary(*self._split) if self._split is not None else None

    def tokens(self, text: str) -> list[str]:
        """The vectoriser's tokens of ``text`` (after ``preprocess``)."""
        if self._lowered:
            return _TOKENS_OF_LOWERED.findall(text.lower())
        return self.token.findall(preprocess(text))

    def _known_counts(self, tokens: list[str]) -> tuple[list[int], list[int]]:
        """(feature index, count) of every vocabulary n-gram among ``tokens``, any order."""
        if self._split is not None:
            words, pairs = self._split
            # count at C speed (filter, Counter), only what the vocabulary holds
            word_counts = Counter(filter(words.__contains__, tokens))
            pair_counts = Counter(
                filter(pairs.__contains__, zip(tokens, islice(tokens, 1, None), strict=False))
            )
            return (
                [*map(words.__getitem__, word_counts), *map(pairs.__getitem__, pair_counts)],
                [*word_counts.values(), *pair_counts.values()],
            )
        vocabulary = self.vocabulary
        low, high = self.ngram_range
        grams: Counter[str] = Counter()
        for n in range(low, high + 1):
            if n == 1:
                grams.update(tokens)
            else:
                grams.update(map(" ".join, zip(*(tokens[i:] for i in range(n)), strict=False)))
        known = grams.keys() & vocabulary.keys()  # a C-speed set intersection
        return [vocabulary[gram] for gram in known], [grams[gram] for gram in known]

    def row(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        if self._coded is not None:
            indices, counts = self._coded.counts(self.tokens(text))
            if not indices.size:
                return np.zeros(0, dtype=np.int64), np.zeros(0)
            values = 1.0 + np.log(counts.astype(np.float64))
        else:
            found, plain_counts = self._known_counts(self.tokens(text))
            if not found:
                return np.zeros(0, dtype=np.int64), np.zeros(0)
            indices = np.array(found, dtype=np.int64)
            order = np.argsort(indices)  # by feature index: a deterministic order (unique)
            indices = indices[order]
            values = 1.0 + np.log(np.array(plain_counts, dtype=np.float64)[order])
        values *= self.idf[indices]
        norm = float(np.sqrt(values @ values))
        if norm > 0:
            values /= norm
        return indices, values


class _CodedVocabulary:
    """Word 1-2 gram counting in NumPy: each word a number, each word pair one integer.

    A letter's tokens become word numbers in one C-speed ``map``; its unigram
    and pair features are then looked up and counted by array operations
    (``searchsorted``, ``unique``) instead of a tuple and a hash per pair, and
    come out sorted by feature index, the order ``row`` needs (~50 -> ~20 us a
    letter; the same counts as ``FastVectorizer._known_counts``).
    """

    __slots__ = ("_number", "_pair_features", "_pair_keys", "_width", "_word_features")

    def __init__(self, words: dict[str, int], pairs: dict[tuple[str, str], int]) -> None:
        number: dict[str, int] = {}
        for word in chain(words, chain.from_iterable(pairs)):
            number.setdefault(word, len(number))
        self._number = number
        self._width = max(len(number), 1)
        word_features = np.full(len(number) + 1, -1, dtype=np.int64)  # last: not a word
        for word, index in words.items():
            word_features[number[word]] = index
        self._word_features = word_features
        keys = np.array(
            [number[first] * self._width + number[second] for first, second in pairs],
            dtype=np.int64,
        )
        order = np.argsort(keys)
        self._pair_keys = keys[order]
        self._pair_features = np.array(list(pairs.values()), dtype=np.int64)[order]

    def counts(self, tokens: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """(feature indices ascending, their counts) of the known n-grams of ``tokens``."""
        unknown = len(self._number)
        numbers = np.fromiter(
            map(self._number.get, tokens, repeat(unknown)), dtype=np.int64, count=len(tokens)
        )
        features = self._word_features[numbers]
        found = [features[features >= 0]]
        if numbers.size > 1 and self._pair_keys.size:
            first, second = numbers[:-1], numbers[1:]
            keys = first * self._width + second
            keys = keys[(first != unknown) & (second != unknown)]
            at = np.searchsorted(self._pair_keys, keys)
            at[at == self._pair_keys.size] = 0
            known = self._pair_keys[at] == keys
            found.append(self._pair_features[at[known]])
        # np.unique(..., return_counts=True), without its Python-level overhead (~10 us)
        ordered = np.sort(np.concatenate(found))
        if not ordered.size:
            return ordered, ordered
        new = np.empty(ordered.size, dtype=bool)
        new[0] = True
        np.not_equal(ordered[1:], ordered[:-1], out=new[1:])
        starts = np.flatnonzero(new)
        counts = np.empty_like(starts)
        np.subtract(starts[1:], starts[:-1], out=counts[:-1])
        counts[-1] = ordered.size - starts[-1]
        return ordered[starts], counts


@dataclass(slots=True)
class LinearHead:
    """A multinomial linear classifier for one field (classes x features)."""

    classes: list[str]
    coef: np.ndarray  # (n_classes, n_features) float32
    intercept: np.ndarray  # (n_classes,)

    _coef_t: np.ndarray | None = None

    def log_proba_row(self, indices: np.ndarray, values: np.ndarray) -> np.ndarray:
        """Log-probabilities for one letter given its TF-IDF row (see ``FastVectorizer``)."""
        if self._coef_t is None:
            self._coef_t = np.ascontiguousarray(self.coef.T, dtype=np.float64)
        scores = (
            values @ self._coef_t[indices] + self.intercept
            if indices.size
            else self.intercept.astype(np.float64)
        )
        if len(self.classes) == 1:
            return np.zeros(1)
        scores = scores - scores.max()
        return scores - np.log(np.exp(scores).sum())

    def log_proba(self, features) -> np.ndarray:
        scores = np.asarray(features @ self.coef.T) + self.intercept
        if len(self.classes) == 1:
            return np.zeros((scores.shape[0], 1), dtype=np.float64)
        scores = scores - scores.max(axis=1, keepdims=True)
        return scores - np.log(np.exp(scores).sum(axis=1, keepdims=True))


@dataclass(slots=True)
class ClassifierModel:
    """Everything ``predict_fields`` needs besides the rules; see module docstring."""

    version: str
    vectorizer: TfidfVectorizer | None
    heads: dict[str, LinearHead] = field(default_factory=dict)
    calibrators: dict[str, Calibrator] = field(default_factory=dict)
    model_weights: dict[str, float] = field(default_factory=dict)
    thresholds: dict[str, float] = field(default_factory=dict)
    summary: dict = field(default_factory=dict)
    source: str = "rules-only"
    _fast: FastVectorizer | None = None

    def rows(self, texts: list[str]) -> list[tuple[np.ndarray, np.ndarray]] | None:
        """TF-IDF rows of the texts (fast path used for prediction), or None without a model."""
        if self.vectorizer is None:
            return None
        if self._fast is None:
            self._fast = FastVectorizer(self.vectorizer)
        return [self._fast.row(text) for text in texts]

    def transform(self, texts: list[str]):
        if self.vectorizer is None:
            return None
        return self.vectorizer.transform([preprocess(text) for text in texts])

    def save(self, path: Path) -> Path:
        """Write the model as one ``.npz`` of plain arrays (loadable without pickle)."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        arrays: dict[str, np.ndarray] = {}
        header = {
            "format_version": FORMAT_VERSION,
            "version": self.version,
            "summary": self.summary,
            "model_weights": self.model_weights,
            "thresholds": self.thresholds,
            "heads": {},
            "calibrators": {},
            "vectorizer": None,
        }
        if self.vectorizer is not None:
            params = vectorizer_params()
            params.pop("dtype")
            vocabulary = sorted(self.vectorizer.vocabulary_, key=self.vectorizer.vocabulary_.get)
            header["vectorizer"] = {"params": params, "vocabulary": vocabulary}
            arrays["idf"] = self.vectorizer.idf_.astype(np.float32)
        for name, head in self.heads.items():
            header["heads"][name] = head.classes
            arrays[f"coef__{name}"] = head.coef.astype(np.float16)
            arrays[f"intercept__{name}"] = head.intercept.astype(np.float32)
        for name, calibrator in self.calibrators.items():
            header["calibrators"][name] = True
            arrays[f"calx__{name}"] = calibrator.x.astype(np.float64)
            arrays[f"caly__{name}"] = calibrator.y.astype(np.float64)
        arrays["header"] = np.frombuffer(json.dumps(header).encode("utf-8"), dtype=np.uint8)
        with path.open("wb") as handle:
            np.savez_compressed(handle, **arrays)
        return path

    @classmethod
    def load(cls, path: Path) -> ClassifierModel:
        """Read a model written by ``save`` (never unpickles anything)."""
        with np.load(Path(path), allow_pickle=False) as data:
            header = json.loads(bytes(data["header"]).decode("utf-8"))
            if header.get("format_version") != FORMAT_VERSION:
                raise ValueError(
                    f"unsupported classifier model format {header.get('format_version')!r}"
                )
            vectorizer = None
            if header["vectorizer"]:
                params = dict(header["vectorizer"]["params"])
                params["ngram_range"] = tuple(params["ngram_range"])
                vocabulary = {
                    term: index for index, term in enumerate(header["vectorizer"]["vocabulary"])
                }
                vectorizer = TfidfVectorizer(**params, vocabulary=vocabulary, dtype=np.float32)
                vectorizer.idf_ = data["idf"].astype(np.float64)
            heads = {
                name: LinearHead(
                    classes=list(classes),
                    coef=data[f"coef__{name}"].astype(np.float32),
                    intercept=data[f"intercept__{name}"].astype(np.float32),
                )
                for name, classes in header["heads"].items()
            }
            calibrators = {
                name: Calibrator(x=data[f"calx__{name}"], y=data[f"caly__{name}"])
                for name in header["calibrators"]
            }
        return cls(
            version=header["version"],
            vectorizer=vectorizer,
            heads=heads,
            calibrators=calibrators,
            model_weights={k: float(v) for k, v in header["model_weights"].items()},
            thresholds={k: float(v) for k, v in header["thresholds"].items()},
            summary=header.get("summary", {}),
            source=str(path),
        )


def rules_only_model() -> ClassifierModel:
    """The fallback when no model file exists: rules alone, uncalibrated confidences."""
    return ClassifierModel(version="rules-only", vectorizer=None)


def app_model_path() -> Path:
    """Where a model trained by the app (coder-confirmed codes) lives: PARS_DATA_DIR/models/."""
    from pars.config import data_dir

    return data_dir() / "models" / MODEL_FILE_NAME


def model_path() -> Path | None:
    """The model to use: PARS_CLASSIFIER_MODEL if set, else the app-trained one, else the shipped one."""
    from pars.config import env_str

    configured = env_str("PARS_CLASSIFIER_MODEL")
    if configured:
        return Path(configured).expanduser()
    for candidate in (app_model_path(), PACKAGE_MODEL):
        if candidate.is_file():
            return candidate
    return None


@lru_cache(maxsize=4)
def _load_cached(path_text: str, mtime: float) -> ClassifierModel:
    return ClassifierModel.load(Path(path_text))


_PATH_RECHECK_SECONDS = 30.0
_chosen_cache: dict[str, tuple[float, Path | None]] = {}


def _preferred_path() -> Path | None:
    """``model_path()`` re-checked at most every 30 s (a newly trained model is picked up)."""
    from pars.config import env_str

    key = f"{env_str('PARS_CLASSIFIER_MODEL')}|{env_str('PARS_DATA_DIR')}"
    now = time.monotonic()
    cached = _chosen_cache.get(key)
    if cached is None or now - cached[0] > _PATH_RECHECK_SECONDS:
        cached = (now, model_path())
        _chosen_cache[key] = cached
    return cached[1]


def load_model(path: Path | None = None) -> ClassifierModel:
    """Load (and cache) the given model, the preferred one, or fall back to rules only."""
    chosen = Path(path) if path is not None else _preferred_path()
    if chosen is None:
        return _rules_only_cached()
    return _load_cached(str(chosen), chosen.stat().st_mtime)


@lru_cache(maxsize=1)
def _rules_only_cached() -> ClassifierModel:
    log.warning("no classifier model found; using rules only")
    return rules_only_model()
