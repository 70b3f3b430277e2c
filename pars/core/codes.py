"""Value types for the coding systems at PARS's edges (formats.md, "Codes used throughout")."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import ClassVar


@dataclass(frozen=True, slots=True)
class _Code:
    value: str
    pattern: ClassVar[re.Pattern[str]]
    label: ClassVar[str]

    def __post_init__(self) -> None:
        cleaned = self.normalise(self.value)
        if not self.pattern.fullmatch(cleaned):
            raise ValueError(f"{self.value!r} is not a valid {self.label}")
        object.__setattr__(self, "value", cleaned)

    @staticmethod
    def normalise(text: str) -> str:
        return text.strip().upper()

    @classmethod
    def is_valid(cls, text: str | None) -> bool:
        return bool(text) and bool(cls.pattern.fullmatch(cls.normalise(text)))

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True, slots=True)
class ODSCode(_Code):
    """ODS organisation code: practice (A12345), trust (RWG), trust site (RWG02) or independent (NT4xx)."""

    pattern: ClassVar[re.Pattern[str]] = re.compile(r"[A-Z]\d{5}|[A-Z0-9]{3}|[A-Z0-9]{5}")
    label: ClassVar[str] = "ODS code"

    @property
    def is_practice(self) -> bool:
        return bool(re.fullmatch(r"[A-Z]\d{5}", self.value))

    @property
    def trust(self) -> str:
        """The organisation part of a site code (first three characters)."""
        return self.value[:3]


@dataclass(frozen=True, slots=True)
class PracticeCode(_Code):
    """GP practice ODS code: one letter and five digits (E82031)."""

    pattern: ClassVar[re.Pattern[str]] = re.compile(r"[A-Z]\d{5}")
    label: ClassVar[str] = "GP practice ODS code (a letter and five digits)"


@dataclass(frozen=True, slots=True)
class TreatmentFunctionCode(_Code):
    """Treatment Function Code: three digits; whether it is a *known* TFC is refdata's business."""

    pattern: ClassVar[re.Pattern[str]] = re.compile(r"\d{3}")
    label: ClassVar[str] = "Treatment Function Code (three digits)"


@dataclass(frozen=True, slots=True)
class ICD10Code(_Code):
    """ICD-10 code in dotted form (K40.9); ``K409`` is accepted and dotted."""

    pattern: ClassVar[re.Pattern[str]] = re.compile(r"[A-Z]\d{2}(\.\d{1,2})?[A-Z]?")
    label: ClassVar[str] = "ICD-10 code"

    @staticmethod
    def normalise(text: str) -> str:
        cleaned = text.strip().upper().rstrip("X-").replace(" ", "")
        if len(cleaned) > 3 and "." not in cleaned:
            cleaned = f"{cleaned[:3]}.{cleaned[3:]}"
        return cleaned

    @property
    def category(self) -> str:
        return self.value[:3]


@dataclass(frozen=True, slots=True)
class OPCS4Code(_Code):
    """OPCS-4 code in dotted form (W37.1); ``W371`` is accepted and dotted."""

    pattern: ClassVar[re.Pattern[str]] = re.compile(r"[A-Z]\d{2}(\.\d)?")
    label: ClassVar[str] = "OPCS-4 code"

    @staticmethod
    def normalise(text: str) -> str:
        cleaned = text.strip().upper().replace(" ", "")
        if len(cleaned) == 4 and "." not in cleaned:
            cleaned = f"{cleaned[:3]}.{cleaned[3:]}"
        return cleaned

    @property
    def category(self) -> str:
        return self.value[:3]
