"""Patient name and clinician, as written.

Patient: after "Re:", "Patient:", "Name:" (also "SMITH, Jane"), with DOB, NHS
number and address fragments cut off and the title dropped. Clinician, per
formats.md: for outgoing letters the referring clinician (a "Referrer:" label
or the signatory), for incoming letters the GP the letter is addressed to
("GP:", "To: Dr ...", "Dear Dr ...").
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from pars.coding.extract.text import TITLE_RE, TITLE_WORDS, Doc, LinePattern, snippet, squash
from pars.coding.types import Extracted

_LETTER = r"[^\W\d_]"
_NAME_CHAR = rf"(?:{_LETTER}|['\u2019\-])"
_NAME_WORD = rf"{_LETTER}{_NAME_CHAR}*\.?"  # any script's letters: Wiśniewski, O'Brien, Smith-Jones
_PATIENT_LABEL_RE = LinePattern(
    r"^[ \t>*|]*(?:re|regarding|subject|patient(?:'s)?(?:\s+(?:full\s+)?name)?|pt(?:\s+name)?|"
    r"full\s+name|name(?:\s+of\s+patient)?|surname,?\s*forename|patient\s+details)"
    r"(?:[ \t]*[:\-\u2013|][ \t]*|\t+[ \t]*|[ ]{2,})(?P<rest>[^\n|]+)",
    re.I,
)
_CUT_RE = re.compile(
    r"(?:\s*[,;(\[|\u2013\u2014]\s*|\s+-\s+|\s+)(?P<marker>d\.?\s?o\.?\s?b|date\s+of\s+birth|born|b\.\s*\d|"
    r"nhs|hosp|mrn|unit|age[sd]?\b|\d|address|dob|male\b|female\b|m\b|f\b|gender|sex\b|ref\b|tel\b)",
    re.I,
)
_NON_NAME_WORDS = frozenset(
    [
        "referral",
        "refer",
        "re",
        "clinic",
        "letter",
        "appointment",
        "discharge",
        "summary",
        "report",
        "hip",
        "knee",
        "pain",
        "left",
        "right",
        "urgent",
        "routine",
        "two",
        "week",
        "wait",
        "suspected",
        "cancer",
        "request",
        "for",
        "the",
        "of",
        "and",
        "with",
        "to",
        "patient",
        "dear",
        "thank",
        "you",
        "your",
        "ultrasound",
        "scan",
        "x-ray",
        "mri",
        "ct",
        "outpatient",
        "follow",
        "up",
        "review",
        "assessment",
        "on",
        "at",
        "department",
        "hospital",
        "surgery",
        "practice",
        "trust",
        "service",
        "nhs",
    ]
)
_WORD_RE = re.compile(rf"^{_LETTER}(?:{_NAME_CHAR}|\.)*$")
_PARTICLES = frozenset(
    ["van", "von", "der", "de", "da", "di", "del", "la", "le", "bin", "ibn", "al", "el", "du", "st"]
)
_SURNAME_FIRST_RE = re.compile(rf"^({_LETTER}{_NAME_CHAR}+),\s*(.+)$")
_SURNAMES_FIRST_RE = re.compile(
    rf"^({_LETTER}{_NAME_CHAR}+(?:\s+{_LETTER}{_NAME_CHAR}+){{0,2}}),\s*(.+)$"
)
_CLINICIAN_LABEL_OUT_RE = LinePattern(
    r"^[ \t|]*(?:referr(?:er|ing\s+(?:clinician|gp|doctor|practitioner))|referred\s+by|from|"
    r"requested\s+by|requesting\s+(?:clinician|gp|doctor)|sender|usual\s+gp|signed|gp)"
    r"(?:[ \t]*[:\-|][ \t]*|\t+[ \t]*|[ ]{2,})(?P<rest>[^\n|]+)",
    re.I,
)
_CLINICIAN_LABEL_IN_RE = LinePattern(
    r"^[ \t|]*(?:(?:registered|usual|patient'?s)?[ \t]*gp(?:[ \t]+(?:name|details|address|practice))?|to|"
    r"general\s+practitioner|"
    r"addressee|recipient|copy\s+to\s+gp|requested\s+by|requesting\s+(?:clinician|gp|doctor)|"
    r"referr(?:er|ing\s+(?:clinician|gp|doctor)|ed\s+by)|for|attention)"
    r"(?:[ \t]*[:\-|][ \t]*|\t+[ \t]*|[ ]{2,}|[ ](?=(?i:dr|doctor)\b))(?P<rest>[^\n|]+)",
    re.I,
)
_DEAR_RE = LinePattern(rf"^[ \t]*Dear\s+(?P<rest>{TITLE_WORDS}\.?\s+[^\n,]+)", re.I)
_SIGN_OFF_RE = LinePattern(
    r"^[ \t]*(?:yours\s+(?:sincerely|faithfully|truly)|kind(?:est)?\s+regards|best\s+wishes|"
    r"with\s+(?:best|kind)\s+(?:wishes|regards)|many\s+thanks|regards|thanks(?:\s+again)?|"
    r"sincerely|electronically\s+signed(?:\s+by)?|signed)[ \t,.:!]*(?:$|(?=(?i:Dr|Mr|Mrs|Ms|Miss)\b))",
    re.I,
)
_CAP_NAME_WORD = rf"(?=[^\W\d_])(?-i:[^\W\d_a-z]){_NAME_CHAR}*\.?"  # starts upper case
_PARTICLE_WORD = r"(?-i:van|von|der|den|de|da|di|du|le|la|del|dos|das|ter|ten|bin|al|el)"
_TITLED_NAME_RE = re.compile(
    rf"\b(?P<name>(?i:{TITLE_WORDS})\.?\s+(?:(?:{_CAP_NAME_WORD}|{_PARTICLE_WORD})\s+){{0,4}}{_CAP_NAME_WORD})"
)
_QUALIFICATION_RE = re.compile(
    r"(?:,|\s)\s*(?:MB\s?B?S|MBChB|BM\s?BS|BMedSci|BSc|MSc|MA|MD|PhD|MRCGP|MRCP|FRCP|FRCS|FRCR|"
    r"DRCOG|DFSRH|DCH|FRCOG|MRCOG|RGN|RN|DipHE|FRCGP|MRCS|FRCA|FRCPath|FRCOphth|MRCPCH|DM|"
    r"ChB|BMBS|BAO|LRCP|MRCPsych|GP|\(.*?\)).*$"
)
_ROLE_LINE_RE = re.compile(
    r"\b(?:consultant|registrar|general practitioner|gp\b|nurse|practitioner|specialist|"
    r"surgeon|physician|secretary|department|hospital|trust|clinic|dictated|typed|cc|"
    r"pp\b|p\.p\.|on behalf|signed|unsigned|electronically|partner|associate|director)",
    re.I,
)
_PLAIN_NAME_RE = re.compile(rf"^\s*(?:{_CAP_NAME_WORD}\s+){{1,3}}{_CAP_NAME_WORD}\s*$")


def _clean_person(raw: str) -> str | None:
    """A person's name from a labelled fragment: title kept, qualifications and roles cut."""
    text = squash(raw)
    m = _TITLED_NAME_RE.search(text)
    if m and m.start() < 4:
        name = m.group("name")
    else:
        name = _QUALIFICATION_RE.sub("", text).strip(" ,.;")
        if not _PLAIN_NAME_RE.match(name):
            return None
    name = _QUALIFICATION_RE.sub("", name).strip(" ,.;")
    words = name.split()
    if len(words) < 2 and not TITLE_RE.match(name + " "):
        return None
    return name or None


_WORD_SPLIT_RE = re.compile(r"[\s,]+")
_STRONG_CUT_RE = re.compile(r"(?:d\.?\s?o\.?\s?b|date\s+of\s+birth|born|nhs)", re.I)


def _clean_patient(raw: str) -> str | None:
    text = squash(raw)
    cut = _CUT_RE.search(text)
    # a name written in lower case (dictation) is trusted only when a DOB/NHS marker ends it
    lower_ok = bool(cut and _STRONG_CUT_RE.match(cut.group("marker")))
    if cut:
        text = text[: cut.start()]
    text = text.strip(" ,.;:-")
    text = TITLE_RE.sub("", text).strip()
    if not text:
        return None
    m = _SURNAME_FIRST_RE.match(text) or _SURNAMES_FIRST_RE.match(text)
    words = _WORD_SPLIT_RE.split(text)
    if not 1 < len(words) <= 5:
        return None
    for word in words:
        if not word:
            continue
        if word.lower() in _PARTICLES:
            continue
        if not ((word[0].isupper() or lower_ok) and _WORD_RE.match(word)):
            return None
        if word.lower().strip(".") in _NON_NAME_WORDS:
            return None
    if m:  # "SMITH, Jane" is written surname first; the name is Jane SMITH
        return f"{m.group(2).strip()} {m.group(1).strip()}"
    return text


# labels followed by a single space ("Re COOPER, Brian", "Name Miss Doreen WARD"), also
# mid-line in dictated text ("... health centre. re megan nguyen date of birth ...")
_RE_SPACE_RE = re.compile(
    r"(?:^[ \t>*|]*|[.;][ \t]+|\bfull[ \t]+stop[ \t]+)(?:re|regarding|name|patient(?:\s+name)?|pt)\.?[ \t]+"
    r"(?P<rest>[^\n|]+)",
    re.I | re.M,
)
# where an _RE_SPACE_RE match can begin: a line start (after "\n"), "." or ";", the "f" of "full"
# and only where a label word ("re", "name", "pa(tient)", "pt") or "full stop" follows as the
# pattern needs it: led by one class, so `re` scans for it at C speed
_RE_SPACE_START_RE = re.compile(
    r"[\n.;Ff](?:"
    r"(?<=\n)(?=[ \t>*|]*(?:[Rr][Ee]|[Nn][Aa]|[Pp][AaTt]))"
    r"|(?<=[.;])(?=[ \t]+(?:[Rr][Ee]|[Nn][Aa]|[Pp][AaTt]))"
    r"|(?<=[Ff])(?=[Uu][Ll][Ll][ \t])"
    r")"
)


def _patient_labels(head: str) -> Iterator[re.Match]:
    """Matches of both label patterns in text order, lazily: the same sequence as
    ``heapq.merge(_PATIENT_LABEL_RE.finditer(head), _RE_SPACE_RE.finditer(head[:3000]),
    key=Match.start)``, without scanning the whole head for spaced labels first.

    _RE_SPACE_RE has no literal start (``re`` would try it at every character), so it is
    tried only where it can begin, and only up to the next colon label: the caller
    usually stops at the first one.
    """
    spaced = head[:3000]
    starts = (
        m.start() + 1 if m.group() == "\n" else m.start()
        for m in _RE_SPACE_START_RE.finditer(spaced)
    )
    start: int | None = 0
    end = 0  # the end of the last spaced match: finditer's matches do not overlap

    def spaced_before(limit: int) -> Iterator[re.Match]:
        nonlocal start, end
        while start is not None and start < limit:
            if start >= end:
                found = _RE_SPACE_RE.match(spaced, start)
                if found:
                    end = found.end()
                    yield found
            start = next(starts, None)

    for label in _PATIENT_LABEL_RE.finditer(head):
        yield from spaced_before(label.start())  # on a tie the colon label comes first
        yield label
    yield from spaced_before(len(spaced) + 1)


# what every _SURNAME_LABEL_RE match holds, on lower-cased ASCII text: led by letters, not
# by \b, so `re` scans for it at C speed
_SURNAME_WORDS_RE = re.compile(r"surname|family\s+name|last\s+name")
_SURNAME_LABEL_RE = re.compile(
    r"\b(?:surname|family\s+name|last\s+name)[ \t]*[:\-]?[ \t]*(?P<surname>[^\W\d_][^\n\t,;|]*?)"
    r"(?:[ \t]{2,}|\t|[ \t]*\n[ \t]*|[ \t]*[,;|][ \t]*)"
    r"(?:forenames?(?:\(s\))?|first\s+names?|given\s+names?|christian\s+names?)[ \t]*[:\-]?[ \t]*"
    r"(?P<forenames>[^\n\t|]+?)(?=[ \t]{2,}|\t|\n|$)",
    re.I,
)


def extract_patient_name(doc: Doc) -> Extracted:
    """The patient's name from the first labelled line that holds a plausible name."""
    head = doc.text[:4000]  # the patient is named at the top of a letter
    lowered = head.lower()
    # the label regex has no literal start (slow to scan): try it only when one of its words
    # occurs ("family" and "last" are common words: on ASCII text, ask for the label itself)
    split = (
        _SURNAME_LABEL_RE.search(head)
        if ("surname" in lowered or "family" in lowered or "last" in lowered)
        and (not head.isascii() or _SURNAME_WORDS_RE.search(lowered))
        else None
    )
    if split:
        name = _clean_patient(
            f"{split.group('forenames').strip()} {split.group('surname').strip()}"
        )
        if name:
            return Extracted(name, 0.85, snippet(doc.text, split.start(), split.end(), 0))
    # both kinds of label in text order; lazily, as the first usable one usually comes early
    for m in _patient_labels(head):
        name = _clean_patient(m.group("rest"))
        if name:
            return Extracted(name, 0.9, snippet(doc.text, m.start("rest"), m.end("rest"), 5))
    # an unlabelled "Mrs Jane Smith, DOB ..." line near the top
    for m in _TITLED_LINE_RE.finditer(doc.text[:3000]):
        name = _clean_patient(m.group(1))
        if name:
            return Extracted(name, 0.6, snippet(doc.text, m.start(1), m.end(1), 5))
    return Extracted.none()


# a titled name heading a line, DOB/NHS number after it: "Mrs Jane Smith, DOB ..."
_TITLED_LINE_RE = LinePattern(
    rf"^[ \t]*({TITLE_WORDS}\.?\s+[^\n]{{3,60}}?)\s*[,(\-]?\s*(?:DOB|D\.O\.B|born|NHS)", re.I
)
_TAIL_NAME_RE = LinePattern(r"^[ \t]*((?i:Dr|Doctor|Mr|Mrs|Ms|Miss|Nurse)\.?[ \t]+[^\n]{2,60})$")


def _signatory(doc: Doc) -> tuple[str, int] | None:
    text = doc.text
    last = None
    for m in _SIGN_OFF_RE.finditer(text):
        last = m
    if last is None:
        # no sign-off: a titled name line among the last few lines ("Dr Tunde Hall\nSalaried GP")
        return _tail_name(text)
    rest = text[last.end() :]
    same_line = rest.split("\n", 1)[0]
    lines = ([same_line] if same_line.strip() else []) + rest.split("\n")[1:12]
    for line in lines:
        if not line.strip():
            continue
        name = _clean_person(line)
        if name and not _ROLE_LINE_RE.search(name):
            return name, last.end() + rest.find(line)
    return _tail_name(text)


def _tail_name(text: str) -> tuple[str, int] | None:
    """A titled name line among the last few lines, for letters with no sign-off."""
    for line_m in _TAIL_NAME_RE.finditer(text, max(0, len(text) - 400)):
        name = _clean_person(line_m.group(1))
        if name and not _ROLE_LINE_RE.search(name):
            return name, line_m.start(1)
    return None


def _expand_surname(doc: Doc, short: str) -> str:
    """'Dr Okafor' -> 'Dr Sarah Okafor' when the full form appears elsewhere in the letter."""
    parts = short.split()
    if len(parts) < 2:
        return short
    title, surname = parts[0], " ".join(parts[1:])
    if len(parts[1]) <= 2 and parts[1].rstrip(".").isupper():
        return short  # "Dr A Khan" already carries an initial
    m = _full_name_re(title, surname).search(doc.text)
    return f"{title} {squash(m.group(1))} {surname}" if m else short


@lru_cache(maxsize=1024)
def _full_name_re(title: str, surname: str) -> re.Pattern[str]:
    """``\\b{title}\\.?\\s+(First Middle )surname\\b``, led by the title itself (the word
    boundary checked behind it), so `re` scans for the title at C speed."""
    t = re.escape(title)
    return re.compile(rf"{t}(?<!\w{t})\.?\s+((?:{_CAP_NAME_WORD}\s+){{1,2}}){re.escape(surname)}\b")


_PRACTICE_WORDS = r"(?:surgery|medical\s+centre|health\s+centre|practice|medical\s+group|clinic)"
_ADDRESS_NAME_RE = LinePattern(
    rf"^[ \t]*(?P<name>(?i:Dr|Doctor)\.?[ \t]+[^\n,]{{2,50}}?)[ \t]*,?[ \t]*(?:\n[ \t]*)?"
    rf"(?=[^\n]*(?i:{_PRACTICE_WORDS}))",
)
# led by "letter" itself, the word boundary checked behind it ("\bletter"), so `re` skips to
# an "l" at C speed instead of trying the pattern at every character (~25 -> ~9 us)
_LETTER_TO_RE = re.compile(
    r"letter(?<!\wletter)\s+to\s+(?P<name>(?:dr|doctor)\.?\s+(?:[^\W\d_][\w'\u2019\-]*\s+){0,4}[^\W\d_][\w'\u2019\-]*)"
    r"\s+(?:at|of|,)",
    re.I,
)
_CC_DOCTOR_RE = LinePattern(
    r"^[ \t]*(?i:cc|copy(?:\s+to)?|copies\s+to)\s*:?\s*(?:(?i:gp)\s*:?\s*)?(?P<name>(?i:Dr|Doctor)\.?\s+[^\n,(]{2,50})",
)


def extract_clinician(doc: Doc, direction: str | None) -> Extracted:
    """Referring clinician (outgoing) or addressed GP (incoming)."""
    text = doc.text
    if direction == "outgoing":
        for m in _CLINICIAN_LABEL_OUT_RE.finditer(text):
            name = _clean_person(m.group("rest"))
            if name:
                return Extracted(name, 0.9, snippet(text, m.start("rest"), m.end("rest"), 5))
        signed = _signatory(doc)
        if signed:
            name, pos = signed
            return Extracted(name, 0.8, snippet(text, pos, pos + len(name), 5))
        return Extracted.none()
    for m in _CLINICIAN_LABEL_IN_RE.finditer(text):
        name = _clean_person(m.group("rest"))
        if name and TITLE_RE.match(name + " "):
            return Extracted(
                _expand_surname(doc, name), 0.85, snippet(text, m.start("rest"), m.end("rest"), 5)
            )
    # the address block: "Dr Noah Bennett\nWarners End Family Practice" near the top
    for m in _ADDRESS_NAME_RE.finditer(text, 0, min(len(text), 1500)):
        name = _clean_person(m.group("name"))
        if name:
            return Extracted(name, 0.8, snippet(text, m.start("name"), m.end("name"), 5))
    m = _DEAR_RE.search(text)
    if m:
        name = _clean_person(m.group("rest"))
        if name and name.split()[0].lower().strip(".") in ("dr", "doctor"):
            return Extracted(
                _expand_surname(doc, name), 0.75, snippet(text, m.start("rest"), m.end("rest"), 5)
            )
    # dictated: "letter to dr ethan van der merwe at grovehill family practice"
    m = _LETTER_TO_RE.search(text, 0, min(len(text), 2000))
    if m:
        return Extracted(
            squash(m.group("name")), 0.6, snippet(text, m.start("name"), m.end("name"), 5)
        )
    # a letter to the patient copies the GP in: "cc: Dr Callum Collins, Adeyfield Health Centre"
    for m in _CC_DOCTOR_RE.finditer(text):
        name = _clean_person(m.group("name"))
        if name:
            return Extracted(name, 0.6, snippet(text, m.start("name"), m.end("name"), 5))
    if direction is None:
        signed = _signatory(doc)
        if signed:
            name, pos = signed
            return Extracted(name, 0.4, snippet(text, pos, pos + len(name), 5))
    return Extracted.none()


def expand_from_registry(found: Extracted, clinicians: list[str] | None) -> Extracted:
    """'Dr Wilson' -> 'Dr Chidi Wilson' when exactly one registry clinician has that surname."""
    if not clinicians or not isinstance(found.value, str):
        return found
    parts = found.value.split()
    if len(parts) != 2 or not TITLE_RE.match(found.value):
        return found
    surname = parts[1].lower()
    matches = {
        name
        for name in clinicians
        if isinstance(name, str) and name.split() and name.split()[-1].lower() == surname
    }
    if len(matches) != 1:
        return found
    full = matches.pop()
    if not TITLE_RE.match(full):
        full = f"{parts[0]} {full}"
    return Extracted(full, min(found.confidence, 0.7), found.evidence)
