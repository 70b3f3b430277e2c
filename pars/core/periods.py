"""NHS financial years (1 April to 31 March), written ``2025/26``."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

_PATTERN = re.compile(r"(\d{4})[/-](\d{2}|\d{4})")


@dataclass(frozen=True, slots=True, order=True)
class FinancialYear:
    start_year: int

    @classmethod
    def parse(cls, text: str) -> FinancialYear:
        match = _PATTERN.fullmatch(text.strip())
        if not match:
            raise ValueError(f"{text!r} is not a financial year like 2025/26")
        start = int(match.group(1))
        end = match.group(2)
        if int(end[-2:]) != (start + 1) % 100:
            raise ValueError(
                f"{text!r} is not a financial year: the second year must follow the first"
            )
        return cls(start)

    @classmethod
    def of(cls, day: date) -> FinancialYear:
        return cls(day.year if day.month >= 4 else day.year - 1)

    @property
    def first_day(self) -> date:
        return date(self.start_year, 4, 1)

    @property
    def last_day(self) -> date:
        return date(self.start_year + 1, 3, 31)

    def __contains__(self, day: date) -> bool:
        return self.first_day <= day <= self.last_day

    @property
    def slug(self) -> str:
        """File-name form, ``2025-26``."""
        return f"{self.start_year}-{(self.start_year + 1) % 100:02d}"

    def __str__(self) -> str:
        return f"{self.start_year}/{(self.start_year + 1) % 100:02d}"


def financial_year_of(day: date) -> str:
    return str(FinancialYear.of(day))
