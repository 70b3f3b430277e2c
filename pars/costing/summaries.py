"""Budgets and contracts: actual to date + accruals = forecast, against plan.

Budgets (budgets.csv, per practice, year and point of delivery) are compared
with PARS's priced activity for the practice's patients; contracts
(contracts.csv, per provider) with activity counts and values. Actual = priced
events dated in the financial year up to the as-at date; accruals = the
expected cost of open referrals, split by point of delivery.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from pars.core.periods import FinancialYear
from pars.costing.events import PricedEvent
from pars.pathways.letters import trust_of

POINTS_OF_DELIVERY = (
    "outpatient_first",
    "outpatient_follow_up",
    "outpatient_procedure",
    "elective",
    "day_case",
    "non_elective",
    "diagnostic_imaging",
    "prescribing",
)
_ACCRUAL_POD = {"diagnostic_imaging": "diagnostic_imaging"}


@dataclass(slots=True)
class Line:
    key: str  # practice or provider code
    financial_year: str
    point_of_delivery: str
    planned_activity: float | None = None
    planned_value: Decimal | None = None
    actual_activity: float = 0.0
    actual_value: Decimal = Decimal(0)
    accrued_activity: float = 0.0
    accrued_value: Decimal = Decimal(0)

    @property
    def forecast_activity(self) -> float:
        return self.actual_activity + self.accrued_activity

    @property
    def forecast_value(self) -> Decimal:
        return self.actual_value + self.accrued_value

    @property
    def variance(self) -> Decimal | None:
        """Forecast minus plan (positive = overspend)."""
        return None if self.planned_value is None else self.forecast_value - self.planned_value

    def as_record(self, key_name: str) -> dict:
        return {
            key_name: self.key,
            "financial_year": self.financial_year,
            "point_of_delivery": self.point_of_delivery,
            "planned_activity": self.planned_activity,
            "planned_value": None if self.planned_value is None else float(self.planned_value),
            "actual_activity": round(self.actual_activity, 2),
            "actual_value": float(self.actual_value),
            "accrued_activity": round(self.accrued_activity, 2),
            "accrued_value": float(self.accrued_value),
            "forecast_activity": round(self.forecast_activity, 2),
            "forecast_value": float(self.forecast_value),
            "variance": None if self.variance is None else float(self.variance),
        }


def _read(path: Path, needed: tuple[str, ...]) -> list[dict]:
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in needed if c not in (reader.fieldnames or [])]
        if missing:
            raise ValueError(f"{path.name} lacks column(s) {', '.join(missing)}")
        rows = []
        for line, row in enumerate(reader, start=2):
            if row.get("point_of_delivery") not in POINTS_OF_DELIVERY:
                raise ValueError(
                    f"{path.name} line {line}: unknown point_of_delivery {row.get('point_of_delivery')!r}"
                )
            try:
                row["financial_year"] = str(FinancialYear.parse(row["financial_year"]))
            except ValueError as exc:
                raise ValueError(f"{path.name} line {line}: {exc}") from exc
            rows.append(row)
        return rows


def _number(text: str | None, path: Path, what: str) -> Decimal | None:
    if text in (None, ""):
        return None
    try:
        return Decimal(text.replace(",", "").replace("£", ""))
    except ArithmeticError as exc:
        raise ValueError(f"{path.name}: {what} {text!r} is not a number") from exc


def _accumulate(
    lines: dict[tuple[str, str, str], Line],
    key_of,
    events: Iterable[PricedEvent],
    accruals: Iterable[PricedEvent],
    as_of,
) -> None:
    for event in events:
        pod = event.point_of_delivery
        key = key_of(event)
        if pod is None or key is None or event.date > as_of:
            continue
        line = lines.setdefault(
            (key, event.financial_year, pod), Line(key, event.financial_year, pod)
        )
        line.actual_activity += 1
        line.actual_value += event.price_gbp
    year = str(FinancialYear.of(as_of))
    for accrual in accruals:
        key = key_of(accrual)
        if key is None or not accrual.parts:
            continue
        for pod, value in accrual.parts["value"].items():
            pod = _ACCRUAL_POD.get(pod, pod)
            line = lines.setdefault((key, year, pod), Line(key, year, pod))
            line.accrued_value += value
            line.accrued_activity += accrual.parts["count"].get(pod, 0.0)


def budget_lines(
    budgets_csv: Path | None, events: Iterable[PricedEvent], accruals: Iterable[PricedEvent], as_of
) -> list[Line]:
    """Per practice, year and point of delivery: budget vs actual + accruals = forecast."""
    lines: dict[tuple[str, str, str], Line] = {}
    if budgets_csv is not None:
        for row in _read(
            budgets_csv, ("practice_code", "financial_year", "point_of_delivery", "amount")
        ):
            key = (
                row["practice_code"].strip().upper(),
                row["financial_year"],
                row["point_of_delivery"],
            )
            line = lines.setdefault(key, Line(*key))
            line.planned_value = (line.planned_value or Decimal(0)) + (
                _number(row["amount"], budgets_csv, "amount") or Decimal(0)
            )
    _accumulate(lines, lambda e: e.practice_code, events, accruals, as_of)
    return sorted(
        lines.values(),
        key=lambda x: (x.key, x.financial_year, POINTS_OF_DELIVERY.index(x.point_of_delivery)),
    )


def contract_lines(
    contracts_csv: Path | None,
    events: Iterable[PricedEvent],
    accruals: Iterable[PricedEvent],
    as_of,
) -> list[Line]:
    """Per provider, year and point of delivery: planned vs actual vs forecast activity and value."""
    lines: dict[tuple[str, str, str], Line] = {}
    if contracts_csv is not None:
        needed = (
            "provider_code",
            "financial_year",
            "point_of_delivery",
            "planned_activity",
            "planned_value",
        )
        for row in _read(contracts_csv, needed):
            key = (
                row["provider_code"].strip().upper(),
                row["financial_year"],
                row["point_of_delivery"],
            )
            line = lines.setdefault(key, Line(*key))
            activity = _number(row["planned_activity"], contracts_csv, "planned_activity")
            line.planned_activity = (line.planned_activity or 0.0) + float(activity or 0)
            line.planned_value = (line.planned_value or Decimal(0)) + (
                _number(row["planned_value"], contracts_csv, "planned_value") or Decimal(0)
            )
    _accumulate(lines, lambda e: trust_of(e.provider_code), events, accruals, as_of)
    return sorted(
        lines.values(),
        key=lambda x: (x.key, x.financial_year, POINTS_OF_DELIVERY.index(x.point_of_delivery)),
    )
