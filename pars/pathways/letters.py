"""Coded documents (formats.md §1) as the plain records pathway linking and costing work on."""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import PurePath

_TITLES = {"mr", "mrs", "ms", "miss", "dr", "mx", "master", "prof", "sir", "rev", "lady", "lord"}
_NAME_TOKEN = re.compile(r"[a-z][a-z'\-]*")
#: values of a coded record's optional ``attendance`` key that mean a missed appointment
DNA_WORDS = {"did_not_attend", "dna", "not_attended"}


def _date(value: object) -> date | None:
    if isinstance(value, date):
        return value
    if not value:
        return None
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _text(value: object) -> str | None:
    """A string field as text, or None (numbers from hand-made JSON are accepted)."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float | str):
        text = str(value).strip()
        return text or None
    return None


def _codes(items: object, key: str) -> tuple[str, ...]:
    if not isinstance(items, list):
        return ()
    found = []
    for item in items:
        code = item.get(key) if isinstance(item, Mapping) else None
        if isinstance(code, str) and code.strip():
            found.append(code.strip().upper())
    return tuple(found)


@functools.lru_cache(maxsize=65536)
def name_key(name: str | None) -> str | None:
    """Given name + family name, lower case, titles and middle names dropped.

    "Mrs Jane A Smith", "SMITH, Jane" and "Jane Smith" all give "jane|smith",
    so a letter without an NHS number can still be matched on name and birth
    date.
    """
    if not name:
        return None
    text = name.lower()
    if "," in text:
        family, _, given = text.partition(",")
        text = f"{given} {family}"
    tokens = [t for t in _NAME_TOKEN.findall(text) if t not in _TITLES and len(t) > 1]
    if len(tokens) < 2:
        return None
    return f"{tokens[0]}|{tokens[-1]}"


@functools.lru_cache(maxsize=4096)
def trust_of(provider_code: str | None) -> str | None:
    """Trust part of an ODS code (a 5-character site code RWG02 belongs to RWG)."""
    if not provider_code:
        return None
    code = provider_code.strip().upper()
    if len(code) == 5 and not re.fullmatch(r"[A-Z]\d{5}", code) and code[:3].isalnum():
        return code[:3]
    return code


@dataclass(slots=True)
class Letter:
    """One coded document, reduced to what pathways and costing need."""

    document_id: str
    file: str | None
    practice_code: str | None
    document_type: str | None
    direction: str | None
    letter_date: date | None
    event_date: date | None
    nhs_number: str | None
    birth_date: date | None
    patient_name: str | None
    clinician: str | None
    provider_code: str | None
    specialty_tfc: str | None
    urgency: str | None
    service_type: str | None
    outcome: str | None
    diagnoses: tuple[str, ...] = ()
    procedures: tuple[str, ...] = ()
    extra: dict = field(default_factory=dict)
    # derived once (costing a year reads them millions of times)
    _is_referral: bool = field(init=False, repr=False, compare=False, default=False)
    _date: date | None = field(init=False, repr=False, compare=False, default=None)

    def __post_init__(self) -> None:
        self._is_referral = self.document_type == "referral" and self.direction != "incoming"
        if self._is_referral:
            self._date = self.letter_date or self.event_date
        else:
            self._date = self.event_date or self.letter_date

    @property
    def date(self) -> date | None:
        """When the activity happened: the event date for incoming letters, else the letter date."""
        return self._date

    @property
    def is_referral(self) -> bool:
        return self._is_referral

    @property
    def did_not_attend(self) -> bool:
        """The letter reports a missed appointment (DNA).

        formats.md §1 has no key for it; a coded record may say so with the
        optional ``attendance`` key (``did_not_attend`` / ``dna``) or
        ``attended: false``, kept in ``extra``.
        """
        value = self.extra.get("attendance")
        if isinstance(value, str) and value.strip().lower().replace(" ", "_") in DNA_WORDS:
            return True
        return self.extra.get("attended") is False

    @property
    def provider_trust(self) -> str | None:
        return trust_of(self.provider_code)

    @property
    def name_key(self) -> str | None:
        return name_key(self.patient_name)

    @classmethod
    def from_coded(cls, record: Mapping) -> Letter:
        """Build from a formats.md §1 object; missing keys read as null."""
        file = record.get("file")
        document_id = record.get("document_id") or (
            PurePath(file).stem if isinstance(file, str) and file else None
        )
        tfc = _text(record.get("specialty_tfc"))
        return cls(
            document_id=str(document_id or record.get("sha256") or "unknown"),
            file=file if isinstance(file, str) else None,
            practice_code=_text(record.get("practice_code")),
            document_type=_text(record.get("document_type")),
            direction=_text(record.get("direction")),
            letter_date=_date(record.get("letter_date")),
            event_date=_date(record.get("event_date")),
            nhs_number=_text(record.get("nhs_number")),
            birth_date=_date(record.get("patient_birth_date")),
            patient_name=_text(record.get("patient_name")),
            clinician=_text(record.get("clinician")),
            provider_code=_text(record.get("provider_code")),
            specialty_tfc=tfc.zfill(3) if tfc else None,
            urgency=_text(record.get("urgency")),
            service_type=_text(record.get("service_type")),
            outcome=_text(record.get("outcome")),
            diagnoses=_codes(record.get("diagnoses"), "icd10"),
            procedures=_codes(record.get("procedures"), "opcs4"),
            extra={key: record[key] for key in ("attendance", "attended") if key in record},
        )
