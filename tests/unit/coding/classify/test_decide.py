"""decide() skips work (cached class lists, only voted classes touched): it must give
exactly what the straightforward version gives, float for float."""

from __future__ import annotations

import math

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from pars.coding.classify.predict import _DEFAULT_PRIOR, _SMOOTHING, ENUMS, decide
from pars.coding.classify.rules import Votes


def _reference(field_name, votes, model_classes, model_log_proba, model_weight, extra):
    ordered: dict[str, None] = dict.fromkeys(ENUMS.get(field_name, ()))
    for source in (model_classes or (), votes.scores, extra or {}):
        ordered.update(dict.fromkeys(source))
    candidates = list(ordered)
    if not candidates:
        return None, 0.0, {}
    scores = [0.0] * len(candidates)
    if model_classes is not None and model_log_proba is not None and model_weight > 0:
        k = len(candidates)
        probs = dict(zip(model_classes, np.exp(model_log_proba).tolist(), strict=True))
        for i, name in enumerate(candidates):
            p = probs.get(name, 0.0)
            scores[i] += model_weight * math.log((1 - _SMOOTHING) * p + _SMOOTHING / k)
    prior = _DEFAULT_PRIOR.get(field_name, {})
    extra = extra or {}
    for i, name in enumerate(candidates):
        scores[i] += votes.scores.get(name, 0.0) + extra.get(name, 0.0) + prior.get(name, 0.0)
    top = max(scores)
    shares = [math.exp(score - top) for score in scores]
    total = sum(shares)
    shares = [share / total for share in shares]
    best = max(range(len(shares)), key=shares.__getitem__)
    return candidates[best], shares[best], dict(zip(candidates, shares, strict=True))


CLASSES = ["outgoing", "incoming", "routine", "urgent", "101", "110", "320", "other"]
weights = st.floats(min_value=-3, max_value=6, allow_nan=False)


@settings(max_examples=300, deadline=None)
@given(
    field_name=st.sampled_from(["direction", "urgency", "specialty_tfc", "document_type"]),
    model_classes=st.none() | st.lists(st.sampled_from(CLASSES), min_size=1, max_size=6),
    voted=st.dictionaries(st.sampled_from(CLASSES), weights, max_size=4),
    extra=st.none() | st.dictionaries(st.sampled_from(CLASSES), weights, max_size=3),
    model_weight=st.sampled_from([0.0, 0.6, 1.0, 2.5]),
    seed=st.integers(0, 1000),
)
def test_decide_matches_the_reference(
    field_name, model_classes, voted, extra, model_weight, seed
) -> None:
    votes = Votes()
    for name, weight in voted.items():
        votes.add(name, weight, "why")
    log_proba = None
    if model_classes is not None:
        raw = np.random.default_rng(seed).normal(size=len(model_classes))
        log_proba = raw - np.log(np.exp(raw).sum())
    args = (field_name, votes, model_classes, log_proba, model_weight, extra)
    assert decide(*args) == _reference(*args)


def _model(widths: dict[str, int]):
    from pars.coding.classify.model import ClassifierModel, LinearHead

    heads = {
        name: LinearHead(
            classes=[f"{name}{i}" for i in range(width)],
            coef=np.zeros((width, 3), dtype=np.float32),
            intercept=np.zeros(width, dtype=np.float32),
        )
        for name, width in widths.items()
    }
    return ClassifierModel(version="test", vectorizer=None, heads=heads)


@settings(max_examples=200, deadline=None)
@given(
    seed=st.integers(0, 10_000),
    scale=st.sampled_from([0.01, 1.0, 30.0, 700.0]),
    one_class=st.booleans(),
)
def test_all_fields_log_softmax_at_once_gives_each_fields_floats(seed, scale, one_class) -> None:
    from pars.coding.classify.predict import _log_softmax, _log_softmaxes, _stacked

    widths = {"document_type": 5, "direction": 2, "specialty_tfc": 31, "outcome": 7}
    if one_class:
        widths["urgency"] = 1  # not tiled: each field on its own
    stacked = _stacked(_model(widths))
    assert stacked.tiled is not one_class
    scores = np.random.default_rng(seed).normal(scale=scale, size=len(stacked.intercept))
    found = _log_softmaxes(scores, stacked)
    for name, start, end, single in stacked.spans:
        if not single:
            assert found[name].tobytes() == _log_softmax(scores[start:end]).tobytes()
