"""``normalise_text`` skips its passes with substring tests; it must equal the plain regex form."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from pars.coding.readers.base import normalise_text

_NEWLINES = re.compile(r"\r\n?|[\u2028\u2029\x85\x0b\x0c]")
_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_TRAILING_SPACE = re.compile(r"[ \t]+\n")
_MANY_BLANK_LINES = re.compile(r"\n{3,}")


def reference(text: str, limit: int | None = None) -> str:
    """Every pass applied unconditionally, as regexes."""
    text = _NEWLINES.sub("\n", text)
    text = _CONTROLS.sub("", text).replace("\ufeff", "")
    text = _TRAILING_SPACE.sub("\n", text)
    text = _MANY_BLANK_LINES.sub("\n\n", text).strip()
    return text[:limit] if limit is not None else text


_PIECES = st.sampled_from(
    [" ", "\t", "\n", "\r", "\r\n", "\x0c", "\x0b", "\x85", "\u2028", "\u2029", "\x00", "\x07",
     "\x7f", "\ufeff", "\u00a0", "a", "Dr", "NHS 943 476 5919", ".", "  \n", "\t \n\n\n"]
)  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(st.lists(_PIECES, max_size=40).map("".join), st.none() | st.integers(0, 50))
def test_normalise_text_equals_the_plain_regex_passes(text: str, limit: int | None) -> None:
    assert normalise_text(text, limit) == reference(text, limit)


def test_trailing_spaces_and_blank_runs_go_and_a_paragraph_separator_is_a_newline() -> None:
    assert normalise_text("Dear Dr Patel,  \n\n\n\nRe: hip\t\u2029pain \n") == (
        "Dear Dr Patel,\n\nRe: hip\npain"
    )
