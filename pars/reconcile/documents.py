"""Coded letters (formats.md §1 objects) as the plain ``Letter`` records reconciliation needs.

Accepts any §1 producer: ``pars code`` output, the engine's ``code_paths``, a
synthetic world's truth/documents.jsonl. Fields that are missing or malformed
become None rather than errors, because a letter the coder half-read still
evidences what it can.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from pars.core.codes import OPCS4Code, PracticeCode
from pars.core.nhs_number import is_valid_nhs_number, normalise_nhs_number

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Letter:
    document: str
    file: str | None
    practice_code: str | None
    document_type: str | None
    direction: str | None
    letter_date: date | None
    event_date: date | None
    nhs_number: str | None
    birth_date: date | None
    provider_code: str | None  # organisation part (3 characters for trusts)
    specialty_tfc: str | None
    service_type: str | None
    urgency: str | None
    procedures: tuple[str, ...]  # OPCS-4 codes, main first
    specialty_confidence: float | None = None  # the coder's confidence in specialty_tfc

    @property
    def is_referral(self) -> bool:
        return self.document_type == "referral" and self.direction == "outgoing"

    @property
    def is_discharge(self) -> bool:
        return self.document_type == "discharge_summary" and self.direction != "outgoing"

    @property
    def date(self) -> date | None:
        """The activity date the letter evidences: event date, else letter date."""
        return self.event_date or self.letter_date


def _date(value: object) -> date | None:
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def _text(value: object) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def _confidence(obj: dict, name: str) -> float | None:
    value = (
        (obj.get("confidence") or {}).get(name) if isinstance(obj.get("confidence"), dict) else None
    )
    return float(value) if isinstance(value, int | float) else None


def organisation(code: str | None) -> str | None:
    """The trust part of an ODS code (``RWG02`` -> ``RWG``); practice codes stay whole."""
    if not code:
        return None
    code = code.strip().upper()
    if PracticeCode.is_valid(code):
        return code
    return code[:3]


def _practice_from_path(file: str | None) -> str | None:
    if not file:
        return None
    for part in reversed(Path(file).parts[:-1]):
        if PracticeCode.is_valid(part):
            return part.upper()
    return None


def letter_from_coded(obj: dict) -> Letter | None:
    """One §1 object as a Letter; None for a document that could not be read at all."""
    if obj.get("error") and not obj.get("document_type"):
        return None
    file = _text(obj.get("file"))
    document = _text(obj.get("document_id")) or (Path(file).stem if file else None)
    if document is None:
        return None
    nhs = obj.get("nhs_number")
    nhs = normalise_nhs_number(nhs) if isinstance(nhs, str) else None
    procedures = []
    for item in obj.get("procedures") or []:
        code = item.get("opcs4") if isinstance(item, dict) else None
        if isinstance(code, str) and OPCS4Code.is_valid(code):
            procedures.append(OPCS4Code(code).value)
    practice = _text(obj.get("practice_code"))
    practice = practice.upper() if practice and PracticeCode.is_valid(practice) else None
    tfc = _text(obj.get("specialty_tfc"))
    return Letter(
        document=document,
        file=file,
        practice_code=practice or _practice_from_path(file),
        document_type=_text(obj.get("document_type")),
        direction=_text(obj.get("direction")),
        letter_date=_date(obj.get("letter_date")),
        event_date=_date(obj.get("event_date")),
        nhs_number=nhs if nhs and is_valid_nhs_number(nhs) else None,
        birth_date=_date(obj.get("patient_birth_date")),
        provider_code=organisation(_text(obj.get("provider_code"))),
        specialty_tfc=tfc if tfc and len(tfc) == 3 and tfc.isdigit() else None,
        service_type=_text(obj.get("service_type")),
        urgency=_text(obj.get("urgency")),
        procedures=tuple(procedures),
        specialty_confidence=_confidence(obj, "specialty_tfc"),
    )


def letters_from_objects(objects: Iterable[dict]) -> list[Letter]:
    letters = []
    for obj in objects:
        letter = letter_from_coded(obj)
        if letter is not None:
            letters.append(letter)
    return letters


def count_unreadable(objects: Iterable[dict]) -> dict[str, int]:
    """Documents each practice sent that could not be read: evidence PARS cannot see."""
    counts: dict[str, int] = {}
    for obj in objects:
        if obj.get("error") and not obj.get("document_type"):
            practice = _text(obj.get("practice_code")) or _practice_from_path(
                _text(obj.get("file"))
            )
            if practice:
                counts[practice] = counts.get(practice, 0) + 1
    return counts


def read_letters(objects: Iterable[dict]) -> tuple[list[Letter], dict[str, int]]:
    """One pass over §1 objects: the letters, and each practice's count of unreadable ones."""
    letters: list[Letter] = []
    unreadable: dict[str, int] = {}
    for obj in objects:
        letter = letter_from_coded(obj)
        if letter is not None:
            letters.append(letter)
        elif obj.get("error"):
            practice = _text(obj.get("practice_code")) or _practice_from_path(
                _text(obj.get("file"))
            )
            if practice:
                unreadable[practice] = unreadable.get(practice, 0) + 1
    return letters, unreadable


def iter_jsonl(path: str | Path) -> Iterator[dict]:
    """Objects of a JSON-lines file; a broken line is logged by number and skipped."""
    with Path(path).open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError:
                logger.warning("skipped unreadable JSON line", extra={"line": number})
                continue
            if isinstance(obj, dict):
                yield obj


def load_coded_jsonl(path: str | Path) -> list[Letter]:
    return letters_from_objects(iter_jsonl(path))


def code_documents(directory: str | Path, *, jobs: int = 1, progress: bool = False) -> list[dict]:
    """Code the letters under ``directory`` as ``pars code`` would (interface 6): §1 objects."""
    from pars.coding.engine import code_paths  # the coding engine is optional for file work

    return list(code_paths([str(directory)], jobs=jobs, progress=progress))
