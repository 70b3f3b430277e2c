"""Fast multi-branch patterns: keep readable regexes, scan letters at C speed.

Python's ``re`` finds a pattern quickly only when it starts with a literal
(it then searches for that prefix like ``str.find``); a pattern starting with
``\\b``, ``^``, a look-behind or a top-level alternation is tried at every
position and is ~100x slower. Our rules are exactly such alternations, and
the pipeline must code >= 1,000 letters/s. ``FastPattern`` splits a pattern
into its alternatives (expanding a leading ``(?:a|b)`` group), moves leading
``\\b`` / ``^`` / literal ``(?<!...)`` assertions into cheap checks after a
match, and compiles each alternative so that it starts with a literal. The
matches are the same as the original pattern's (leftmost per branch, merged
in text order), which the tests check against ``re``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

_MAX_BRANCHES = 256
# Every branch's anchor (the literal text it must begin with).
_ALL_ANCHORS: set[str] = set()
_SHORT_ANCHORS: list[str] = []
_ANCHORS_BY_GRAM: dict[str, list[str]] = {}


def anchor_hits(text: str) -> frozenset[str]:
    """The registered anchors (literal starts of branches) that occur in ``text``.

    Pass the result to ``FastPattern.finditer(..., hits=...)`` for this text or
    any part of it: branches whose anchor does not occur are not even tried.
    The text's three-letter substrings are collected once (as integers, with
    NumPy: anchors are ASCII, and a UTF-8 multi-byte character never forms an
    ASCII byte); only anchors whose first three letters occur are then looked
    for (a C-speed substring test).
    """
    found = [anchor for anchor in _SHORT_ANCHORS if anchor in text]
    data = np.frombuffer(text.encode("utf-8"), dtype=np.uint8)
    if data.size >= 3:
        data = (data & 127).astype(np.int32)  # a non-ASCII byte may alias: checked below
        table, grams = _gram_table()
        numbers = table[(data[:-2] << 14) | (data[1:-1] << 7) | data[2:]]
        for number in np.unique(numbers[numbers > 0]).tolist():
            gram = grams[number - 1]
            for anchor in _ANCHORS_BY_GRAM[gram]:
                if anchor in text:
                    found.append(anchor)
    return frozenset(found)


_GRAM_TABLE: list = [0, None, ()]  # (number of grams it was built from, table, grams)


def _gram_table() -> tuple[np.ndarray, tuple[str, ...]]:
    """A look-up table from a 7-bit three-letter code to 1 + the index of a registered
    anchor start (0: none), rebuilt when more anchors register."""
    if _GRAM_TABLE[0] != len(_ANCHORS_BY_GRAM) or _GRAM_TABLE[1] is None:
        grams = tuple(_ANCHORS_BY_GRAM)
        table = np.zeros(1 << 21, dtype=np.int16)  # 4 MiB
        for number, g in enumerate(grams, start=1):
            table[(ord(g[0]) << 14) | (ord(g[1]) << 7) | ord(g[2])] = number
        _GRAM_TABLE[:] = [len(grams), table, grams]
    return _GRAM_TABLE[1], _GRAM_TABLE[2]


def _register_anchor(anchor: str) -> None:
    if anchor in _ALL_ANCHORS:
        return
    _ALL_ANCHORS.add(anchor)
    if len(anchor) < 3:
        _SHORT_ANCHORS.append(anchor)
    else:
        _ANCHORS_BY_GRAM.setdefault(anchor[:3], []).append(anchor)


_LITERAL_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789 ,:;'\"&/-_=<>!@%")


def _anchor(rest: str) -> str | None:
    run = 0
    while run < len(rest) and rest[run] in _LITERAL_CHARS:
        run += 1
    if run < len(rest) and rest[run] in "?*{" and run > 0:
        run -= 1  # the last character is optional
    return rest[:run] or None


def _split_top(pattern: str) -> list[str]:
    """Split at top-level ``|`` (not inside groups, classes or escapes)."""
    parts, depth, start, i, in_class = [], 0, 0, 0, False
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            i += 2
            continue
        if in_class:
            if char == "]":
                in_class = False
        elif char == "[":
            in_class = True
            if pattern[i + 1 : i + 2] == "]":
                i += 1
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            parts.append(pattern[start:i])
            start = i + 1
        i += 1
    parts.append(pattern[start:])
    return parts


def _group_end(pattern: str, start: int) -> int:
    """Index of the ``)`` closing the group opened at ``start``."""
    depth, i, in_class = 0, start, False
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            i += 2
            continue
        if in_class:
            if char == "]":
                in_class = False
        elif char == "[":
            in_class = True
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    raise ValueError(f"unbalanced group in {pattern!r}")


@dataclass(frozen=True, slots=True)
class _Branch:
    regex: re.Pattern[str]
    anchor: str | None
    word_start: bool
    line_start: bool
    not_after: tuple[str, ...]


_LOOKBEHIND = re.compile(r"\(\?<!((?:[^()\\\[\]|.*+?{}^$]|\\.)*)\)")


def _expand(branch: str) -> list[str]:
    """Expand a leading ``(?:a|b)`` / ``(?:a|b)?`` group into separate branches."""
    prefix = ""
    rest = branch
    while True:  # keep leading assertions in front
        if rest.startswith(("\\b", "^")):
            size = 2 if rest.startswith("\\b") else 1
            prefix, rest = prefix + rest[:size], rest[size:]
            continue
        match = _LOOKBEHIND.match(rest)
        if match:
            prefix, rest = prefix + match.group(0), rest[match.end() :]
            continue
        break
    if rest.startswith("(?:"):
        end = _group_end(rest, 0)
        inner, after = rest[3:end], rest[end + 1 :]
        optional = after.startswith("?") and not after.startswith("??")
        if after[:1] in {"*", "+", "{"} or (after.startswith("?") and not optional):
            return [branch]
        if optional:
            after = after[1:]
        out = []
        for alternative in _split_top(inner):
            out.extend(_expand(prefix + alternative + after))
        if optional:
            out.extend(_expand(prefix + after))
        return out
    return [branch]


def _compile_branch(branch: str, flags: int) -> _Branch:
    word_start = line_start = False
    not_after: list[str] = []
    rest = branch
    while True:
        if rest.startswith("\\b"):
            word_start, rest = True, rest[2:]
            continue
        if rest.startswith("^"):
            line_start, rest = True, rest[1:]
            continue
        match = _LOOKBEHIND.match(rest)
        if match:
            not_after.append(re.sub(r"\\(.)", r"\1", match.group(1)))
            rest = rest[match.end() :]
            continue
        break
    anchor = _anchor(rest)
    if anchor is not None:
        _register_anchor(anchor)
    return _Branch(re.compile(rest, flags), anchor, word_start, line_start, tuple(not_after))


def _is_word(char: str) -> bool:
    return char.isalnum() or char == "_"


class FastPattern:
    """A drop-in for the ``finditer``/``search`` of a rule pattern (see module docstring)."""

    __slots__ = ("_anchors", "_always", "_branches", "pattern")

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.pattern = pattern
        branches: list[str] = []
        for branch in _split_top(pattern):
            branches.extend(_expand(branch))
        if len(branches) > _MAX_BRANCHES:
            raise ValueError(f"pattern expands to too many branches: {pattern[:60]!r}")
        self._branches = [_compile_branch(branch, flags) for branch in branches]
        self._anchors = frozenset(b.anchor for b in self._branches if b.anchor is not None)
        self._always = any(b.anchor is None for b in self._branches)

    def _accept(self, branch: _Branch, text: str, start: int, end: int) -> bool:
        if branch.word_start and start > 0 and _is_word(text[start - 1]):
            return False
        if branch.word_start and start < end and not _is_word(text[start]):
            return False  # \b before a non-word character needs a word character before it
        if branch.line_start and start > 0 and text[start - 1] != "\n":
            return False
        return not any(text[max(0, start - len(lb)) : start] == lb for lb in branch.not_after)

    def may_match(self, hits: frozenset[str]) -> bool:
        """False when no branch can match a text whose anchors are ``hits``."""
        return self._always or not self._anchors.isdisjoint(hits)

    def finditer(self, text: str, hits: frozenset[str] | None = None) -> Iterator[re.Match[str]]:
        """Matches of every branch, in text order (a position matched twice is kept once).

        ``hits`` (from ``anchor_hits`` on this text or a text containing it)
        skips branches whose first word does not occur.
        """
        if hits is not None and not self._always and self._anchors.isdisjoint(hits):
            return
        found: list[re.Match[str]] = []
        for branch in self._branches:
            if hits is not None and branch.anchor is not None and branch.anchor not in hits:
                continue
            for match in branch.regex.finditer(text):
                if self._accept(branch, text, match.start(), match.end()):
                    found.append(match)
        found.sort(key=lambda m: (m.start(), -m.end()))
        last_start = -1
        for match in found:
            if match.start() != last_start:
                last_start = match.start()
                yield match

    def search(self, text: str, hits: frozenset[str] | None = None) -> re.Match[str] | None:
        """The leftmost match, or None (``hits`` as for ``finditer``)."""
        if hits is not None and not self.may_match(hits):
            return None
        best = None
        for branch in self._branches:
            if hits is not None and branch.anchor is not None and branch.anchor not in hits:
                continue
            for match in branch.regex.finditer(text):
                if self._accept(branch, text, match.start(), match.end()):
                    if best is None or match.start() < best.start():
                        best = match
                    break
        return best
