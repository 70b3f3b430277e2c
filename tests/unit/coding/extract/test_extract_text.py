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
