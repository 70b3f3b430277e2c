"""FastPattern must find exactly what the plain regular expression finds."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pars.coding.classify.fastre import FastPattern, PatternIndex, anchor_hits

PATTERNS = [
    r"(?<!your )(?<!the )\breferral (?:letter|to|for)\b|^re:? referral|\bi am referring",
    r"(?:i|we) (?:have|will) (?:arranged?|requested?) (?:an? |some )?(?:\w+ ){0,3}(?:scan|mri)",
    r"(?:oral and )?maxillo-?\s?facial|\bmax ?fax\b|\bomfs\b",
    r"\bent\b|ear,? nose,? (?:and|&) throat",
    r"two[- ]week[- ]wait|\b2[- ]?ww\b|suspected (?:\w+ )?cancer",
]
PIECES = [
    *"abcdefghilmnoprstuvwxyz 2-&,\n",
    "referral ",
    "re: ",
    "i am referring",
    "letter",
    "ent ",
    "the ",
    "your ",
    "ear nose and throat",
    "2ww",
    "two week wait",
    "suspected ",
    "cancer ",
    "we have arranged an mri",
    "maxillofacial ",
    "max fax",
]


@pytest.mark.parametrize("pattern", PATTERNS)
@settings(max_examples=150, deadline=None)
@given(text=st.lists(st.sampled_from(PIECES), max_size=30).map("".join))
def test_same_matches_as_re(pattern: str, text: str) -> None:
    plain = [m.span() for m in re.compile(pattern, re.MULTILINE).finditer(text)]
    fast = FastPattern(pattern, re.MULTILINE)
    assert [m.span() for m in fast.finditer(text)] == plain
    assert [m.span() for m in fast.finditer(text, anchor_hits(text))] == plain


@settings(max_examples=150, deadline=None)
@given(text=st.lists(st.sampled_from(PIECES), max_size=30).map("".join))
def test_pattern_index_names_exactly_the_patterns_that_may_match(text: str) -> None:
    patterns = [FastPattern(pattern, re.MULTILINE) for pattern in PATTERNS]
    index = PatternIndex(patterns)
    hits = anchor_hits(text)
    expected = tuple(i for i, pattern in enumerate(patterns) if pattern.may_match(hits))
    assert index.live(hits) == expected
    assert index.live(hits) == expected  # remembered for the same hits
    assert index.live(None) == tuple(range(len(patterns)))
    # a pattern that cannot match finds nothing; one that can finds what re finds
    for i, pattern in enumerate(patterns):
        if i not in expected:
            assert not re.search(pattern.pattern, text, re.MULTILINE)


def test_live_branches_follow_the_hits_object() -> None:
    fast = FastPattern(r"\bent\b|ear,? nose")
    assert [m.span() for m in fast.finditer("ent ear nose", frozenset({"ent"}))] == [(0, 3)]
    # a new hits object is not confused with the last one
    assert [m.span() for m in fast.finditer("ent ear nose", frozenset({"ear"}))] == [(4, 12)]
    assert fast.search("ear nose", frozenset()) is None


def test_search_and_expansion() -> None:
    fast = FastPattern(r"(?:a|b)?c(?:d|e)")
    assert fast.search("xx bce").span() == (3, 6)
    assert fast.search("xyz") is None


@settings(max_examples=200, deadline=None)
@given(
    text=st.lists(
        st.sampled_from([*PIECES, "é", "✓", "\u00e1\u00f2", "ürolog", "ura", "\u0101"]), max_size=30
    ).map("".join)
)
def test_anchor_hits_are_exactly_the_registered_anchors_in_the_text(text: str) -> None:
    from pars.coding.classify import fastre

    for pattern in PATTERNS:
        FastPattern(pattern, re.MULTILINE)  # registers its anchors
    expected = frozenset(anchor for anchor in fastre._ALL_ANCHORS if anchor in text)
    assert anchor_hits(text) == expected
