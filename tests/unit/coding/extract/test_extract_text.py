"""Small text helpers: squash collapses exactly what ``\\s+`` collapses."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from pars.coding.extract.text import snippet, squash

_SPACES = [
    " ",
    "\t",
    "\n",
    "\r",
    "\x0b",
    "\x0c",
    "\x1c",
    "\x1f",
    "\x85",
    "\xa0",
    "\u2028",
    "\u3000",
]


@given(st.lists(st.sampled_from([*_SPACES, "a", "Bc", "\u200b", "-", "\ufeff"]), max_size=20))
def test_squash_is_the_regex_collapse(pieces: list[str]) -> None:
    text = "".join(pieces)
    assert squash(text) == re.sub(r"\s+", " ", text).strip()


def test_snippet_is_short_and_squashed() -> None:
    text = "Dear  Dr\tSmith,\n\nThank you for seeing Mrs Jane Doe " + "x" * 300
    out = snippet(text, 27, 40)
    assert out.startswith("Dear Dr Smith, Thank you")
    assert len(out) <= 120


_CASE_PIECES = ["Was", " ", "EXCLUDED", "excluded", "Not", " seen", "\n", ".", "k", "K", "ss", "x"]


@given(st.lists(st.sampled_from(_CASE_PIECES), max_size=12).map("".join))
def test_any_case_pattern_finds_the_same_spans_on_lower_cased_ascii(text: str) -> None:
    from pars.coding.extract.text import AnyCase

    pattern = AnyCase(r"\b(?:was\s+excluded|not\s+seen|kss)\b")
    expected = pattern.caseless.search(text)
    found = pattern.search(text, text.lower())
    assert (found.span() if found else None) == (expected.span() if expected else None)
    assert bool(pattern.match(text, text.lower())) == bool(pattern.caseless.match(text))


def test_any_case_pattern_must_be_written_in_lower_case() -> None:
    import pytest

    from pars.coding.extract.text import AnyCase

    with pytest.raises(ValueError, match="lower case"):
        AnyCase(r"\bNHS\b")
    found = AnyCase(r"\S+\s(?P<Name>x)").search("A X")  # escapes and group names are fine
    assert found is not None and found.group("Name") == "X"
