"""Text helpers shared by the classification rules: normalising, regions, negation.

Letters arrive from many writers and file formats, so the rules look at a
normalised copy (lower case, single spaces, unified dashes and quotes) and
distinguish the *header* (letterhead, addresses, "Re:" lines: where a service
names itself) from the *body* (where other specialties are mentioned in the
history). Everything here is pure, compiled once and cheap per letter.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pars.coding.classify.fastre import FastPattern, anchor_hits

_DASHES = re.compile(r"[\u2010-\u2015\u2212]")
_QUOTES = re.compile(r"[\u2018\u2019\u201a\u201b\u2032]")
_DQUOTES = re.compile(r"[\u201c\u201d\u201e\u201f\u2033]")
# Every run of spaces/tabs/... becomes one space: the odd ones are first made spaces
# (str.replace), then runs of two or more spaces collapse (a literal-led pattern re
# finds at C speed; a class-led one was tried at every position and cost 35 us a letter).
_ODD_SPACES = ("\t", "\f", "\v")
_SPACE_RUNS = re.compile("  +")
_MANY_NEWLINES = re.compile(r"\n\s*\n+")

# Lines that state a field ("Specialty: Urology", "Re: Referral to ENT").
_LABELLED_LINE = re.compile(
    r"^\s*(?:department|dept|clinic|specialty|speciality|service|services|team|unit|"
    r"referral to|referred to|refer to|to|re|subject|priority|urgency|referral type|"
    r"clinic type|document type|type)\b\s*[:\-]",
    re.IGNORECASE,
)

_QUOTED = re.compile(r'"[^"\n]{1,400}"|\'[^\'\n]{12,400}\'(?=[\s.,;:)]|$)')
_REPORTED_SPEECH = FastPattern(
    r"\b(?:you (?:wrote|said|asked|mentioned|stated|requested|described)|your (?:referral |e-?rs )?(?:letter |request |form )?"
    r"(?:said|says|stated|states|asked|mentioned|requested|read|reads|noted|notes)|as per your (?:referral|letter))"
    r"[^.\n]{0,200}[.\n]"
)
_ADDRESS_LINE = re.compile(r"^\s*(?:to|re|fao|dear|cc|copy to|subject)\b", re.IGNORECASE)

_SALUTATION = re.compile(r"^\s*(?:dear|to whom)\b", re.IGNORECASE)

HEADER_CHARS = 700
HEADER_LINES = 14

# Words that, in the same clause just before a mention, negate it or make it history.
_NEGATION_WORDS = frozenset(
    [
        "not",
        "no",
        "non",
        "without",
        "neither",
        "nor",
        "denies",
        "denied",
        "doesn't",
        "isn't",
        "wasn't",
        "don't",
        "excluded",
    ]
)
_NEGATION_PHRASES = ("rather than", "ruled out", "no need", "no evidence of", "no suspicion")
_HISTORY_WORDS = frozenset(
    ["history", "previously", "previous", "past", "known", "pmh", "ago", "cc", "formerly", "prior"]
)
_HISTORY_PHRASES = (
    "under the care of",
    "seen by",
    "seen in",
    "followed up by",
    "discharged from",
    "copy to",
    "under ",
    "reviewed by",
)
_WORDS = re.compile(r"[a-z']+")


def _clause_before(text: str, start: int, width: int) -> str:
    window = text[max(0, start - width) : start]
    rfind = window.rfind
    cut = max(rfind("."), rfind(";"), rfind(":"), rfind("\n"), rfind("!"), rfind("?"))
    return window[cut + 1 :] if cut >= 0 else window


@dataclass(frozen=True, slots=True)
class LetterText:
    """A letter prepared once for all rules: normalised text and its regions."""

    text: str  # normalised, lower case
    header: str  # first lines (letterhead, addressee, Re: line)
    labelled: str  # lines that state a field, joined with newlines
    body: str  # everything after the header
    unquoted: str  # text without quotations (a hospital letter quoting the GP's referral)
    letterhead: str  # first lines that are not addressee/Re:/salutation lines
    hits: frozenset[str] = frozenset()  # rule anchors present (see fastre.anchor_hits)
    # the same for ``unquoted`` (cutting a quotation out can join new words), passed
    # to the rules as ``gates`` when they search it
    unquoted_hits: frozenset[str] = frozenset()

    @property
    def length(self) -> int:
        return len(self.text)


def normalise(raw: str) -> str:
    """Lower-case, unify dashes/quotes and collapse runs of spaces (keeps newlines)."""
    text = raw.replace("\r\n", "\n").replace("\r", "\n")
    if not text.isascii():
        text = _DASHES.sub("-", text)
        text = _QUOTES.sub("'", text)
        text = _DQUOTES.sub('"', text)
        text = text.replace("\u00a0", " ")
    for char in _ODD_SPACES:
        if char in text:
            text = text.replace(char, " ")
    if "  " in text:
        text = _SPACE_RUNS.sub(" ", text)
    text = _MANY_NEWLINES.sub("\n\n", text)
    return text.lower().strip()


def prepare(raw: str | None) -> LetterText:
    """Split a letter into the regions the rules weigh differently."""
    text = normalise(raw or "")
    hits = anchor_hits(text)
    lines = [line for line in map(str.strip, text.split("\n")) if line]
    header_lines: list[str] = []
    size = 0
    for line in lines:
        if len(header_lines) >= HEADER_LINES or size >= HEADER_CHARS:
            break
        header_lines.append(line)
        size += len(line) + 1
        if _SALUTATION.match(line):
            break  # the letter proper starts after "Dear ..."
    header = "\n".join(header_lines)
    # (a labelled line has a ":" or "-" after its label: others need no regex)
    labelled = "\n".join(
        line for line in lines if ("-" in line or ":" in line) and _LABELLED_LINE.match(line)
    )
    body = "\n".join(lines[len(header_lines) :])
    unquoted = _QUOTED.sub(" ", text)
    speech_hits = hits if unquoted == text else None  # anchors of the text searched only
    for match in reversed(list(_REPORTED_SPEECH.finditer(unquoted, speech_hits))):
        unquoted = unquoted[: match.start()] + " " + unquoted[match.end() :]
    letterhead = "\n".join(
        [line for line in lines[:6] if len(line) <= 100 and not _ADDRESS_LINE.match(line)][:3]
    )
    return LetterText(
        hits=hits,
        unquoted_hits=hits if unquoted == text else anchor_hits(unquoted),
        text=text,
        header=header,
        labelled=labelled,
        body=body,
        unquoted=unquoted,
        letterhead=letterhead,
    )


def is_negated(text: str, start: int) -> bool:
    """True when the words just before ``start`` (same clause) negate the match."""
    clause = _clause_before(text, start, 40)
    if any(phrase in clause for phrase in _NEGATION_PHRASES):
        return True
    return not _NEGATION_WORDS.isdisjoint(_WORDS.findall(clause.replace("non-", "non ")))


def is_history(text: str, start: int) -> bool:
    """True when the match sits in a history/copy clause ("previously seen by cardiology")."""
    clause = _clause_before(text, start, 60)
    if any(phrase in clause for phrase in _HISTORY_PHRASES):
        return True
    return not _HISTORY_WORDS.isdisjoint(_WORDS.findall(clause))


_TICKED_BEFORE = re.compile(r"(?:\[\s*[x✓✔*]\s*\]|\(\s*[x✓✔*]\s*\)|[☒☑✓✔■]|\byes\b\s*[:\-]?)\s*$")
_EMPTY_BEFORE = re.compile(r"(?:\[\s*\]|\(\s*\)|[☐□]|\bno\b\s*[:\-]?)\s*$")
_TICKED_AFTER = re.compile(r"^[^\n\w]{0,4}(?:yes\b|\[\s*[x✓✔*]\s*\]|[☒☑✓✔])")
_EMPTY_AFTER = re.compile(r"^[^\n\w]{0,4}(?:no\b|n/a\b|\[\s*\]|[☐□])")


def checkbox_state(text: str, start: int, end: int) -> bool | None:
    """For an option on a form: True if ticked ("[x] Urgent", "Urgent: yes"), False if
    left empty ("[ ] Urgent", "No Urgent", "2WW: no"), None when it is not a form option."""
    line_start = text.rfind("\n", 0, start) + 1
    before = text[max(line_start, start - 8) : start]
    after = text[end : end + 24]
    if _TICKED_BEFORE.search(before):
        return True
    if _EMPTY_BEFORE.search(before):
        return False
    # "(suspected cancer)" style glosses may sit between the option and its answer.
    after = re.sub(r"^\s*\([^)\n]{0,40}\)", "", text[end : end + 64])[:24]
    if _TICKED_AFTER.search(after):
        return True
    if _EMPTY_AFTER.search(after):
        return False
    return None


def snippet(text: str, start: int, end: int, width: int = 30) -> str:
    """A short evidence snippet around a match (may hold patient text: never log it)."""
    left = max(0, start - width)
    right = min(len(text), end + width)
    return text[left:right].replace("\n", " ").strip()
