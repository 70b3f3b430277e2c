"""Combine rule votes and the learned model into one value and confidence per field.

For each field, every candidate class gets ``model_weight * log P_model(class)
+ sum(rule votes for class)`` (plus votes carried from fields decided before
it: a discharge summary is incoming and inpatient; a referral to radiology
is diagnostic). The softmax share of the winner is the raw score; the
field's calibrator turns it into a confidence that means "right this often"
on letters of styles the model never saw. Fields are decided in the order
document_type, direction, specialty_tfc, urgency, outcome, service_type.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from itertools import chain
from typing import NamedTuple

import numpy as np

from pars.coding.classify import rules, specialty
from pars.coding.classify.fastre import FastPattern
from pars.coding.classify.model import ClassifierModel
from pars.coding.classify.text import LetterText, prepare, snippet

DOCUMENT_TYPES = ("referral", "clinic_letter", "discharge_summary", "diagnostic_report", "other")
DIRECTIONS = ("outgoing", "incoming")
URGENCIES = ("two_week_wait", "urgent", "routine")
SERVICE_TYPES = ("outpatient", "diagnostic", "community", "internal", "inpatient", "emergency")
OUTCOMES = (
    "discharged",
    "follow_up",
    "listed_for_procedure",
    "investigations",
    "referred_on",
    "treated",
    "other",
)

FIELDS = ("document_type", "direction", "specialty_tfc", "urgency", "outcome", "service_type")
ENUMS: dict[str, tuple[str, ...]] = {
    "document_type": DOCUMENT_TYPES,
    "direction": DIRECTIONS,
    "urgency": URGENCIES,
    "service_type": SERVICE_TYPES,
    "outcome": OUTCOMES,
}
INCOMING_TYPES = {"clinic_letter", "discharge_summary", "diagnostic_report"}
DEFAULT_MODEL_WEIGHT = 1.0
_SMOOTHING = 0.05
# What to say when nothing at all points anywhere (small: any cue or the model wins).
_DEFAULT_PRIOR: dict[str, dict[str, float]] = {
    "document_type": {"other": 0.2},
    "urgency": {"routine": 0.3},
    "outcome": {"other": 0.2},
    "service_type": {"outpatient": 0.2},
}
_HINT_WEIGHT = 6.0

# TFCs whose service is delivered outside hospital outpatients (community/therapy).
_PRACTICE_LETTERHEAD = re.compile(
    r"\bsurgery\b|medical (?:centre|center|practice)|health (?:centre|center)|family practice|group practice"
)
_HOSPITAL_LETTERHEAD = re.compile(r"hospital|\btrust\b|department|\bdept\b|infirmary")

_ED_ATTENDANCE = FastPattern(
    r"mode of arrival|time of arrival|arrival (?:time|mode)|\btriage(?:d)? (?:category|time|at|by)|"
    r"(?:emergency department|\ba ?& ?e|\bed|accident and emergency|minor injur\w+ unit|urgent treatment centre) "
    r"(?:attendance|discharge letter|notification|record|summary)|"
    r"(?:attended|presented to|seen in) (?:the )?(?:emergency department|a ?& ?e\b|accident and emergency)"
)

_COMMUNITY_TFCS = {"650", "651", "652", "653", "654", "656", "710", "711", "715", "560"}
_DIAGNOSTIC_TFCS = {"812", "811", "840", "341", "304"}


@dataclass(slots=True)
class Evidence:
    """Everything about one letter that does not depend on other fields' decisions."""

    letter: LetterText
    votes: dict[str, rules.Votes]
    hints: dict = field(default_factory=dict)
    practice_letterhead: bool = False  # written on a GP practice's letterhead


@dataclass(slots=True)
class Decision:
    value: str | None
    raw: float  # uncalibrated winner share, 0..1
    confidence: float
    evidence: str | None


class _FieldVotes(dict):
    """Each field's rule votes. Urgency and outcome are counted when first asked for:
    ``decode`` needs them only for referrals and incoming letters (about half each)."""

    __slots__ = ("_letter",)
    _LATER = {"urgency": rules.urgency_votes, "outcome": rules.outcome_votes}

    def __init__(self, letter: LetterText, votes: dict[str, rules.Votes]) -> None:
        super().__init__(votes)
        self._letter = letter

    def __missing__(self, name: str) -> rules.Votes:
        family = self._LATER.get(name)
        if family is None:
            raise KeyError(name)
        votes = self[name] = family(self._letter)
        return votes


def collect_evidence(text: str | None, extracted: dict | None, hints: dict | None) -> Evidence:
    """Run every rule family once over the letter (urgency and outcome when needed)."""
    letter = prepare(text)
    votes = _FieldVotes(
        letter,
        {
            "document_type": rules.document_type_votes(letter),
            "direction": rules.direction_votes(letter),
            "service_type": rules.service_type_votes(letter),
        },
    )
    tfc_votes = rules.Votes()
    for vote in specialty.service_votes(letter):
        tfc_votes.add(vote.tfc, vote.weight, vote.evidence)
    diagnoses = _value(extracted, "diagnoses")
    procedures = _value(extracted, "procedures")
    ed_cue = _ED_ATTENDANCE.search(letter.text, letter.hits)
    if ed_cue is not None:
        # An emergency department attendance is coded to A&E (180) unless a service admitted.
        tfc_votes.add("180", 1.5, snippet(letter.text, *ed_cue.span()))
    named = max(tfc_votes.scores.values(), default=0.0)
    # Diagnosis/procedure priors speak when no service is named; a named one outranks them.
    clinical_scale = 0.8 if named < 2.0 else 0.25
    for vote in specialty.clinical_votes(diagnoses, procedures):
        tfc_votes.add(vote.tfc, clinical_scale * vote.weight, vote.evidence)
    votes["specialty_tfc"] = tfc_votes
    top = "\n".join(letter.letterhead.split("\n")[:2])
    practice_voice = bool(_PRACTICE_LETTERHEAD.search(top)) and not _HOSPITAL_LETTERHEAD.search(top)
    return Evidence(
        letter=letter, votes=votes, hints=dict(hints or {}), practice_letterhead=practice_voice
    )


def _value(extracted: dict | None, key: str):
    if not extracted or key not in extracted:
        return None
    item = extracted[key]
    return getattr(item, "value", item)


_Base = tuple[list[str], dict[str, int], list[int]]
_BASES: dict[tuple[str, int], tuple[list[str] | None, _Base]] = {}


def _base(field_name: str, model_classes: list[str] | None) -> _Base:
    """The field's classes then the model's, in order and once each, with each one's
    index in ``model_classes`` (-1: not a model class); remembered per class list."""
    key = (field_name, id(model_classes))
    cached = _BASES.get(key)
    if cached is not None and cached[0] is model_classes:
        return cached[1]
    names = list(dict.fromkeys(chain(ENUMS.get(field_name, ()), model_classes or ())))
    # the last of repeated model classes, as a dict built from them would keep
    in_model = dict(zip(model_classes or (), range(len(model_classes or ())), strict=True))
    base = (names, {name: i for i, name in enumerate(names)}, [in_model.get(n, -1) for n in names])
    if len(_BASES) > 64:
        _BASES.clear()
    _BASES[key] = (model_classes, base)
    return base


def decide(
    field_name: str,
    votes: rules.Votes,
    model_classes: list[str] | None,
    model_log_proba: np.ndarray | None,
    model_weight: float,
    extra: dict[str, float] | None = None,
) -> tuple[str | None, float, dict[str, float]]:
    """Pick the winning class; returns (value, raw share, class -> share)."""
    candidates, shares = _shares(
        field_name, votes, model_classes, model_log_proba, model_weight, extra
    )
    if not candidates:
        return None, 0.0, {}
    best = shares.index(max(shares))  # the first of equal shares
    return candidates[best], shares[best], dict(zip(candidates, shares, strict=True))


def _decide(
    field_name: str,
    votes: rules.Votes,
    model_classes: list[str] | None,
    model_log_proba: np.ndarray | None,
    model_weight: float,
    extra: dict[str, float] | None = None,
) -> tuple[str | None, float]:
    """``decide`` without the class -> share table (what ``decode`` needs)."""
    candidates, shares = _shares(
        field_name, votes, model_classes, model_log_proba, model_weight, extra
    )
    if not candidates:
        return None, 0.0
    best = shares.index(max(shares))  # the first of equal shares
    return candidates[best], shares[best]


def _shares(
    field_name: str,
    votes: rules.Votes,
    model_classes: list[str] | None,
    model_log_proba: np.ndarray | None,
    model_weight: float,
    extra: dict[str, float] | None,
) -> tuple[list[str], list[float]]:
    """Every candidate class (the field's, the model's, then any other voted for, each
    once) and its softmax share of model log-probability plus votes."""
    extra = extra or {}
    vote_scores = votes.scores
    names, position, in_model = _base(field_name, model_classes)
    added = [name for name in dict.fromkeys(chain(vote_scores, extra)) if name not in position]
    candidates = names + added if added else names
    if not candidates:
        return [], []
    if model_classes is not None and model_log_proba is not None and model_weight > 0:
        # per class: model_weight * log((1 - s) * p + s / k), p = 0 for a class the model
        # lacks; the same operations, in the same order, as adding each to 0.0 (never -0.0)
        probs = np.exp(model_log_proba).tolist()
        if len(probs) != len(model_classes):
            raise ValueError("the model's classes and log-probabilities differ in length")
        keep, spread, log = 1 - _SMOOTHING, _SMOOTHING / len(candidates), math.log
        scores = [
            model_weight * log(keep * (probs[j] if j >= 0 else 0.0) + spread) for j in in_model
        ]
        if added:
            scores.extend([model_weight * log(keep * 0.0 + spread)] * len(added))
    else:
        scores = [0.0] * len(candidates)
    prior = _DEFAULT_PRIOR.get(field_name, {})
    # only classes with a vote, an extra or a prior get a non-zero addition (+0.0 changes nothing)
    for name in dict.fromkeys(chain(vote_scores, extra, prior)):
        i = position.get(name)
        if i is None and name in added:
            i = len(names) + added.index(name)
        if i is not None:
            scores[i] += vote_scores.get(name, 0.0) + extra.get(name, 0.0) + prior.get(name, 0.0)
    top = max(scores)
    shares = [math.exp(score - top) for score in scores]
    total = sum(shares)
    return candidates, [share / total for share in shares]


def decode(
    evidence: Evidence,
    model: ClassifierModel,
    log_probas: dict[str, np.ndarray | None],
    weights: dict[str, float] | None = None,
    force: frozenset[str] = frozenset(),
) -> dict[str, Decision]:
    """Decide all fields for one letter, in dependency order (see module docstring).

    ``force`` names gated fields (urgency, outcome) to decide even when the
    letter's predicted type would leave them null; training uses it to
    calibrate them on the letters where the truth has a value.
    """
    weights = weights if weights is not None else model.model_weights
    decided: dict[str, Decision] = {}

    def run(name: str, extra: dict[str, float] | None = None) -> Decision:
        head = model.heads.get(name)
        hint = evidence.hints.get(name)
        votes = evidence.votes[name]
        extra = dict(extra or {})
        if hint:
            extra[str(hint)] = extra.get(str(hint), 0.0) + _HINT_WEIGHT
        value, raw = _decide(
            name,
            votes,
            head.classes if head else None,
            log_probas.get(name),
            weights.get(name, DEFAULT_MODEL_WEIGHT),
            extra,
        )
        calibrator = model.calibrators.get(name)
        confidence = float(calibrator(raw)) if calibrator is not None else raw
        why = votes.evidence.get(value) if value else None
        if why is None and hint and value == str(hint):
            why = "stated by the document format"
        decision = Decision(value, raw, confidence, why)
        decided[name] = decision
        return decision

    doc_type = run("document_type").value
    direction_extra: dict[str, float] = {}
    # By definition a clinic letter, discharge summary or report comes to the practice and a
    # referral goes out from it; the voice cues only decide when the type is in doubt.
    if doc_type in INCOMING_TYPES:
        direction_extra["incoming"] = 3.5
    elif doc_type == "referral":
        direction_extra["outgoing"] = 3.5
    direction = run("direction", direction_extra).value
    tfc = run("specialty_tfc").value
    if doc_type == "referral" or "urgency" in force:
        run("urgency")
    else:
        decided["urgency"] = Decision(None, 0.0, 0.0, None)
    if (direction == "incoming" and doc_type != "diagnostic_report") or "outcome" in force:
        outcome_extra = {"discharged": 1.0} if doc_type == "discharge_summary" else {}
        run("outcome", outcome_extra)
    else:
        decided["outcome"] = Decision(None, 0.0, 0.0, None)
    service_extra: dict[str, float] = {}
    if doc_type == "discharge_summary":
        service_extra["inpatient"] = 1.5
    elif doc_type == "diagnostic_report":
        service_extra["diagnostic"] = 2.0
    elif doc_type == "clinic_letter":
        service_extra["outpatient"] = 1.5
    elif doc_type == "referral":
        service_extra["outpatient"] = 0.5
    if evidence.practice_letterhead and doc_type != "referral":
        service_extra["internal"] = (
            service_extra.get("internal", 0.0) + 2.0
        )  # work done in the practice
    if tfc in _DIAGNOSTIC_TFCS:
        service_extra["diagnostic"] = service_extra.get("diagnostic", 0.0) + 2.0
    elif tfc in _COMMUNITY_TFCS:
        service_extra["community"] = service_extra.get("community", 0.0) + 1.0
    elif tfc == "180":
        service_extra["emergency"] = service_extra.get("emergency", 0.0) + 2.0
    run("service_type", service_extra)
    return decided


class _Stacked(NamedTuple):
    """Every field's coefficients side by side: one gather and one product per letter."""

    spans: list[tuple[str, int, int, bool]]  # field, first column, end column, one class only
    coef_t: np.ndarray  # features x all fields' classes
    intercept: np.ndarray
    starts: np.ndarray  # first column of each multi-class field (for np.maximum.reduceat)
    widths: np.ndarray  # its number of classes
    multi: list[tuple[str, int, int]]  # the multi-class fields' spans
    tiled: bool  # the multi-class fields' columns are all the columns (no one-class head)


_STACKED: dict[int, tuple[ClassifierModel, _Stacked]] = {}


def _stacked(model: ClassifierModel) -> _Stacked:
    cached = _STACKED.get(id(model))
    if cached is not None and cached[0] is model:
        return cached[1]
    spans: list[tuple[str, int, int, bool]] = []
    blocks = []
    intercepts = []
    offset = 0
    for name in FIELDS:
        head = model.heads.get(name)
        if head is None:
            continue
        width = head.coef.shape[0]
        spans.append((name, offset, offset + width, len(head.classes) == 1))
        blocks.append(np.asarray(head.coef, dtype=np.float64).T)
        intercepts.append(np.asarray(head.intercept, dtype=np.float64))
        offset += width
    coef_t = np.ascontiguousarray(np.hstack(blocks)) if blocks else np.zeros((0, 0))
    intercept = np.concatenate(intercepts) if intercepts else np.zeros(0)
    multi = [(name, start, end) for name, start, end, single in spans if not single]
    stacked = _Stacked(
        spans,
        coef_t,
        intercept,
        np.array([start for _, start, _ in multi], dtype=np.intp),
        np.array([end - start for _, start, end in multi], dtype=np.intp),
        multi,
        bool(multi) and len(multi) == len(spans),
    )
    _STACKED.clear()
    _STACKED[id(model)] = (model, stacked)
    return stacked


def _log_softmax(scores: np.ndarray) -> np.ndarray:
    scores = scores - scores.max()
    return scores - np.log(np.exp(scores).sum())


def _log_softmaxes(scores: np.ndarray, stacked: _Stacked) -> dict[str, np.ndarray]:
    """``_log_softmax`` of each multi-class field's slice of ``scores``, the same floats.

    The element-wise steps (shift, exp, subtract) run once over all fields;
    each field's sum and log stay separate calls, since a segmented sum
    (``np.add.reduceat``) adds in another order and a vector log may round
    differently from the scalar one.
    """
    multi = stacked.multi
    if not stacked.tiled:
        return {name: _log_softmax(scores[start:end]) for name, start, end in multi}
    shifted = scores - np.repeat(np.maximum.reduceat(scores, stacked.starts), stacked.widths)
    exps = np.exp(shifted)
    logs = np.array([np.log(exps[start:end].sum()) for _, start, end in multi], dtype=np.float64)
    out = shifted - np.repeat(logs, stacked.widths)
    return {name: out[start:end] for name, start, end in multi}


def model_log_probas(
    model: ClassifierModel, texts: list[str]
) -> list[dict[str, np.ndarray | None]]:
    """Per letter, per field: the model's log-probabilities (each letter vectorised once)."""
    rows = model.rows(texts)
    if rows is None:
        return [dict.fromkeys(FIELDS) for _ in texts]
    stacked = _stacked(model)
    coef_t, intercept = stacked.coef_t, stacked.intercept
    out = []
    for indices, values in rows:
        scores = values @ coef_t[indices] + intercept if indices.size else intercept
        probas: dict[str, np.ndarray | None] = dict.fromkeys(FIELDS)
        multi = _log_softmaxes(scores, stacked)
        for name, _, _, single in stacked.spans:
            probas[name] = np.zeros(1) if single else multi[name]
        out.append(probas)
    return out
