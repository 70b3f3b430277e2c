"""ConText-style scoping for clinical mentions: negated, historical, family,
uncertain, and which section of the letter a mention sits in.

A trigger only reaches a mention in the same sentence and within a few
words, and a "but"/"however" between them ends its scope. Section headings
("PMH:", "Diagnosis:", "Reason for referral:") are found once per letter; an
inline heading ("PMH: HTN, AF") covers its own line, a heading on its own line
covers the block up to the next blank line. One combined trigger regex runs
over a short window before each mention, so scoping stays cheap.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache
from typing import NamedTuple

from pars.coding.extract.text import AnyCase

# literal-led branches (not "[.;!?]"), so `re` jumps between candidate characters at C speed
_SENTENCE_END_RE = re.compile(
    r"\.(?=\s)|;(?=\s)|!(?=\s)|\?(?=\s)|\n[ \t]*\n|\n(?=[ \t]*(?:[-*\u2022]|\d+[.)]|[A-Z][A-Za-z /]{1,40}:))"
)

# (kind, pattern) in the order they are tried; _TRIGGERS is matched on lower-cased text
_TRIGGER_KINDS = (
    ("dur", r"\b(?:\d+|one|two|three|four|five|six|few|several|many|long|short|long-standing|"
     r"longstanding|recent|brief)[\s-]+(?:(?:day|week|month|year)s?[\s-]+)?history\s+of\b"),
    ("neg", r"\b(?:no|not|nor|non|denies|denied|deny|without|negative\s+for|free\s+of|nil|"
     r"absence\s+of|absent|ruled\s+out|excluded|never|resolution\s+of|resolved|declined|declines|"
     r"not\s+keen\s+on|not\s+(?:a\s+)?(?:candidate|suitable|fit)\s+for|decided\s+against|avoid|"
     r"avoiding|doesn't|don't|unlikely\s+to\s+be)\b"),
    ("hist", r"\b(?:history\s+of|h/o|hx\s+of|pmh|past\s+(?:medical\s+)?history|previous(?:ly)?|"
     r"prior|background\s+of|known\s+to|in\s+the\s+past|s/p|status\s+post|had\s+(?:a|an|his|her|"
     r"bilateral|left|right)|underwent|following\s+(?:a|an|his|her)|already\s+had|"
     r"under\s+the\s+care\s+of|childhood|remote|post[\s-]?op|known|established|long[\s-]?standing|"
     r"pmh\s+includes|background)\b"),
    ("fam", r"\b(?:family\s+history|fh|fhx|mother|father|mum|dad|brother|sister|sibling|aunt|"
     r"uncle|grand(?:mother|father|parent)s?|cousin|son|daughter|parents?|relatives?)\b"),
    ("unc", r"\?|\b(?:query|possible|possibly|probable|suspected|suspicion\s+of|likely|"
     r"to\s+(?:rule\s+out|exclude)|r/o|rule\s+out|differential|ddx|could\s+be|may\s+be|"
     r"might\s+be)\b"),
    ("stop", r"\b(?:but|however|although|though|except|apart\s+from|aside\s+from|which|who|"
     r"now|presents?|presenting|new|recent(?:ly)?|current(?:ly)?|today|and\s+now)\b"),
)  # fmt: skip
_TRIGGERS = re.compile("|".join(f"(?P<{kind}>{pattern})" for kind, pattern in _TRIGGER_KINDS))
_NEG_POST = AnyCase(
    r"^[^.;\n]{0,25}?\b(?:(?:was|were|has\s+been|have\s+been|is|are|been)\s+(?:excluded|ruled\s+out|"
    r"negative|normal|unremarkable|not\s+(?:seen|found|present|confirmed|identified))|"
    r"ruled\s+out|excluded|unlikely|negative|not\s+(?:seen|found|present|confirmed|identified|"
    r"required|needed|indicated))\b",
)
# "the diabetes team", "the COPD clinic": a service named after a condition, not a diagnosis
_SERVICE_POST = AnyCase(
    r"^[ \t]*(?:specialist[ \t]+|nurse[ \t]+)?(?:team|clinic|nurses?|services?|department|dept|unit|centre|"
    r"center|ward|consultants?|physicians?|specialists?|doctors?|surgeons?|colleagues|mdt|"
    r"screening|pathway|network|education|programme|course|register|review|follow[\s-]?up)\b",
)
# what may follow a mention to negate it: one call for both (each is anchored at the start)
_NEG_OR_SERVICE_POST = AnyCase(
    f"(?:{_NEG_POST.caseless.pattern})|(?:{_SERVICE_POST.caseless.pattern})"
)
# an empty box, or a form's "No" column ("No Urgent", "Yes Routine"); "No chest pain but..." is prose
_UNTICKED_RE = re.compile(r"[ \t]*(?:\[[ \t]?\]|\([ \t]?\)|\u2610|\u25a1|No[ \t]+(?=[A-Z]))")
_PATHWAY_RE = AnyCase(r"^[ \t]*(?:\(2ww\)[ \t]*)?(?:referral|pathway|form|proforma|2ww)\b")
_HISTORY_POST = AnyCase(
    r"^[^.;\n]{0,40}?\b(?:in\s+(?:19|20)\d\d|(?:\d+|many|several|some|few)\s+years?\s+ago|"
    r"as\s+a\s+child|in\s+childhood|previously|in\s+the\s+past)\b",
)
# The first word ("h" of "h/o", "doesn" of "doesn't") of every alternative of each kind; "dur"
# also starts with digits ("4 week history of") and "unc" with "?".
_TRIGGER_STARTS = {
    "dur": frozenset((
        "one", "two", "three", "four", "five", "six", "few", "several", "many", "long", "short",
        "longstanding", "recent", "brief",
    )),
    "neg": frozenset((
        "no", "not", "nor", "non", "denies", "denied", "deny", "without", "negative", "free",
        "nil", "absence", "absent", "ruled", "excluded", "never", "resolution", "resolved",
        "declined", "declines", "decided", "avoid", "avoiding", "doesn", "don", "unlikely",
    )),
    "hist": frozenset((
        "history", "h", "hx", "pmh", "past", "previous", "previously", "prior", "background",
        "known", "in", "s", "status", "had", "underwent", "following", "already", "under",
        "childhood", "remote", "post", "postop", "established", "long", "longstanding",
    )),
    "fam": frozenset((
        "family", "fh", "fhx", "mother", "father", "mum", "dad", "brother", "sister", "sibling",
        "aunt", "uncle", "grandmother", "grandmothers", "grandfather", "grandfathers",
        "grandparent", "grandparents", "cousin", "son", "daughter", "parent", "parents",
        "relative", "relatives",
    )),
    "unc": frozenset((
        "query", "possible", "possibly", "probable", "suspected", "suspicion", "likely", "to",
        "r", "rule", "differential", "ddx", "could", "may", "might",
    )),
    "stop": frozenset((
        "but", "however", "although", "though", "except", "apart", "aside", "which", "who",
        "now", "present", "presents", "presenting", "new", "recent", "recently", "current",
        "currently", "today", "and",
    )),
}  # fmt: skip
_TRIGGER_FIRST_WORDS = frozenset().union(*_TRIGGER_STARTS.values())


def _kinds_pattern(kinds: tuple[str, ...]) -> re.Pattern[str]:
    """The trigger pattern cut to some kinds (same groups, same order)."""
    return re.compile(
        "|".join(f"(?P<{kind}>{pattern})" for kind, pattern in _TRIGGER_KINDS if kind in kinds)
    )


# word -> the trigger pattern cut to the kinds that can start with that word: at a word, the
# full pattern could only match through one of them, and `re` tries ~150 alternatives less
_TRIGGERS_AT: dict[str, re.Pattern[str]] = {
    word: _kinds_pattern(tuple(k for k, starts in _TRIGGER_STARTS.items() if word in starts))
    for word in _TRIGGER_FIRST_WORDS
}
_TRIGGERS_AT["?"] = _kinds_pattern(("unc",))
_TRIGGERS_AT_DIGITS = _kinds_pattern(("dur",))
# "?", or a whole word (a run of word characters, taken from its first one)
_TRIGGER_WORD_RE = re.compile(r"[?\w](?:(?<=\w)\w*)?")
# the same on ASCII text, where "\w" is "[A-Za-z0-9_]": `re` tests a range inline but a
# Unicode class through a call per character
_ASCII_TRIGGER_WORD_RE = re.compile(r"[?A-Za-z0-9_](?:(?<=[A-Za-z0-9_])[A-Za-z0-9_]*)?")


def _triggers(before: str) -> list[re.Match[str]]:
    """``list(_TRIGGERS.finditer(before))``, tried only at "?" and at words that can start a
    trigger (same matches): every other alternative starts with ``\\b``, which ``re`` cannot
    skip to, so it would try the whole pattern at every character."""
    found = []
    end = 0
    at = _TRIGGERS_AT.get
    words = _ASCII_TRIGGER_WORD_RE if before.isascii() else _TRIGGER_WORD_RE
    for word in words.finditer(before):
        pos = word.start()
        if pos < end:
            continue
        text = word.group()
        pattern = at(text)
        if pattern is None:
            if not text.isdecimal():
                continue
            pattern = _TRIGGERS_AT_DIGITS
        m = pattern.match(before, pos)
        if m:
            end = m.end()  # no trigger matches the empty string
            found.append(m)
    return found


# "Heading:" (content may follow on the line), a heading underlined with ---/===, or a short
# line on its own (a heading only if it is a known one: "Reason for referral", "Past Problems").
# The head is taken whole ("{0,48}+", no backtracking): the rest can only follow its last
# character, as the head cannot hold ":", a tab or a line break; it may keep trailing spaces,
# which the caller squashes. A prose line so fails at once, not after 48 retries.
_HEADING_RE = re.compile(
    r"^[ \t>*#\u2022-]*(?P<head>[A-Za-z][A-Za-z /&()'\-]{0,48}+)[ \t]*"
    r"(?:(?P<colon>:|\n[ \t]*[-=]{3,})[ \t]*|$)",
    re.M,
)
_MAIN_HEADS = re.compile(
    r"^(?:(?:primary|principal|main|working|final|provisional|discharge|clinical|presenting|"
    r"admission|confirmed)\s+)?(?:diagnos[ie]s|impression|conclusions?|indications?|"
    r"reason\s+for\s+(?:referral|admission|attendance|request|examination|scan)|"
    r"problems?(?:\s+list)?|presenting\s+(?:complaint|problem)|pc|c/o|complaint|outcome|summary|"
    r"clinical\s+(?:details|information|indication|question|history)|re|subject|referral\s+reason|"
    r"procedures?(?:\s+(?:performed|undertaken|carried\s+out|planned|requested))?|"
    r"operations?(?:\s+(?:performed|undertaken))?|findings|opinion|assessment|"
    r"examination|investigation|request(?:ed)?(?:\s+(?:examination|procedure|test))?|"
    r"reason|condition|dx|diagnosis\s+and\s+plan|"
    r"active\s+problems?|current\s+problems?|question\s+to\s+(?:be\s+)?answer(?:ed)?|"
    r"clinical\s+question|problem\s+list|exam(?:ination)?\s+requested|"
    r"operations?/procedures?|procedures?/operations?|discharge\s+diagnosis)$",
    re.I,
)
_HISTORY_HEADS = re.compile(
    r"^(?:pmh|pmhx|past\s+(?:medical\s+|surgical\s+)?(?:history|hx)|medical\s+history|"
    r"surgical\s+history|background(?:\s+history)?|co-?morbidit(?:y|ies)|comorbidities|"
    r"other\s+(?:problems|diagnoses|conditions|history)|significant\s+past(?:\s+(?:medical\s+)?history)?|"
    r"previous\s+history|inactive\s+problems|past\s+medical\s+problems|"
    r"relevant\s+(?:past\s+)?history|past\s+problems|psh|past\s+surgical\s+history)$",
    re.I,
)
# what the writer concluded outranks what the letter was asked (indication, reason for referral)
_CONCLUSION_HEADS = re.compile(
    r"^(?:(?:primary|principal|main|final|discharge|confirmed|working)\s+)?(?:diagnos[ie]s|impression|"
    r"conclusions?|opinion|dx|clinical\s+impression|ed\s+diagnosis)$",
    re.I,
)
_PLAN_HEADS = re.compile(
    r"^(?:plan|management(?:\s+plan)?|treatment(?:\s+plan)?|intervention|recommendations?|"
    r"further\s+management|next\s+steps|actions?(?:\s+for\s+gp)?)$",
    re.I,
)
_INVESTIGATION_HEADS = re.compile(
    r"^(?:investigations?|ix|inv|tests?|results|bloods|blood\s+tests|imaging|radiology|"
    r"investigations?\s+(?:performed|done|results|today|arranged|requested)|"
    r"results\s+of\s+investigations|relevant\s+investigations|tests\s+done)$",
    re.I,
)
_SKIP_HEADS = re.compile(
    r"^(?:fh|fhx|family\s+history|dh|drug\s+history|medications?|current\s+medications?|"
    r"repeat\s+medications?|drugs|meds|allerg(?:y|ies)|social\s+history|sh|shx|cc|copy\s+to|"
    r"risk\s+factors|alerts?|warnings?|tto|medication\s+on\s+discharge|discharge\s+medications?|"
    r"safety\s+netting|advice|contraindications?|differential(?:\s+diagnos[ie]s)?|ddx)$",
    re.I,
)
_BLANK_LINE_RE = re.compile(r"\n[ \t]*\n")
_NON_SPACE_RE = re.compile(r"\S")


def _unanchored(pattern: re.Pattern[str]) -> str:
    return pattern.pattern.removeprefix("^").removesuffix("$")


# one match per heading candidate; the first kind listed wins
_KNOWN_HEAD_RE = re.compile(
    "^(?:"
    + "|".join(
        f"(?P<{kind}>{_unanchored(pattern)})"
        for kind, pattern in (
            ("conclusion", _CONCLUSION_HEADS),
            ("main", _MAIN_HEADS),
            ("history", _HISTORY_HEADS),
            ("skip", _SKIP_HEADS),
            ("investigations", _INVESTIGATION_HEADS),
            ("plan", _PLAN_HEADS),
        )
    )
    + ")$",
    re.I,
)
# a heading written alone on its line, without a colon ("Reason for referral", "Past Problems")


@lru_cache(maxsize=4096)
def _section_kind(written: str, colon: bool) -> str | None:
    """The kind of section a heading as written opens: a known heading's kind, "other" for
    any other short heading with a colon, else None (not a heading). Cached, as headings
    repeat across letters."""
    head = " ".join(written.split())
    kind = _heading_kind(head)
    if kind:
        return kind
    return "other" if colon and len(head.split()) <= 5 else None


@lru_cache(maxsize=4096)
def _heading_kind(head: str) -> str | None:
    """The section kind a heading names, or None; headings repeat across letters, so cached."""
    known = _KNOWN_HEAD_RE.match(head)
    return known.lastgroup if known else None


class Scope(NamedTuple):
    """Where a mention sits and what qualifies it (a named tuple: cheap to make per mention)."""

    section: str  # "conclusion", "main", "history", "skip", "investigations", "plan", "other"
    negated: bool  # includes "not a diagnosis at all" (a service named after a condition)
    history: bool
    family: bool
    uncertain: bool


class LetterContext:
    """Per-letter sentence and section boundaries, computed once."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.lower = text.lower()
        self.ascii = text.isascii()  # then self.lower is index for index self.text lower-cased
        self._sentence_ends = [m.end() for m in _SENTENCE_END_RE.finditer(text)]
        starts: list[int] = []
        ends: list[int] = []
        kinds: list[str] = []
        for m in _HEADING_RE.finditer(text):
            kind = _section_kind(m.group("head"), m.group("colon") is not None)
            if kind is None:
                continue  # a bare line is a heading only when it is a known one
            start = m.end()
            if starts and start <= starts[-1]:
                continue
            line_end = text.find("\n", start)
            line_end = len(text) if line_end == -1 else line_end
            if text[start:line_end].strip():
                end = line_end  # inline heading: this line only
            else:
                first = _NON_SPACE_RE.search(text, start, start + 400)
                content = first.start() if first else start
                # a block runs to the next blank line; bounded, so a pathological text stays linear
                blank = _BLANK_LINE_RE.search(text, content, content + 4000)
                end = blank.start() if blank else min(len(text), content + 4000)
            if ends and ends[-1] > m.start():
                ends[-1] = m.start()  # a new heading ends the previous section
            starts.append(start)
            ends.append(end)
            kinds.append(kind)
        self._section_starts = starts
        self._section_ends = ends
        self._section_kinds = kinds

    def sentence_bounds(self, start: int, end: int) -> tuple[int, int]:
        i = bisect_right(self._sentence_ends, start)
        s = self._sentence_ends[i - 1] if i > 0 else 0
        j = bisect_right(self._sentence_ends, end - 1)
        e = self._sentence_ends[j] if j < len(self._sentence_ends) else len(self.text)
        return s, e

    def section(self, pos: int) -> str:
        i = bisect_right(self._section_starts, pos) - 1
        if i < 0 or pos >= self._section_ends[i]:
            return "other"
        return self._section_kinds[i]

    def scope(self, start: int, end: int) -> Scope:
        s, e = self.sentence_bounds(start, end)
        window_start = max(s, start - 80)
        before = self.lower[window_start:start]
        after_end = min(e, end + 60)
        after = self.text[end:after_end]
        lower_after = self.lower[end:after_end] if self.ascii else None
        section = self.section(start)
        negated = history = family = uncertain = False
        # walk triggers right to left: the nearest one before a stop word governs
        blocked = False
        for m in reversed(_triggers(before)):
            kind = m.lastgroup
            distance = len(before) - m.end()
            if kind == "dur":  # "4 week history of headaches" is the current complaint
                continue
            if kind == "stop":
                blocked = True
                continue
            if blocked:
                continue
            if kind == "neg" and distance <= 45:
                negated = True
            elif kind == "hist" and distance <= 70:
                history = True
            elif kind == "fam" and distance <= 60:
                family = True
            elif kind == "unc" and distance <= 40:
                uncertain = True
        if not negated and _NEG_OR_SERVICE_POST.match(after, lower_after):
            negated = True
        if not negated:
            line_start = self.text.rfind("\n", 0, start) + 1
            if _UNTICKED_RE.match(self.text, line_start, start):
                negated = True  # "[ ] Skin changes suggestive of breast cancer": a box not ticked
            elif "suspected" in before[-40:] and _PATHWAY_RE.match(after, lower_after):
                negated = (
                    True  # "suspected breast cancer referral" names the pathway, not a finding
                )
        if not history and section != "history" and _HISTORY_POST.search(after, lower_after):
            history = True
        if after.startswith("?"):
            uncertain = True
        history = history or section == "history"
        family = family or section == "skip"
        return Scope(section, negated, history, family, uncertain)
