"""Identity resolution for SUS rows whose NHS number is missing or mistyped and that linked to no letter."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Protocol

from pars.reconcile.documents import Letter
from pars.sus.records import AdmissionRecord, OutpatientRecord


class LinkResultLike(Protocol):
    resolved_nhs: dict[str, str]


def _digits_close(a: str, b: str) -> bool:
    """Two or fewer differing digits (covers one transposition or two mistyped digits)."""
    return len(a) == len(b) and sum(1 for x, y in zip(a, b, strict=True) if x != y) <= 2


def resolve_identities(
    outpatients: Sequence[OutpatientRecord],
    admissions: Sequence[AdmissionRecord],
    letters: Sequence[Letter],
    result: LinkResultLike,
    known_patients: Iterable[tuple[str, str, date | None]],
) -> int:
    """Rows still without an NHS number: the one patient of that practice and birth date.

    Rows that linked to no letter (follow-ups long after the referral, say) can
    still be recognised: patients are known from letters, valid SUS rows and
    patient lists by (practice, birth date). A row is resolved only when exactly
    one known patient fits (and, if the row has a mistyped number, it is within
    two digits of it), so ambiguity leaves the row unresolved rather than wrong.
    """
    known: dict[tuple[str, date], set[str]] = {}

    def add(practice: str | None, nhs: str | None, birth: date | None) -> None:
        if practice and nhs and birth:
            known.setdefault((practice, birth), set()).add(nhs)

    for letter in letters:
        add(letter.practice_code, letter.nhs_number, letter.birth_date)
    for records in (outpatients, admissions):
        for record in records:
            add(record.practice_code, record.nhs_number, record.birth_date)
    for practice, nhs, birth in known_patients:
        add(practice, nhs, birth)
    count = 0
    for prefix, records in (("o", outpatients), ("a", admissions)):
        for i, record in enumerate(records):
            uid = f"{prefix}{i}"
            if record.nhs_number or uid in result.resolved_nhs:
                continue
            if record.practice_code is None or record.birth_date is None:
                continue
            candidates = known.get((record.practice_code, record.birth_date), set())
            raw = record.nhs_number_raw
            if raw:
                candidates = {c for c in candidates if _digits_close(raw, c)}
            if len(candidates) == 1:
                result.resolved_nhs[uid] = next(iter(candidates))
                count += 1
    return count
