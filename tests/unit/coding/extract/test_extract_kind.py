"""The cue counter behind guess_kind counts exactly what ``cue in text`` counts."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from pars.coding.extract.kind import (
    _CLINIC_CUES,
    _DISCHARGE_CUES,
    _INTERNAL_CUES,
    _REFERRAL_CUES,
    _REPORT_CUES,
    CueCounter,
    _count,
    guess_kind,
)

_LISTS = (_REFERRAL_CUES, _DISCHARGE_CUES, _CLINIC_CUES, _REPORT_CUES, _INTERNAL_CUES)
_COUNTER = CueCounter(*_LISTS)
_PIECES = sorted({cue for cues in _LISTS for cue in cues}) + [" ", "\n", "x", "re", "dis"]


@given(st.lists(st.sampled_from(_PIECES), max_size=30).map("".join))
def test_one_pass_counts_what_each_substring_test_counts(text: str) -> None:
    assert _COUNTER.counts(text) == [_count(text, cues) for cues in _LISTS]


def test_a_cue_in_two_lists_or_twice_in_one_counts_in_each() -> None:
    counter = CueCounter(("clinic", "ward"), ("clinic", "clinic"), ("ward:",))
    assert counter.counts("the ward: clinic and clinic again") == [2, 2, 1]
    assert counter.counts("nothing here") == [0, 0, 0]


def test_guess_kind_reads_cues_and_hints() -> None:
    assert guess_kind("Discharge summary\nDate of admission: 1/1/2025", None) == (
        "discharge_summary",
        "incoming",
    )
    assert guess_kind("Thank you for seeing this lady", None) == ("referral", "outgoing")
    assert guess_kind("anything", {"document_type": "other", "direction": "incoming"}) == (
        "other",
        "incoming",
    )
