"""NHS number extraction: the patient's number, valid check digit only.

Letters carry several 10-digit-ish numbers: hospital numbers and MRNs,
telephone and fax numbers, referral ids. Only a number whose modulus-11 check
digit passes is ever returned; a number labelled as something else is never
returned; and a number next to an NHS label beats an unlabelled one.
"""

from __future__ import annotations

import re

from pars.coding.extract.text import AnyCase, Doc, snippet
from pars.coding.types import Extracted
from pars.core.nhs_number import is_valid_nhs_number

# groups may be split by a space, a hyphen or a line wrap ("NHS number 533\n349 4649")
# starts with \d (not the look-behind) so that `re` skips to digits at C speed;
# "(?<![\w/.]\d)" after the first digit is the same test as "(?<![\w/.])" before it
_CANDIDATE_RE = re.compile(
    r"(\d(?<![\w/.]\d)\d\d)(?:[ \u00a0\-]|\r?\n)?(\d{3})(?:[ \u00a0\-]|\r?\n)?(\d{4})(?![\w/]|\.\d)"
)
# the same on ASCII text, led by "[0-9]": `re` tests a range inline but a Unicode class
# ("\d") through a call per character, so the scan for a first digit runs ~30% faster
_ASCII_CANDIDATE_RE = re.compile(
    _CANDIDATE_RE.pattern.replace(r"(\d(?<![\w/.]\d)", r"([0-9](?<![\w/.][0-9])", 1)
)

# labels are case-insensitive (AnyCase: written in lower case, read on lower-cased text)
_NHS_LABEL_RE = AnyCase(
    r"\bn\.?\s*h\.?\s*s\.?(?:\s*(?:no\.?|num(?:ber)?|#|id|number))?\s*[:#\-.]?\s*$"
)
_NHS_LABEL_LOOSE_RE = AnyCase(r"\bnhs\b")
_OTHER_LABEL_RE = AnyCase(
    r"(?:\bhosp(?:ital)?\.?\s*(?:no|num|number|id|ref)?\b|\bmrn\b|\bunit\s*(?:no|number)\b|"
    r"\bcase\s*(?:note|no)|\bpas\b|\bk\s*(?:no|number)\b|\brtt\b|\bubrn\b|\bref(?:erence)?\b|"
    r"\btel(?:ephone)?\b|\bphone\b|\bmob(?:ile)?\b|\bfax\b|\bcontact\b|\bext\b|\bbleep\b|"
    r"\bpager\b|\bcall\b|\bring\b|\bsms\b|\btext\b|\bbooking\b|\bappointment\s*(?:no|line)|"
    r"\blocal\s*(?:no|id|number)\b|\bpatient\s*id\b|\bclinic\s*code\b|\bgmc\b|\bnmc\b|\bods\b|"
    r"\bsort\s*code\b|\baccount\b|\binvoice\b|\border\b|\bsample\b|\blab\b|\baccession\b)"
    r"[^\n]{0,20}$"
)
# another person's number ("Mother's NHS no", "baby's NHS number") is not the patient's
_OTHER_PERSON_RE = AnyCase(
    r"\b(?:mother|father|mum|dad|partner|husband|wife|baby|son|daughter|spouse|carer|sibling|"
    r"brother|sister|twin|child)(?:'s|s')?\b[^\n]{0,20}$"
)


def _lower_ascii(text: str) -> str | None:
    """The lower-cased text for AnyCase patterns, or None beyond ASCII."""
    return text.lower() if text.isascii() else None


def extract_nhs_number(doc: Doc) -> Extracted:
    """The patient's NHS number: labelled and valid first, else the first valid unlabelled one."""
    text = doc.text
    best: tuple[float, int, str, int, int] | None = None
    candidates = _ASCII_CANDIDATE_RE if text.isascii() else _CANDIDATE_RE
    for m in candidates.finditer(text):
        digits = m.group(1) + m.group(2) + m.group(3)
        if not is_valid_nhs_number(digits):
            continue
        before = text[max(doc.line_start(m.start()), m.start() - 40) : m.start()]
        low = _lower_ascii(before)
        if _OTHER_PERSON_RE.search(before, low):
            continue
        nhs_labelled = _NHS_LABEL_RE.search(before, low)
        if not nhs_labelled and _OTHER_LABEL_RE.search(before, low):
            continue
        if nhs_labelled:
            score = 0.99
        elif _NHS_LABEL_LOOSE_RE.search(before, low):
            score = 0.95
        else:
            prev = doc.previous_nonblank_line(m.start())
            low = _lower_ascii(prev)
            if _NHS_LABEL_RE.search(prev, low) or prev.strip().lower().endswith(
                ("nhs number", "nhs no")
            ):
                score = 0.97
            elif _OTHER_LABEL_RE.search(prev, low):
                continue
            else:
                score = 0.7
                if "\n" in m.group(0):
                    continue  # two numbers on two lines join into a checksum-valid one 1 time in 11
                if digits[0] == "0":
                    continue  # a phone number (01442 ...), never an English NHS number
                # a spaced 3-3-4 number is how letters write NHS numbers
                if m.group(0) != digits:
                    score = 0.85
        key = (score, -m.start())
        if best is None or key > (best[0], -best[1]):
            best = (score, m.start(), digits, m.start(), m.end())
    if best is None:
        return Extracted.none()
    score, _, digits, start, end = best
    return Extracted(digits, score, snippet(text, start, end, pad=15))
