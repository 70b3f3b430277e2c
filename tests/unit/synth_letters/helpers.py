"""Checks shared by the renderer tests: is each truth fact findable in a letter's text?"""

from __future__ import annotations

import re
import unicodedata

from pars.synth.letters import lexicon, variants
from pars.synth.model import DocumentEvent


def fold(text: str) -> str:
    """Lower case without accents: PDFs and legacy encodings print 'Wiśniewski' as 'Wisniewski'."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def digits_only(text: str) -> str:
    return re.sub(r"[^0-9]", "", text)


def has_nhs_number(text: str, nhs: str) -> bool:
    for form in (f"{nhs[:3]} {nhs[3:6]} {nhs[6:]}", f"{nhs[:3]}-{nhs[3:6]}-{nhs[6:]}", nhs):
        if form in text:
            return True
    return False


def has_date(text: str, value: str) -> bool:
    d = variants.as_date(value)
    low = text.lower()  # dictated letters may lose their casing ("12 march 2025")
    return any(variants.format_date(d, style).lower() in low for style in variants.DATE_STYLES)


def has_wording(text: str, options: tuple[str, ...], canonical: str) -> bool:
    low = text.lower()
    return canonical.lower() in low or any(o.lower() in low for o in options)


def missing_facts(text: str, event: DocumentEvent) -> list[str]:
    """Names of truth facts a careful reader could not find in the text."""
    truth = event.truth
    text = " ".join(text.split())  # wrapped lines still read as one sentence
    missing = []
    if truth.get("nhs_number") and not has_nhs_number(text, truth["nhs_number"]):
        missing.append("nhs_number")
    for key in ("letter_date", "patient_birth_date", "event_date"):
        if truth.get(key) and not has_date(text, truth[key]):
            missing.append(key)
    if fold(event.patient.person.family_name) not in fold(text):
        missing.append("patient_name")
    if truth.get("clinician") and truth["clinician"].split()[-1].lower() not in text.lower():
        missing.append("clinician")
    if truth.get("provider_name") and truth["provider_name"].lower() not in text.lower():
        missing.append("provider_name")
    for c in event.diagnoses:
        if not has_wording(
            text,
            lexicon.DIAGNOSIS_WORDINGS.get(c.icd10, ())
            + lexicon.DIAGNOSIS_WORDINGS.get(c.icd10[:3], ()),
            c.text,
        ):
            missing.append(f"diagnosis {c.icd10}")
    for p in event.procedures:
        if not has_wording(
            text,
            lexicon.PROCEDURE_WORDINGS.get(p.opcs4, ())
            + lexicon.PROCEDURE_WORDINGS.get(p.opcs4[:3], ()),
            p.text,
        ):
            missing.append(f"procedure {p.opcs4}")
    return missing
