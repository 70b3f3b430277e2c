"""Small text helpers shared by the field extractors.

Letters arrive as plain text from many writers; these helpers find lines,
labels and the letter's "top" without any per-call regex compilation.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field

TITLE_WORDS = (
    r"(?:Dr|Doctor|Mr|Mrs|Ms|Miss|Mx|Master|Prof|Professor|Rev|Sir|Dame|Lady|Lord|Nurse|Sister)"
)
TITLE_RE = re.compile(rf"^\s*{TITLE_WORDS}\.?\s+", re.IGNORECASE)


def squash(text: str) -> str:
    """Collapse runs of whitespace, for short evidence snippets.

    ``str.split()`` splits on exactly the characters ``re``'s ``\\s`` matches, so this is
    ``re.sub(r"\\s+", " ", text).strip()`` at a third of the cost.
    """
    return " ".join(text.split())


def snippet(text: str, start: int, end: int, pad: int = 30) -> str:
    """A short evidence snippet around [start, end), at most ~100 characters."""
    return squash(text[max(0, start - pad) : min(len(text), end + pad)])[:120]


class AnyCase:
    """A case-insensitive pattern that also runs case-sensitively on lower-cased ASCII text.

    `re` tests the first letter of a case-sensitive alternative before entering it, but
    not of an IGNORECASE one, so on lower-cased text a pattern of many alternatives
    ("was excluded|ruled out|negative|...") runs faster. On ASCII text both find the same
    spans (IGNORECASE compares ASCII letters just as lower-casing does); beyond ASCII they
    can differ ("\u212a", Kelvin, matches "k" under IGNORECASE but lower-cases to itself),
    so callers pass the lower-cased text only for ASCII text. Spans, not the text of
    groups, carry over: the cased twin's groups hold lower-cased text.
    """

    __slots__ = ("cased", "caseless")

    def __init__(self, source: str, flags: int = 0) -> None:
        if re.search("[A-Z]", re.sub(r"\\.|\(\?P<\w+>", "", source)):
            raise ValueError(f"AnyCase needs a pattern written in lower case: {source!r}")
        self.caseless = re.compile(source, flags | re.IGNORECASE)
        self.cased = re.compile(source, flags)

    def search(self, text: str, lower: str | None = None) -> re.Match[str] | None:
        """``caseless.search(text)``, run on ``lower`` (``text.lower()``, ASCII only) if given."""
        return self.cased.search(lower) if lower is not None else self.caseless.search(text)

    def match(self, text: str, lower: str | None = None) -> re.Match[str] | None:
        """``caseless.match(text)``, run on ``lower`` (``text.lower()``, ASCII only) if given."""
        return self.cased.match(lower) if lower is not None else self.caseless.match(text)


class LinePattern:
    """A pattern that matches only at the start of a line (written ``^...``, multi-line),
    found at C speed.

    `re` cannot skip ahead to a ``^``: it tries the pattern at every character. Its twin
    ``\\n(?:...)`` starts with a literal, which `re` finds by scanning; each line start it
    finds is then matched with the pattern itself, so callers get the very matches (and
    spans) of ``pattern.finditer``. The pattern must apply ``^`` to all of itself (no
    top-level ``|``) and never match the empty string.
    """

    __slots__ = ("_next_line", "pattern")

    def __init__(self, source: str, flags: int = 0) -> None:
        if not source.startswith("^"):
            raise ValueError(f"LinePattern needs a pattern that starts with ^: {source!r}")
        self.pattern = re.compile(source, flags | re.MULTILINE)
        self._next_line = re.compile(f"\n(?:{source[1:]})", flags | re.MULTILINE)

    def finditer(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[re.Match]:
        """``pattern.finditer(text, pos, endpos)``: the same matches, lazily."""
        end = len(text) if endpos is None else min(endpos, len(text))
        if pos > end:
            return
        match = self.pattern.match
        at = pos  # where the "\n" before the next line to try may sit
        if pos == 0 or text[pos - 1] == "\n":
            found = match(text, pos, end)
            if found:
                yield found
                at = max(found.end() - 1, pos)
        search = self._next_line.search
        while True:
            twin = search(text, at, end)
            if twin is None:
                return
            line = twin.start() + 1
            found = match(text, line, end)  # the twin matched here, so the pattern does
            if found is not None:
                yield found
                at = max(found.end() - 1, line)
            else:  # pragma: no cover - the twin and the pattern agree
                at = line

    def search(self, text: str, pos: int = 0, endpos: int | None = None) -> re.Match | None:
        """``pattern.search(text, pos, endpos)``."""
        return next(self.finditer(text, pos, endpos), None)


@dataclass(slots=True)
class Doc:
    """A letter's text with its line starts indexed once, shared by all extractors."""

    text: str
    line_starts: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        starts = [0]
        find = self.text.find
        pos = find("\n")
        while pos != -1:
            starts.append(pos + 1)
            pos = find("\n", pos + 1)
        self.line_starts = starts

    @property
    def line_count(self) -> int:
        return len(self.line_starts)

    def line_no(self, pos: int) -> int:
        """0-based line number of a character offset."""
        return bisect_right(self.line_starts, pos) - 1

    def line_start(self, pos: int) -> int:
        return self.line_starts[self.line_no(pos)]

    def line_span(self, line_no: int) -> tuple[int, int]:
        start = self.line_starts[line_no]
        end = self.text.find("\n", start)
        return start, (len(self.text) if end == -1 else end)

    def line(self, line_no: int) -> str:
        start, end = self.line_span(line_no)
        return self.text[start:end]

    def before_on_line(self, pos: int) -> str:
        """The text from the start of pos's line up to pos."""
        return self.text[self.line_start(pos) : pos]

    def previous_nonblank_line(self, pos: int) -> str:
        """The nearest non-blank line above pos's line (table layouts put labels there)."""
        n = self.line_no(pos) - 1
        while n >= 0:
            line = self.line(n)
            if line.strip():
                return line
            n -= 1
        return ""

    def relative_line(self, pos: int) -> float:
        """Where pos lies in the letter, 0.0 top .. 1.0 bottom, by line."""
        return self.line_no(pos) / max(1, self.line_count - 1)
