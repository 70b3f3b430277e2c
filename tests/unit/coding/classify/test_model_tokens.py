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


def _fitted() -> tuple[FastVectorizer, object]:
    from sklearn.feature_extraction.text import TfidfVectorizer

    params = vectorizer_params() | {"min_df": 1, "max_df": 1.0}
    docs = [
        "Thank you for your referral. I saw him in clinic today; follow-up in 6 weeks.",
        "Dear colleague, I would be grateful if you could see this lady urgently (2WW).",
        "Discharge summary: admitted via A&E, discharged home on 12/03. Follow-up: GP.",
        "Radiology report: x-ray of the left knee, no fracture. Reported by Dr Smith.",
    ]
    vectorizer = TfidfVectorizer(**params).fit([preprocess(doc) for doc in docs])
    return FastVectorizer(vectorizer), vectorizer


@settings(max_examples=150, deadline=None)
@given(
    text=st.lists(
        st.sampled_from(
            [*PIECES, "follow-up ", "i saw ", "him ", "in clinic ", "thank you ", "x-ray "]
        ),
        max_size=40,
    ).map("".join)
)
def test_row_counts_only_vocabulary_pairs_yet_matches_the_plain_count(text: str) -> None:
    fast, vectorizer = _fitted()
    assert fast._split is not None
    assert fast._coded is not None
    indices, values = fast.row(text)
    plain = FastVectorizer(vectorizer)
    plain._split = None  # count every n-gram, then keep the known ones
    plain._coded = None
    plain_indices, plain_values = plain.row(text)
    assert indices.tolist() == plain_indices.tolist()
    assert values.tobytes() == plain_values.tobytes()
    expected = vectorizer.transform([preprocess(text)]).toarray()[0]
    assert np.allclose(expected[indices], values, atol=1e-6)
    assert np.count_nonzero(expected) == len(indices)
