"""FastVectorizer's tokens must be exactly those of the trained vectoriser's settings."""

from __future__ import annotations

import re
from types import SimpleNamespace

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from pars.coding.classify.model import FastVectorizer, preprocess, vectorizer_params

PIECES = [
    *"abz -'&_\n.,/",
    "é",
    "ß",
    "\u0130",  # lower-cases to two characters
    "\u0663",  # a non-ASCII decimal digit
    "1",
    "42",
    "2ww",
    "b12",
    "t&o",
    "a&e",
    "don't",
    "follow-up",
    "Urgent",
    "x-ray",
    "-",
    "'s",
]


def _fast(pattern: str) -> FastVectorizer:
    stub = SimpleNamespace(
        vocabulary_={}, idf_=np.zeros(0), token_pattern=pattern, ngram_range=(1, 2)
    )
    return FastVectorizer(stub)


@settings(max_examples=400, deadline=None)
@given(text=st.lists(st.sampled_from(PIECES), max_size=40).map("".join))
def test_tokens_are_the_token_patterns_matches_after_preprocess(text: str) -> None:
    pattern = vectorizer_params()["token_pattern"]
    expected = re.findall(pattern, preprocess(text))
    assert _fast(pattern).tokens(text) == expected


def test_another_token_pattern_takes_the_plain_path() -> None:
    fast = _fast(r"(?u)\b\w\w+\b")
    assert fast.tokens("Seen 2 weeks ago, t22b") == ["seen", "weeks", "ago"]
