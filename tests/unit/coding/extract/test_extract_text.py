"""Small text helpers: squash collapses exactly what ``\\s+`` collapses."""

from __future__ import annotations

import re

from hypothesis import given, settings
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


_LINE_PIECES = ["\n", "\n\n", " ", "\t", "Re: ", "Jane Smith", "Heading", ":", "\n---", "x", "|"]


@given(
    st.lists(st.sampled_from(_LINE_PIECES), max_size=15).map("".join),
    st.integers(0, 40),
    st.integers(0, 60),
)
def test_line_pattern_finds_what_the_pattern_finds(text: str, pos: int, endpos: int) -> None:
    from pars.coding.extract.text import LinePattern

    for source, flags in (
        (r"^[ \t|]*(?:re|heading)(?:[ \t]*:[ \t]*|\n[ \t]*-{3,})(?P<rest>[^\n|]*)", re.I),
        (r"^[ \t]*(?P<head>[A-Za-z][A-Za-z ]{0,10}?)[ \t]*(?::|$)", 0),  # may end at "$"
        (r"^(?:re|x)[ :]*\n", re.I),  # ends after a "\n": the next line may match at once
    ):
        line = LinePattern(source, flags)
        plain = re.compile(source, flags | re.M)
        assert [m.span() for m in line.finditer(text, pos, endpos)] == [
            m.span() for m in plain.finditer(text, pos, endpos)
        ]
        assert [m.span() for m in line.finditer(text)] == [m.span() for m in plain.finditer(text)]
        found, expected = line.search(text), plain.search(text)
        assert (found and found.span()) == (expected and expected.span())


def test_line_pattern_tries_the_line_right_after_a_match_that_ends_a_line() -> None:
    from pars.coding.extract.text import LinePattern

    text = "re\nre\nre\nx\nno\nx\n"
    line = LinePattern(r"^(?:re|x)[ :]*\n")
    assert [m.span() for m in line.finditer(text)] == [(0, 3), (3, 6), (6, 9), (9, 11), (14, 16)]


def test_line_pattern_needs_a_leading_caret() -> None:
    import pytest

    from pars.coding.extract.text import LinePattern

    with pytest.raises(ValueError, match="starts with"):
        LinePattern(r"[ \t]*Dear")


def _line_patterns() -> list:
    from pars.coding.extract import clinical, context, names
    from pars.coding.extract.text import LinePattern

    return [
        value
        for module in (clinical, context, names)
        for value in vars(module).values()
        if isinstance(value, LinePattern)
    ]


_LETTER_PIECES = [
    "\n", "\n\n", " ", "  ", "\t", "|", ":", ",", "Re: ", "Patient: ", "Name  ", "GP: ", "To ",
    "Dear ", "Dr ", "Mrs ", "Jane ", "Smith", "SMITH", " DOB ", "Yours sincerely", "Kind regards",
    "cc: ", "Procedures: ", "None", "Diagnosis", "\n---", "Surgery", "Health Centre", "Referrer: ",
    "x" * 30,
]  # fmt: skip


@settings(max_examples=300)
@given(st.lists(st.sampled_from(_LETTER_PIECES), max_size=25).map("".join))
def test_every_line_pattern_of_the_extractors_finds_what_its_pattern_finds(text: str) -> None:
    patterns = _line_patterns()
    assert len(patterns) >= 10
    for line in patterns:
        assert [m.span() for m in line.finditer(text)] == [
            m.span() for m in line.pattern.finditer(text)
        ], line.pattern.pattern
