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
    # optional letters, classes and alternations after the anchor (starts), rare literals
    # later on (gates)
    r"\bi (?:saw|reviewed|met) (?:him|her)\b|ha?ematolog\w*|\bt ?& ?o\b|\ba ?& ?e\b",
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
    "i saw ",
    "i met her",
    "him",
    "haematology",
    "hematolog",
    "t&o",
    "t & o",
    "a&e",
    "&",
]


@pytest.mark.parametrize("pattern", PATTERNS)
@settings(max_examples=150, deadline=None)
@given(text=st.lists(st.sampled_from(PIECES), max_size=30).map("".join))
def test_same_matches_as_re(pattern: str, text: str) -> None:
    plain = [m.span() for m in re.compile(pattern, re.MULTILINE).finditer(text)]
    fast = FastPattern(pattern, re.MULTILINE)
    assert [m.span() for m in fast.finditer(text)] == plain
    assert [m.span() for m in fast.finditer(text, anchor_hits(text))] == plain
    first = fast.first(text, anchor_hits(text))
    assert (first.span() if first else None) == (plain[0] if plain else None)


@settings(max_examples=150, deadline=None)
@given(text=st.lists(st.sampled_from(PIECES), max_size=30).map("".join))
def test_pattern_index_names_every_pattern_that_may_match(text: str) -> None:
    patterns = [FastPattern(pattern, re.MULTILINE) for pattern in PATTERNS]
    index = PatternIndex(patterns)
    hits = anchor_hits(text)
    live = index.live(hits)
    assert live == index.live(hits)  # remembered for the same hits
    assert index.live(None) == tuple(range(len(patterns)))
    assert list(live) == sorted(set(live))
    for i, pattern in enumerate(patterns):
        if pattern.may_match(hits):
            assert i in live
        else:  # a pattern left out cannot match
            assert not re.search(pattern.pattern, text, re.MULTILINE)


def test_live_branches_follow_the_hits_object() -> None:
    fast = FastPattern(r"\bent\b|ear,? nose")
    assert [m.span() for m in fast.finditer("ent ear nose", frozenset({"ent"}))] == [(0, 3)]
    # a new hits object is not confused with the last one
    hits = frozenset({"ear", "ear nose", " nose"})
    assert [m.span() for m in fast.finditer("ent ear nose", hits)] == [(4, 12)]
    assert fast.search("ear nose", frozenset()) is None


@pytest.mark.parametrize("pattern", PATTERNS)
@settings(max_examples=150, deadline=None)
@given(
    text=st.lists(st.sampled_from(PIECES), max_size=20).map("".join),
    more=st.lists(st.sampled_from(PIECES), max_size=10).map("".join),
)
def test_gates_are_the_searched_texts_literals(pattern: str, text: str, more: str) -> None:
    """Anchors from a longer text, gates from the text searched: still exactly re's matches."""
    plain = [m.span() for m in re.compile(pattern, re.MULTILINE).finditer(text)]
    fast = FastPattern(pattern, re.MULTILINE)
    source = more + "\n" + text + "\n" + more
    found = fast.finditer(text, anchor_hits(source), anchor_hits(text))
    assert [m.span() for m in found] == plain


def test_starts_and_gates_of_a_branch() -> None:
    fast = FastPattern(r"\bi (?:saw|met) (?:him|her)?\b|ha?ematolog\w*|\bt ?& ?o\b")
    seen, haem, t_and_o = fast._branches
    assert seen.anchor == "i "
    assert seen.starts == {"i saw ", "i saw him", "i saw her", "i met ", "i met him", "i met her"}
    assert haem.anchor == "h" and haem.gates == {"ematolog"}
    assert haem.starts == {"haematolog", "hematolog"}
    assert t_and_o.gates == {"&"}
    # a letter without "&" does not try the branch at all
    assert t_and_o not in fast.live(anchor_hits("t o and i saw him"))
    assert [m.group(0) for m in fast.finditer("i saw him; t&o", anchor_hits("i saw him; t&o"))] == [
        "i saw him",
        "t&o",
    ]


def test_first_is_the_leftmost_then_longest_of_all_branches() -> None:
    fast = FastPattern(r"\bab\b|abc|xabcd|abcd")
    assert fast.first("xabcd abc").group(0) == "xabcd"
    assert fast.first("zabcd ab").group(0) == "abcd"  # same start as "abc": the longer
    assert fast.first("ab abcd").group(0) == "ab"
    assert fast.first("zzz") is None


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
