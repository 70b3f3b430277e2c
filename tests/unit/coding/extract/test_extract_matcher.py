"""The phrase matcher: the two-token prefix index finds what trying every length finds."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pars.coding.extract.matcher import (
    _COMMON_WORDS,
    PhraseIndex,
    Tokens,
    normalise_token,
)


def _reference_find(index: PhraseIndex, text: str) -> list[tuple]:
    """The plain algorithm: at each token, every phrase length of its first token, longest first."""
    toks = Tokens(text)
    lengths_of: dict[str, list[int]] = {}
    for key, terms in index._phrases.items():
        if terms:
            lengths_of.setdefault(key[0], []).append(len(key))
    keep = [k for k, norm in enumerate(toks.norms) if norm not in index.ignored]
    norms = [toks.norms[k] for k in keep]
    found = []
    free = 0
    for i, norm in enumerate(norms):
        if i < free or norm not in lengths_of:
            continue
        for length in sorted(set(lengths_of[norm]), reverse=True):
            terms = (
                index._phrases.get(tuple(norms[i : i + length]))
                if i + length <= len(norms)
                else None
            )
            matched = False
            for term in terms or ():
                raws = [toks.raws[keep[i + k]] for k in range(length)]
                if all(
                    c is None
                    or c == raw
                    or (
                        toks.lower_case_prose
                        and len(c) >= 3
                        and raw == c.lower()
                        and raw not in _COMMON_WORDS
                    )
                    for c, raw in zip(term.cased, raws, strict=True)
                ):
                    span = (toks.span(keep[i])[0], toks.span(keep[i + length - 1])[1])
                    found.append((term.code, span, keep[i]))
                    matched = True
            if matched:
                free = i + length
                break
    return found


@pytest.fixture(scope="module")
def index() -> PhraseIndex:
    index = PhraseIndex()
    for phrase, code in [
        ("chest pain", "R07.4"),
        ("pain", "R52"),
        ("chest pain on exertion", "I20.9"),
        ("atrial fibrillation", "I48"),
        ("AF", "I48"),
        ("left knee osteoarthritis", "M17.1"),
        ("osteoarthritis", "M19.9"),
        ("osteoarthritis of hip", "M16.1"),
        ("total knee replacement", "W40.1"),
        ("knee replacement", "W42.1"),
        ("COPD", "J44.9"),
    ]:
        index.add(phrase, code, "opcs4" if code.startswith("W") else "icd10", "curated")
    return index


_WORDS = [
    "chest", "pain", "on", "exertion", "atrial", "fibrillation", "AF", "af", "left", "knee",
    "osteoarthritis", "of", "hip", "hips", "total", "replacement", "COPD", "copd", "the",
    ".", ",", "\n\n", "Osteoarthritis", "knees", "Pain", "seen",
]  # fmt: skip


@settings(max_examples=300)
@given(st.lists(st.sampled_from(_WORDS), max_size=25).map(" ".join))
def test_prefix_index_finds_what_every_length_finds(index: PhraseIndex, text: str) -> None:
    assert [(m.term.code, (m.start, m.end), m.token_index) for m in index.find(text)] == (
        _reference_find(index, text)
    )


def test_longest_phrase_wins_and_spans_point_into_the_text(index: PhraseIndex) -> None:
    text = "Chest pain on exertion, and osteoarthritis of the left hip."
    found = index.find(text)
    assert [m.term.code for m in found] == ["I20.9", "M16.1"]
    assert [text[m.start : m.end] for m in found] == [
        "Chest pain on exertion",
        "osteoarthritis of the left hip",
    ]


def test_copied_index_is_independent(index: PhraseIndex) -> None:
    other = index.copy()
    other.add("knee pain", "M25.56", "icd10", "curated")
    assert "knee pain" in other
    assert "knee pain" not in index
    assert [m.term.code for m in index.find("knee pain")] == ["R52"]
    assert [m.term.code for m in other.find("knee pain")] == ["M25.56"]


def test_normalise_token_is_cached_and_stable() -> None:
    assert normalise_token("Haemorrhages") == normalise_token("hemorrhage") == "haemorrhage"
    assert normalise_token("patient's") == "patient"
    assert normalise_token(";") == "|"


_TOKEN_PIECES = [
    "St", "st", "Dr", "dR", "Mr", "Mrs", "mrs", "Ms", "MS", "Sm", "A", "E", "a", "&", "+", ".",
    " ", "\n", "\t", "-", " - ", "'s", "\u2019t", "'", "12", "x", "\u00e9", ";", "Clinic:",
    "\n\n", "\n- ", "\n1. ", "(", ")", "Ms. ", "ms.\n", "MRS. ", "Mr.", "St.\t", "dr. ", "Sr. ",
    "a&e", "A&E", "b&Bx", "L&D ", "x&", "&y", "1&2", "Stx", "Mrsa", "knee", "OA", "q.",
    "\u2019", "e.g.", "a1c",
]  # fmt: skip


@settings(max_examples=500)
@given(st.lists(st.sampled_from(_TOKEN_PIECES), max_size=30).map("".join))
def test_token_pattern_splits_as_the_plain_pattern(text: str) -> None:
    from pars.coding.extract.matcher import _PLAIN_TOKEN_RE, _TOKEN_RE

    assert _TOKEN_RE.findall(text) == _PLAIN_TOKEN_RE.findall(text)


def test_lower_case_abbreviations_match_only_in_lower_case_prose(index: PhraseIndex) -> None:
    dictated = "seen today. copd is stable. plan review."
    typed = "Seen today. Known copd. Plan review."
    assert [m.term.code for m in index.find(dictated)] == ["J44.9"]
    assert [m.term.code for m in index.find(typed)] == []
    assert Tokens(dictated).lower_case_prose and not Tokens(typed).lower_case_prose
