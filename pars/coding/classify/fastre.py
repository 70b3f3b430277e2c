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
import re._constants as _re_constants
import re._parser as _re_parser
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import ahocorasick

_MAX_BRANCHES = 256
# Every branch's anchor (the literal text it must begin with).
_ALL_ANCHORS: set[str] = set()
_SHORT_ANCHORS: list[str] = []  # found by substring tests (see _register_anchor)
_LONG_ANCHORS: list[str] = []  # found by the automaton
# (number of long anchors it was built from, automaton); rebuilt when more anchors register
_AUTOMATON: list = [0, None]


def anchor_hits(text: str) -> frozenset[str]:
    """The registered anchors (literal starts of branches) that occur in ``text``.

    Pass the result to ``FastPattern.finditer(..., hits=...)`` for this text or
    any part of it: branches whose anchor does not occur are not even tried.
    Most anchors are found in one Aho-Corasick pass (C speed, every
    occurrence); the few very short common ones, which occur in nearly every
    letter and would flood that pass, by a substring test each.
    """
    found = [anchor for anchor in _SHORT_ANCHORS if anchor in text]
    automaton = _automaton()
    if automaton is not None:
        found.extend([anchor for _, anchor in automaton.iter(text)])
    return frozenset(found)


def _automaton() -> ahocorasick.Automaton | None:
    """The automaton of the long anchors (None before any registers)."""
    if _AUTOMATON[0] != len(_LONG_ANCHORS):
        automaton = ahocorasick.Automaton()
        for anchor in _LONG_ANCHORS:
            automaton.add_word(anchor, anchor)
        automaton.make_automaton()
        _AUTOMATON[:] = [len(_LONG_ANCHORS), automaton]
    return _AUTOMATON[1]


# The most frequent letters of English (and the space): a one- or two-character anchor
# made of these only is in nearly every letter, so a substring test finds it at once
# where the automaton would report it dozens of times; a rarer one ("cc", "fu") goes to
# the automaton, since a substring test for an absent pair reads the whole letter.
_COMMON_CHARACTERS = frozenset("etaoinshrdl ")


def _register_anchor(anchor: str) -> None:
    if anchor in _ALL_ANCHORS:
        return
    _ALL_ANCHORS.add(anchor)
    common = len(anchor) == 1 or (len(anchor) == 2 and _COMMON_CHARACTERS.issuperset(anchor))
    (_SHORT_ANCHORS if common else _LONG_ANCHORS).append(anchor)


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
    plain: bool  # no check after a match (no leading \b, ^ or look-behind)
    gates: frozenset[str]  # other literals every match contains (see _gates)
    starts: frozenset[str]  # every match starts with one of these (see _starts); empty: unknown


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
    regex = re.compile(rest, flags)
    gates = _gates(regex, anchor)
    starts = _starts(regex, anchor)
    for literal in (anchor, *gates, *starts):
        if literal is not None:
            _register_anchor(literal)
    plain = not (word_start or line_start or not_after)
    return _Branch(regex, anchor, word_start, line_start, tuple(not_after), plain, gates, starts)


_MAX_STARTS = 32
_MAX_START_LENGTH = 48


def _starts(regex: re.Pattern[str], anchor: str | None) -> frozenset[str]:
    """Literal beginnings, one of which every match of ``regex`` starts with.

    The anchor extended through the optional words, character classes and
    alternations that follow it: ``i (?:saw|reviewed) (?:him|her)`` starts
    with "i saw him", "i saw her", "i reviewed him" or "i reviewed her",
    which are far rarer in a letter than "i ". Empty when nothing longer than
    the anchor is known (or the variants would be too many).
    """
    if anchor is None or regex.flags & re.IGNORECASE:
        return frozenset()
    starts, _ = _literal_starts(_re_parser.parse(regex.pattern, regex.flags))
    if "" in starts or anchor in starts:
        return frozenset()
    return frozenset(starts)


def _literal_starts(items) -> tuple[set[str], bool]:
    """(beginnings, complete) of a parsed sequence: every match starts with one of the
    beginnings; ``complete`` when each beginning is a whole match (so what follows
    the sequence may be appended)."""
    out = {""}
    for op, value in items:
        alternatives: set[str]
        complete = True
        if op is _re_constants.LITERAL:
            if chr(value) not in _LITERAL_CHARS:
                return out, False
            alternatives = {chr(value)}
        elif op is _re_constants.IN:
            if any(
                kind is not _re_constants.LITERAL or chr(code) not in _LITERAL_CHARS
                for kind, code in value
            ):
                return out, False
            alternatives = {chr(code) for _, code in value}
        elif op is _re_constants.BRANCH:
            alternatives = set()
            for sequence in value[1]:
                found, whole = _literal_starts(sequence)
                alternatives |= found
                complete = complete and whole
        elif op is _re_constants.SUBPATTERN and not value[1] and not value[2]:
            alternatives, complete = _literal_starts(value[3])
        elif op is _re_constants.MAX_REPEAT and value[0] == 0 and value[1] == 1:
            alternatives, complete = _literal_starts(value[2])
            alternatives.add("")
        else:
            return out, False
        extended = {start + alternative for start in out for alternative in alternatives}
        if len(extended) > _MAX_STARTS or max(map(len, extended)) > _MAX_START_LENGTH:
            return out, False
        out = extended
        if not complete:
            return out, False
    return out, True


def _gates(regex: re.Pattern[str], anchor: str | None) -> frozenset[str]:
    """Literal runs every match of ``regex`` contains besides its anchor.

    A branch whose anchor is a single common letter (``\\ba ?& ?e\\b``,
    ``ha?ematolog``) or a common word would otherwise be scanned for in
    nearly every letter; when one of its gates is absent it cannot match and
    is skipped. Only top-level runs of literal characters count (each is in
    every match); one or two letters are too common to be worth one.
    """
    if regex.flags & re.IGNORECASE:
        return frozenset()
    runs: list[str] = []
    current = ""
    for op, value in _re_parser.parse(regex.pattern, regex.flags):
        if op is _re_constants.LITERAL and chr(value) in _LITERAL_CHARS:
            current += chr(value)
            continue
        if current:
            runs.append(current)
        current = ""
    if current:
        runs.append(current)
    return frozenset(
        run
        for run in runs
        if run != anchor and (len(run) >= 3 or not all(c.isalnum() or c == " " for c in run))
    )


def _is_word(char: str) -> bool:
    return char.isalnum() or char == "_"


class FastPattern:
    """A drop-in for the ``finditer``/``search`` of a rule pattern (see module docstring)."""

    __slots__ = (
        "_branches",
        "_by_key",
        "_free",
        "_free_indices",
        "_gated",
        "_keys",
        "_live",
        "pattern",
    )

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.pattern = pattern
        branches: list[str] = []
        for branch in _split_top(pattern):
            branches.extend(_expand(branch))
        if len(branches) > _MAX_BRANCHES:
            raise ValueError(f"pattern expands to too many branches: {pattern[:60]!r}")
        self._branches = tuple(_compile_branch(branch, flags) for branch in branches)
        # Each anchored branch under its keys: its literal beginnings (or its anchor when
        # none are known); one of them must be in the text for the branch to match.
        by_key: dict[str, list[int]] = {}
        for index, branch in enumerate(self._branches):
            if branch.anchor is not None:
                for key in branch.starts or (branch.anchor,):
                    by_key.setdefault(key, []).append(index)
        self._by_key = {key: tuple(indices) for key, indices in by_key.items()}
        self._keys = frozenset(by_key)
        # branches without an anchor are tried on every text
        self._free_indices = tuple(i for i, b in enumerate(self._branches) if b.anchor is None)
        self._free = tuple(self._branches[i] for i in self._free_indices)
        self._gated = any(branch.gates for branch in self._branches)
        self._live: tuple[frozenset[str] | None, frozenset[str] | None, tuple[_Branch, ...]] = (
            None,
            None,
            self._branches,
        )

    def _accept(self, branch: _Branch, text: str, start: int, end: int) -> bool:
        if branch.word_start and start > 0 and _is_word(text[start - 1]):
            return False
        if branch.word_start and start < end and not _is_word(text[start]):
            return False  # \b before a non-word character needs a word character before it
        if branch.line_start and start > 0 and text[start - 1] != "\n":
            return False
        return not any(text[max(0, start - len(lb)) : start] == lb for lb in branch.not_after)

    def live(
        self, hits: frozenset[str] | None, gates: frozenset[str] | None = None
    ) -> tuple[_Branch, ...]:
        """The branches that can match a text whose anchors are ``hits``, in pattern order
        (all of them when ``hits`` is None). ``gates``: the registered literals in the
        text searched, when that is not the text ``hits`` came from (default: ``hits``).
        Remembered for the last ``hits``/``gates`` objects."""
        cached = self._live  # one read: safe when threads share the pattern
        if cached[0] is hits and cached[1] is gates:
            return cached[2]
        if hits is None:
            return self._branches
        present = hits if gates is None else gates
        if self._keys.isdisjoint(present):  # (no new set: most patterns, most letters)
            live = self._free
        else:
            keys = self._keys.intersection(present)
            if len(keys) == 1 and not self._free_indices:
                indices: Sequence[int] = self._by_key[next(iter(keys))]
            else:
                found = set(self._free_indices)
                for key in keys:
                    found.update(self._by_key[key])
                indices = sorted(found)
            live = tuple(self._branches[i] for i in indices)
            if gates is not None:
                # a beginning in the searched text; the anchor must also be in the source
                # text (a branch whose anchor is not there was never tried)
                live = tuple(b for b in live if b.anchor is None or b.anchor in hits)
        if self._gated and live:
            live = tuple(branch for branch in live if branch.gates <= present)
        self._live = (hits, gates, live)
        return live

    def may_match(self, hits: frozenset[str], gates: frozenset[str] | None = None) -> bool:
        """False when no branch can match a text whose anchors are ``hits`` (see ``live``)."""
        return bool(self.live(hits, gates))

    def finditer(
        self, text: str, hits: frozenset[str] | None = None, gates: frozenset[str] | None = None
    ) -> Iterator[re.Match[str]]:
        """Matches of every branch, in text order (a position matched twice is kept once).

        ``hits`` (from ``anchor_hits`` on this text, or on a text every line of
        which is a line of this one) skips branches whose first word does not
        occur. Pass ``gates=anchor_hits(text)`` when ``text`` may hold a literal
        its source does not (a quotation cut out joins two pieces).
        """
        live = self.live(hits, gates)
        if not live:
            return
        if len(live) == 1 and live[0].anchor is not None:
            # one branch that starts with a literal: its matches are non-empty, so
            # re yields them in text order with distinct starts already
            branch = live[0]
            if branch.plain:
                yield from branch.regex.finditer(text)
            else:
                for match in branch.regex.finditer(text):
                    if self._accept(branch, text, match.start(), match.end()):
                        yield match
            return
        found: list[re.Match[str]] = []
        for branch in live:
            if branch.plain:
                found.extend(branch.regex.finditer(text))
                continue
            for match in branch.regex.finditer(text):
                if self._accept(branch, text, match.start(), match.end()):
                    found.append(match)
        found.sort(key=_order)
        last_start = -1
        for match in found:
            start = match.start()
            if start != last_start:
                last_start = start
                yield match

    def first(
        self, text: str, hits: frozenset[str] | None = None, gates: frozenset[str] | None = None
    ) -> re.Match[str] | None:
        """The first match ``finditer`` would give (leftmost, then longest), or None."""
        best = None
        best_key = (0, 0)
        for branch in self.live(hits, gates):
            if branch.plain:
                match = branch.regex.search(text)
            else:
                for match in branch.regex.finditer(text):
                    if self._accept(branch, text, match.start(), match.end()):
                        break
                else:
                    match = None
            if match is not None:
                start, end = match.span()
                if best is None or (start, -end) < best_key:
                    best, best_key = match, (start, -end)
        return best

    def search(
        self, text: str, hits: frozenset[str] | None = None, gates: frozenset[str] | None = None
    ) -> re.Match[str] | None:
        """The leftmost match, or None (``hits`` and ``gates`` as for ``finditer``)."""
        best = None
        for branch in self.live(hits, gates):
            if branch.plain:
                match = branch.regex.search(text)
                if match is not None and (best is None or match.start() < best.start()):
                    best = match
                continue
            for match in branch.regex.finditer(text):
                if self._accept(branch, text, match.start(), match.end()):
                    if best is None or match.start() < best.start():
                        best = match
                    break
        return best


def _order(match: re.Match[str]) -> tuple[int, int]:
    """Text order; of two matches at one position, the longer first."""
    start, end = match.span()
    return start, -end


class PatternIndex:
    """Which patterns of a fixed list can match a letter, found from its anchors at once.

    A rule family asks this once per letter instead of asking each of its
    patterns (``may_match``): one set intersection and a few look-ups, so the
    cost follows the number of patterns that can match, not the list's length.
    """

    __slots__ = ("_always", "_anchors", "_by_anchor", "_live", "size")

    def __init__(self, patterns: Sequence[FastPattern]) -> None:
        by_anchor: dict[str, list[int]] = {}
        always: list[int] = []
        for index, pattern in enumerate(patterns):
            if pattern._free:
                always.append(index)
            for key in pattern._keys:
                by_anchor.setdefault(key, []).append(index)
        self._by_anchor = {anchor: tuple(indices) for anchor, indices in by_anchor.items()}
        self._anchors = frozenset(by_anchor)
        self._always = tuple(always)
        self.size = len(patterns)
        self._live: tuple[frozenset[str] | None, frozenset[str] | None, tuple[int, ...]] = (
            None,
            None,
            tuple(range(self.size)),
        )

    def live(
        self, hits: frozenset[str] | None, gates: frozenset[str] | None = None
    ) -> tuple[int, ...]:
        """Indices (in list order) of the patterns that may match a text with anchors ``hits``
        (``gates`` as for ``FastPattern.live``); every index when ``hits`` is None. A pattern
        listed may still find nothing. Remembered for the last ``hits``/``gates`` objects."""
        cached = self._live  # one read: safe when threads share the index
        if cached[0] is hits and cached[1] is gates:
            return cached[2]
        if hits is None:
            return tuple(range(self.size))
        found = set(self._always)
        for key in self._anchors.intersection(hits if gates is None else gates):
            found.update(self._by_anchor[key])
        live = tuple(sorted(found))
        self._live = (hits, gates, live)
        return live
