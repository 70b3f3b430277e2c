"""Dates: find every date in a letter, then decide which is the letter date,
the event date (clinic attendance, admission, test) and the birth date.

UK letters are day-first (12/03/2025 is 12 March). Roles come from labels on
the same line or the line above ("Date:", "Clinic date:", "DOB", "Date of
admission"), from the sentence around an unlabelled date ("seen in clinic
on ..."), and from position: an unlabelled date near the top is the letter
date.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass

from pars.coding.extract.text import AnyCase, Doc, snippet
from pars.coding.types import Extracted

_MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4,
    "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9,
    "sept": 9, "september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11,
    "dec": 12, "december": 12,
}  # fmt: skip
_MONTH_ALT = "|".join(sorted(_MONTHS, key=len, reverse=True))
_WEEKDAY = r"(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+"
_WEEKDAY_RE = re.compile(rf"^{_WEEKDAY}", re.IGNORECASE)

# Every alternative starts with a digit, so the scan is cheap; a weekday before
# the day ("Thursday 12 March 2025") needs no matching of its own.
DATE_RE = re.compile(
    rf"(?<![\w/.\-])(?:"
    rf"(?P<iy>\d{{4}})-(?P<im>\d{{1,2}})-(?P<id>\d{{1,2}})"
    rf"|(?P<nd>\d{{1,2}})\s?(?P<sep>[/.\-])\s?(?P<nm>\d{{1,2}})\s?(?P=sep)\s?(?P<ny>\d{{4}}|\d{{2}})"
    rf"|(?P<td>\d{{1,2}})(?:st|nd|rd|th)?(?:\s+of)?[\s\-/.]*(?P<tm>{_MONTH_ALT})\.?"
    rf"(?:[\s\-/.,]*(?P<ty>\d{{4}}|'?\d{{2}}))?"
    rf")(?![\w/]|[.\-]\d)",
    re.IGNORECASE,
)
# "March 12, 2025" (rare in UK letters): accepted by parse_date only
_US_DATE_RE = re.compile(
    rf"(?:{_WEEKDAY})?(?P<um>{_MONTH_ALT})\.?\s+(?P<ud>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<uy>\d{{4}})",
    re.IGNORECASE,
)

_BIRTH_LABEL = AnyCase(
    r"(?:\bd\.?\s?o\.?\s?b\b\.?|\bdate\s+of\s+birth|\bbirth\s*date|\bborn(?:\s+on)?|\bb\.)\s*[:\-]?\s*$",
)
_DISCHARGE_LABEL = AnyCase(
    r"(?:\bdate\s+of\s+discharge|\bdischarge\s+date|\bdischarged(?:\s+home)?(?:\s+on)?|"
    r"\bdate\s+discharged)\b[^\n]{0,6}$",
)
_EVENT_LABEL = AnyCase(
    r"(?:\bclinic\s+date|\bdate\s+of\s+(?:clinic|attendance|appointment|admission|examination|exam|"
    r"procedure|operation|surgery|scan|test|investigation|study|visit|consultation|review|"
    r"assessment|service|contact|session|encounter|treatment|endoscopy|imaging|x-?ray|"
    r"ultrasound|mri|ct|sample|collection|episode)|"
    r"\b(?:attendance|appointment|admission|admitted|examination|exam|procedure|operation|"
    r"scan|test|investigation|study|visit|consultation|assessment|encounter|contact|"
    r"treatment|collection|sample|session)\s+(?:date|on|dated)|"
    r"\bdate\s+(?:seen|of\s+visit|attended|admitted|examined|performed|scanned|reported|"
    r"collected|taken)|\bseen\s+(?:on|in\s+(?:\w+\s+){0,3}on)|\bclinic\s+(?:on|held\s+on|of)|"
    r"\battended\s+(?:\w+\s+){0,4}on|\badmitted\s+(?:\w+\s+){0,4}on|\breviewed\s+(?:\w+\s+){0,3}on|"
    r"\badm\b\.?|\bdoa\b|\bdate\s+adm(?:itted)?\b\.?|"
    r"\b(?:saw|met|seen|reviewed|examined|assessed|treated|operated|admitted|attended|presented|came|"
    r"underwent|performed|scanned|visited)\s+(?:[\w'\-]+\s+){0,6}on|\bsaw\s+(?:\w+\s+){0,5}on|\badmitted|\battended|\bseen|\bexamined|\bscanned|"
    r"\bdate\s+of\s+(?:ed\s+)?(?:arrival|attendance)|\barrival(?:\s+date)?|\barrived|\bpresented(?:\s+on)?|"
    r"\bassessed(?:\s+on)?|\bassessment\s+date|\binitial\s+assessment|\bsession\s+date|\btreated(?:\s+on)?|"
    r"\boperation\s+date|\bdate\s+of\s+(?:first\s+)?(?:contact|session)|\bexamined\s+(?:\w+\s+){0,3}on|\bperformed\s+(?:\w+\s+){0,3}on|"
    r"\bunderwent\s+(?:\w+\s+){0,6}on|\bscanned\s+on|\bcarried\s+out\s+on|\bdate\s+of\s+event|"
    r"\bevent\s+date|\bclinic|\badmission|\bexamination)\b[^\n\d]{0,8}$",
)
_LETTER_LABEL = AnyCase(
    r"(?:\bdate(?:\s+of\s+(?:letter|referral|report|dictation|typing))?|\bletter\s+date|"
    r"\breferral\s+date|\bdictated(?:\s+on)?|\btyped(?:\s+on)?|\bdate\s+(?:typed|dictated|sent|"
    r"printed|written|issued|created|verified|authorised|of\s+issue)|\bsent(?:\s+on)?|"
    r"\bprinted(?:\s+on)?|\bwritten(?:\s+on)?|\bcreated(?:\s+on)?|\bissued(?:\s+on)?|"
    r"\bdated|\breported(?:\s+on)?|\bauthori[sz]ed(?:\s+on)?|\bverified(?:\s+on)?|"
    r"\b(?:summary\s+)?completed(?:\s+on)?|\bdate\s+(?:completed|signed|requested|of\s+request)|"
    r"\brequest(?:ed)?(?:\s+(?:on|date))?|\bsigned(?:\s+on)?|\bapproved(?:\s+on)?|"
    r"\bfinali[sz]ed(?:\s+on)?|\bletter\s+(?:typed|dictated|sent)|\bdate\s+of\s+(?:discharge\s+)?summary|"
    r"\bsummary\s+(?:date|sent|written|created|completed))"
    r"\b[^\n\d]{0,6}$",
)
_FOLLOW_UP_LABEL = AnyCase(
    r"(?:\b(?:follow[\s-]*up|f/?u)(?:\s+(?:appointment|clinic|visit|review|attendance))?(?:\s+(?:on|date))?|"
    r"\bnext\s+(?:appointment|review|clinic)|\breview\s+(?:in|on)|\bappointment\s+(?:for|booked)|"
    r"\breview(?:\s+(?:date|appointment|clinic))?\s*:|\bclinic\s+review)"
    r"(?:\b|(?<=:))[^\n\d]{0,12}$",
)
_IGNORE_LABEL = AnyCase(
    r"(?:\breceived|\bscanned\s+in|\bdue|\bexpiry|\buntil|\bbefore|"
    r"\bby|\bfrom|\bsince|\bstart(?:ed)?|\bstop(?:ped)?|\blast\s+(?:seen|period)|\blmp|\bedd)"
    r"\b[^\n\d]{0,12}$",
)


@dataclass(slots=True)
class FoundDate:
    """One date in the text, with its role guessed from its label."""

    value: dt.date
    start: int
    end: int
    role: str  # birth, letter, event, discharge, ignore, unknown


def _year(text: str, today: dt.date) -> int:
    text = text.lstrip("'")
    if len(text) == 4:
        return int(text)
    yy = int(text)
    pivot = (today.year + 1) % 100
    return 2000 + yy if yy <= pivot else 1900 + yy


def parse_date_match(m: re.Match[str], today: dt.date) -> dt.date | None:
    """The date a DATE_RE match denotes (UK day-first), or None if it is not a real date."""
    g = dict.fromkeys(("iy", "nd", "td", "um"))
    g.update(m.groupdict())
    try:
        if g["iy"]:
            return dt.date(int(g["iy"]), int(g["im"]), int(g["id"]))
        if g["nd"]:
            return dt.date(_year(g["ny"], today), int(g["nm"]), int(g["nd"]))
        if g["td"]:
            if not g["ty"]:
                return None
            return dt.date(_year(g["ty"], today), _MONTHS[g["tm"].lower()], int(g["td"]))
        if g["um"]:
            return dt.date(int(g["uy"]), _MONTHS[g["um"].lower()], int(g["ud"]))
    except (ValueError, KeyError):
        return None
    return None


def parse_date(text: str, today: dt.date | None = None) -> dt.date | None:
    """Parse one date written any way letters write them (the whole string must be a date)."""
    text = _WEEKDAY_RE.sub("", text.strip(), count=1)
    m = DATE_RE.fullmatch(text) or _US_DATE_RE.fullmatch(text)
    return parse_date_match(m, today or dt.date.today()) if m else None


# last three letters of every way a weekday is written (Friday, Thu, Tues, Thurs)
_WEEKDAY_ENDINGS = frozenset(
    ["day", "mon", "tue", "ues", "wed", "thu", "hur", "urs", "fri", "sat", "sun"]
)
_TRAILING_WEEKDAY_RE = re.compile(rf"{_WEEKDAY}$", re.IGNORECASE)


def _role(doc: Doc, start: int) -> str:
    text = doc.text
    line_start = doc.line_start(start)
    before = text[max(line_start, start - 70) : start]
    # "D.O.B. - Friday 27 November 1981": the weekday sits between label and date;
    # table cells ("| DOB | ...") and padded columns ("Admitted:      5 Dec") are squashed
    before = " ".join(before.split()) + " " if before.strip() else ""
    if before[-4:-1].lower() in _WEEKDAY_ENDINGS or before[-5:-2].lower() in _WEEKDAY_ENDINGS:
        before = _TRAILING_WEEKDAY_RE.sub("", before)
    before = before.rstrip(" |=\t")[-60:]  # labels are short: a shorter scan per date
    # the label belongs to this date only if no other date sits between them
    cut = max(before.rfind(ch) for ch in "\t|")
    if cut >= 0 and len(before) - cut > 40:
        before = before[cut + 1 :]
    stripped = before.rstrip(" \t:-=|(")
    if stripped.strip():
        role = _label_role(before)
        if role:
            return role
    if stripped.strip() and len(stripped) < 12:
        # a sentence broken across lines: "... whom I met in clinic\non 07-Dec-2025"
        joined = " ".join(doc.previous_nonblank_line(start).split()[-8:]) + " " + before
        role = _label_role(joined)
        if role:
            return role
    elif not stripped.strip():
        # the label is on the line above: a table column, or a sentence broken before the date
        prev = _TRAILING_WEEKDAY_RE.sub(
            "", " ".join(doc.previous_nonblank_line(start).split()[-8:]) + " "
        )
        role = _label_role(prev)
        if role:
            return role
    # an age right after the date ("12/03/1950 (75 yrs)") marks a birth date
    after = text[start : start + 40]
    if _AGE_AFTER_RE.match(after, after.lower() if after.isascii() else None):
        return "birth"
    return "unknown"


# labels in order of precedence
_LABELS = (
    ("birth", _BIRTH_LABEL),
    ("discharge", _DISCHARGE_LABEL),
    ("followup", _FOLLOW_UP_LABEL),
    ("ignore", _IGNORE_LABEL),
    ("event", _EVENT_LABEL),
    ("letter", _LETTER_LABEL),
)
_AGE_AFTER_RE = AnyCase(r"^\S+(?:\s\S+){0,3}\s*\(?\s*(?:aged?\s*)?\d{1,3}\s*(?:y|yrs|years|yo)\b")


def _label_role(before: str) -> str | None:
    """The role named by the first label (in order of precedence) that ends ``before``."""
    lower = before.lower() if before.isascii() else None
    for role, pattern in _LABELS:
        if pattern.search(before, lower):
            return role
    return None


# where a date can start: a digit not preceded by a word character, "/", "." or "-";
# led by \d, so `re` skips to digits at C speed (DATE_RE, led by its look-behind, cannot).
# The look-ahead asks what every DATE_RE alternative needs next ("2025-", "12/", "12 Ma"),
# so "5 mg", "type 2 diabetes" and phone numbers are not tried at all.
_MONTH_STARTS = "|".join(sorted({month[:2] for month in _MONTHS}))
_DATE_START_RE = re.compile(
    rf"\d(?<![\w/.\-]\d)(?=\d{{3}}-|\d?\s?[/.\-]|\d?(?:st|nd|rd|th)?(?:\s+of)?[\s\-/.]*(?:{_MONTH_STARTS}))",
    re.IGNORECASE,
)
# the same on ASCII text, led by "[0-9]" and case-blind only where letters are read: `re`
# tests a range inline but "\d" (and any class under IGNORECASE) through a call per
# character, so the scan for a first digit runs ~20% faster
_ASCII_DATE_START_RE = re.compile(
    rf"[0-9](?<![\w/.\-][0-9])"
    rf"(?=\d{{3}}-|\d?\s?[/.\-]|(?i:\d?(?:st|nd|rd|th)?(?:\s+of)?[\s\-/.]*(?:{_MONTH_STARTS})))"
)


def iter_dates(text: str) -> Iterator[re.Match[str]]:
    """``DATE_RE.finditer(text)``, tried only where a date can start (same matches, faster)."""
    last_end = 0
    match = DATE_RE.match
    starts = _ASCII_DATE_START_RE if text.isascii() else _DATE_START_RE
    for candidate in starts.finditer(text):
        start = candidate.start()
        if start < last_end:
            continue
        found = match(text, start)
        if found:
            last_end = found.end()
            yield found


def find_dates(doc: Doc, today: dt.date | None = None) -> list[FoundDate]:
    """Every parseable date in the letter, in order, with a role from its label."""
    today = today or dt.date.today()
    found: list[FoundDate] = []
    for m in iter_dates(doc.text):
        value = parse_date_match(m, today)
        if value is None or not 1900 <= value.year <= today.year + 5:
            continue
        found.append(FoundDate(value, m.start(), m.end(), _role(doc, m.start())))
    return found


_AGE_RE = re.compile(
    r"\b(\d{1,3})[\s-]*(?:yo\b|y/o\b|yrs?\b|years?[\s-]+old|year[\s-]+old|-year-old)|\baged?\s+(\d{1,3})\b",
    re.I,
)
# _AGE_RE's two alternatives, each led by what `re` can scan for at C speed (a digit; an "a"),
# the word boundary checked behind it: "\b(\d{1,3})" is "(\d(?<!\w\d)\d{0,2})"
_AGE_NUMBER_RE = re.compile(
    r"(\d(?<!\w\d)\d{0,2})[\s-]*(?:yo\b|y/o\b|yrs?\b|years?[\s-]+old|year[\s-]+old|-year-old)",
    re.I,
)
_AGED_RE = re.compile(r"[Aa](?<!\w[Aa])[Gg][Ee][Dd]?\s+(\d{1,3})\b")  # "aged 75", any case


def _stated_age(text: str) -> int | None:
    """The age of the first ``_AGE_RE`` match in text (the two halves never start alike,
    so the earlier of their first matches is the pattern's first match)."""
    number = _AGE_NUMBER_RE.search(text)
    aged = _AGED_RE.search(text)
    if number and (aged is None or number.start() < aged.start()):
        return int(number.group(1))
    return int(aged.group(1)) if aged else None


_FOUR_DIGITS_RE = re.compile(r"\d{4}")


def _fix_century(doc: Doc, birth: FoundDate, dates: list[FoundDate]) -> FoundDate:
    """A two-digit birth year ("07.05.25") read as this century, for a stated age of 100: last century."""
    written = doc.text[birth.start : birth.end]
    if _FOUR_DIGITS_RE.search(written):
        return birth
    age = _stated_age(doc.text)
    if age is None:
        return birth
    reference = max((d.value for d in dates if d.role != "birth"), default=None)
    if reference is None:
        return birth
    implied = reference.year - birth.value.year
    if abs(implied + 100 - age) <= 1 and abs(implied - age) > 1:
        try:
            older = birth.value.replace(year=birth.value.year - 100)
        except ValueError:  # 29 February
            older = birth.value.replace(year=birth.value.year - 100, day=28)
        return FoundDate(older, birth.start, birth.end, birth.role)
    return birth


def _pick(doc: Doc, items: list[FoundDate], confidence: float) -> Extracted:
    item = items[0]
    return Extracted(
        item.value.isoformat(), confidence, snippet(doc.text, item.start, item.end, 25)
    )


def extract_dates(
    doc: Doc, *, document_type: str | None, direction: str | None, today: dt.date | None = None
) -> dict[str, Extracted]:
    """letter_date, event_date and patient_birth_date for one letter."""
    dates = find_dates(doc, today)
    by_role: dict[str, list[FoundDate]] = {}
    for d in dates:
        by_role.setdefault(d.role, []).append(d)

    birth = by_role.get("birth", [])
    if birth:
        birth = [_fix_century(doc, birth[0], dates)] + birth[1:]
    birth_values = {d.value for d in birth}
    out: dict[str, Extracted] = {}
    out["patient_birth_date"] = _pick(doc, birth, 0.95) if birth else Extracted.none()

    unknown = [d for d in by_role.get("unknown", []) if d.value not in birth_values]
    letter = by_role.get("letter", [])
    if letter:
        out["letter_date"] = _pick(doc, letter, 0.9)
    else:
        top = [
            d for d in unknown if doc.relative_line(d.start) <= 0.35 or doc.line_no(d.start) < 15
        ]
        if top:
            out["letter_date"] = _pick(doc, top, 0.7)
        elif unknown:
            out["letter_date"] = _pick(doc, unknown, 0.4)
        else:
            out["letter_date"] = Extracted.none()
    letter_value = out["letter_date"].value

    if document_type == "referral" or direction == "outgoing":
        out["event_date"] = Extracted.none()
        return out
    letter_day = dt.date.fromisoformat(letter_value) if letter_value else None

    def reported(items: list[FoundDate]) -> list[FoundDate]:
        """Dates a letter can report: not the birth date, not after the letter itself."""
        return [
            d
            for d in items
            if d.value not in birth_values and (letter_day is None or d.value <= letter_day)
        ]

    # a follow-up appointment already past when the letter was written is the event reported
    events = reported(by_role.get("event", [])) or reported(by_role.get("followup", []))
    if document_type == "discharge_summary":
        admissions = [
            d for d in events if "admi" in doc.text[max(0, d.start - 70) : d.start].lower()
        ]
        events = admissions or events
    if events:
        out["event_date"] = _pick(doc, events, 0.85)
    elif document_type == "discharge_summary" and by_role.get("discharge"):
        out["event_date"] = _pick(doc, by_role["discharge"], 0.3)
    elif letter_value is not None:
        # a clinic letter that states no clinic date was usually dictated on the day
        out["event_date"] = Extracted(letter_value, 0.3, out["letter_date"].evidence)
    else:
        out["event_date"] = Extracted.none()
    return out
