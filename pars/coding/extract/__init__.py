"""Field extraction (interface 4): the facts a letter states about itself.

``extract_fields(text, hints)`` returns an :class:`~pars.coding.types.Extracted`
for each of nhs_number, patient_birth_date, letter_date, event_date,
patient_name, clinician, provider_code, provider_name, diagnoses and
procedures. Pure Python, no Django; every regex and lexicon is compiled once.

``hints`` may carry values a structured format already states (formats.md §1
keys, from the reader's ``fields``), which win over text extraction, plus
``document_type``, ``direction`` and ``practice_code`` to steer roles, and
``clinicians`` (names of the practice's clinicians from the registry) so that
"Dear Dr Wilson" can be written out as "Dr Chidi Wilson" when only one fits.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from typing import Any

from pars.coding.extract.clinical import extract_clinical
from pars.coding.extract.dates import extract_dates, parse_date
from pars.coding.extract.kind import guess_kind
from pars.coding.extract.matcher import Tokens
from pars.coding.extract.names import (
    expand_from_registry,
    extract_clinician,
    extract_patient_name,
)
from pars.coding.extract.nhs import extract_nhs_number
from pars.coding.extract.provider import combined_index, default_providers, extract_provider
from pars.coding.extract.text import Doc
from pars.coding.types import Extracted
from pars.core.nhs_number import is_valid_nhs_number

__all__ = ["FIELDS", "extract_fields", "parse_date"]

FIELDS = (
    "nhs_number",
    "patient_birth_date",
    "letter_date",
    "event_date",
    "patient_name",
    "clinician",
    "provider_code",
    "provider_name",
    "diagnoses",
    "procedures",
)


def _hinted(key: str, value: Any) -> Extracted | None:
    """A structured value from the reader, validated; None when unusable."""
    if value in (None, "", []):
        return None
    if key == "nhs_number":
        digits = str(value).replace(" ", "").replace("-", "")
        return Extracted(digits, 0.99, "structured field") if is_valid_nhs_number(digits) else None
    if key in ("patient_birth_date", "letter_date", "event_date"):
        if isinstance(value, dt.date):
            return Extracted(value.isoformat(), 0.99, "structured field")
        try:
            return Extracted(
                dt.date.fromisoformat(str(value)[:10]).isoformat(), 0.99, "structured field"
            )
        except ValueError:
            parsed = parse_date(str(value))
            return Extracted(parsed.isoformat(), 0.95, "structured field") if parsed else None
    if key in ("diagnoses", "procedures"):
        return Extracted(list(value), 0.95, "structured field") if isinstance(value, list) else None
    return Extracted(str(value), 0.95, "structured field")


def extract_fields(
    text: str,
    hints: dict | None = None,
    *,
    providers: tuple[Any, ...] | None = None,
    today: dt.date | None = None,
) -> dict[str, Extracted]:
    """Every interface-4 field of one letter's text.

    ``providers`` (objects with code, name, site_names) defaults to
    ``pars.refdata.load_providers()``; tests inject their own list.
    """
    hints = dict(hints or {})
    # one code point per accented letter (Wiśniewski typed or pasted either way)
    text = unicodedata.normalize("NFC", text or "")
    doc = Doc(text)
    tokens = Tokens(text)
    document_type, direction = guess_kind(text, hints)
    out: dict[str, Extracted] = {}
    out["nhs_number"] = extract_nhs_number(doc)
    out.update(extract_dates(doc, document_type=document_type, direction=direction, today=today))
    out["patient_name"] = extract_patient_name(doc)
    out["clinician"] = expand_from_registry(
        extract_clinician(doc, direction), hints.get("clinicians")
    )
    providers = tuple(default_providers() if providers is None else providers)
    matches = combined_index(providers).find(tokens)  # clinical terms and provider names, one pass
    out.update(
        extract_provider(
            doc,
            direction=direction,
            providers=providers,
            practice_code=hints.get("practice_code"),
            tokens=tokens,
            found=matches,
        )
    )
    out.update(
        extract_clinical(text, out["letter_date"].value, tokens, matches, direction, document_type)
    )
    for key in FIELDS:
        value = hints.get(key)
        hinted = _hinted(key, value) if value is not None else None
        if hinted is not None:
            out[key] = hinted
    return out
