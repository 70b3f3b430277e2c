"""A reconciliation finding (formats.md §4), with the evidence PARS keeps beside it."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True, slots=True)
class Finding:
    """One finding. The first seven fields are the §4 keys; the rest are optional extras."""

    finding: str
    sus_record: str | None
    document: str | None
    nhs_number: str | None
    provider_code: str | None
    value_gbp: Decimal
    detail: str
    practice_code: str | None = None
    activity_date: str | None = None
    sus_kind: str | None = None
    sus_line: int | None = None
    match_weight: float | None = None
    link_method: str | None = None

    def to_json(self) -> dict:
        """The §4 object (money as a number), plus the extras PARS adds."""
        data = {
            "finding": self.finding,
            "sus_record": self.sus_record,
            "document": self.document,
            "nhs_number": self.nhs_number,
            "provider_code": self.provider_code,
            "value_gbp": float(self.value_gbp),
            "detail": self.detail,
            "practice_code": self.practice_code,
            "activity_date": self.activity_date,
            "sus_kind": self.sus_kind,
            "sus_line": self.sus_line,
            "match_weight": None if self.match_weight is None else round(self.match_weight, 2),
            "link_method": self.link_method,
        }
        return data

    @property
    def month(self) -> str | None:
        return self.activity_date[:7] if self.activity_date else None
