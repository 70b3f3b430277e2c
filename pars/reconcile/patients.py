"""Practice patient lists: who is registered where (the input that enables ``unknown_patient``)."""

from __future__ import annotations

import csv
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from pars.core.nhs_number import is_valid_nhs_number, normalise_nhs_number

_NHS = ("nhs_number", "nhsnumber", "nhs_no")
_PRACTICE = ("practice_code", "practice", "gp_practice_code", "gpprac")
_BIRTH = ("birth_date", "patient_birth_date", "date_of_birth", "dob")


@dataclass(slots=True)
class PatientLists:
    """NHS numbers (and birth dates) registered at each practice that gave PARS its list."""

    by_practice: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    birth_dates: dict[tuple[str, date], list[str]] = field(
        default_factory=lambda: defaultdict(list)
    )

    def add(self, practice_code: str, nhs_number: str, birth_date: date | None = None) -> None:
        self.by_practice[practice_code].add(nhs_number)
        if birth_date is not None:
            self.birth_dates[(practice_code, birth_date)].append(nhs_number)

    @property
    def practices(self) -> set[str]:
        return set(self.by_practice)

    def holds(self, practice_code: str) -> bool:
        return practice_code in self.by_practice

    def knows(self, practice_code: str, nhs_number: str) -> bool:
        return nhs_number in self.by_practice.get(practice_code, ())

    def identities(self) -> list[tuple[str, str, date]]:
        """(practice, NHS number, birth date) for every listed patient with a birth date."""
        return [
            (practice, nhs, birth)
            for (practice, birth), numbers in self.birth_dates.items()
            for nhs in numbers
        ]

    def born_on(self, practice_code: str, birth_date: date) -> list[str]:
        return self.birth_dates.get((practice_code, birth_date), [])


def _pick(header: list[str], names: tuple[str, ...]) -> int | None:
    lowered = [h.strip().lower() for h in header]
    for name in names:
        if name in lowered:
            return lowered.index(name)
    return None


def load_patient_lists(path: str | Path) -> PatientLists:
    """Read a CSV with (at least) practice_code and nhs_number columns; birth_date is optional."""
    lists = PatientLists()
    with Path(path).open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader, None)
        if header is None:
            raise ValueError(f"{path} is empty")
        nhs_at, practice_at, birth_at = (
            _pick(header, _NHS),
            _pick(header, _PRACTICE),
            _pick(header, _BIRTH),
        )
        if nhs_at is None or practice_at is None:
            raise ValueError(f"{path} needs practice_code and nhs_number columns")
        for row in reader:
            if len(row) <= max(nhs_at, practice_at):
                continue
            nhs = normalise_nhs_number(row[nhs_at].strip())
            if not is_valid_nhs_number(nhs):
                continue
            birth = None
            if birth_at is not None and birth_at < len(row):
                try:
                    birth = date.fromisoformat(row[birth_at].strip()[:10])
                except ValueError:
                    birth = None
            lists.add(row[practice_at].strip().upper(), nhs, birth)
    return lists
