"""Categorical coding of letters (interface 5): type, direction, specialty, urgency, service, outcome.

``predict_fields(text, extracted, hints)`` returns one ``Extracted`` per field
(value None where the field does not apply: urgency only for referrals,
outcome only for incoming letters). Explicit rules carry the weight; a small
learned model (``pars train``) tips close calls; a per-field calibrator makes
``confidence`` mean "right this often", and the model's ``thresholds`` say
from which confidence a field may be auto-accepted. Pure Python: no Django.

Use ``predict_batch`` for many letters: it vectorises them in one go.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from pars.coding.classify.model import ClassifierModel, load_model
from pars.coding.classify.predict import FIELDS, collect_evidence, decode, model_log_probas
from pars.coding.types import Extracted

__all__ = [
    "FIELDS",
    "ClassifierModel",
    "auto_accept_thresholds",
    "load_model",
    "predict_batch",
    "predict_fields",
]


def predict_batch(
    texts: Sequence[str | None],
    extracted: Sequence[dict | None] | None = None,
    hints: Sequence[dict | None] | None = None,
    *,
    model: ClassifierModel | None = None,
) -> list[dict[str, Extracted]]:
    """Classify many letters at once (one vectorisation for the batch)."""
    model = model if model is not None else load_model()
    texts = [text or "" for text in texts]
    extracted = list(extracted) if extracted is not None else [None] * len(texts)
    hints = list(hints) if hints is not None else [None] * len(texts)
    results = []
    for text, fields, hint, log_probas in zip(
        texts, extracted, hints, model_log_probas(model, texts), strict=True
    ):
        decisions = decode(collect_evidence(text, fields, hint), model, log_probas)
        results.append(
            {
                name: Extracted(d.value, round(min(1.0, max(0.0, d.confidence)), 4), d.evidence)
                if d.value is not None
                else Extracted.none()
                for name, d in decisions.items()
            }
        )
    return results


def predict_fields(
    text: str | None, extracted: dict | None = None, hints: dict | None = None
) -> dict[str, Extracted]:
    """Interface 5: the categorical fields of one letter, each with a calibrated confidence."""
    return predict_batch([text], [extracted], [hints])[0]


def auto_accept_thresholds(model_file: Path | None = None) -> dict[str, float]:
    """Per field, the confidence from which a suggestion may be accepted without a coder."""
    return dict(load_model(model_file).thresholds)
