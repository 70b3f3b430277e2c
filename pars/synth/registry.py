"""Registry CSVs of a synthetic world (formats.md §2).

Budgets are set per head of list from indicative per-capita spends (docs/
synthetic-data.md) with some variation between practices; contracts are the
activity the world actually bills per provider, point of delivery and
financial year, scaled to a full year and perturbed by up to 10%, so plans
and actuals are close but never equal.
"""

from __future__ import annotations

import csv
import random
from collections import defaultdict
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from pars.core.periods import FinancialYear
from pars.synth.population import list_sizes, month_starts

if TYPE_CHECKING:
    from pars.synth.world import World

# Indicative spend per registered patient per year (GBP), by point of delivery.
PER_CAPITA_BUDGET = {
    "outpatient_first": 60, "outpatient_follow_up": 55, "outpatient_procedure": 12,
    "elective": 45, "day_case": 70, "non_elective": 240, "diagnostic_imaging": 14,
    "prescribing": 165,
}  # fmt: skip


def _write(path: Path, header: list[str], rows) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def financial_years(start: date, end: date) -> list[FinancialYear]:
    years = []
    year = FinancialYear.of(start)
    while year.first_day <= end:
        years.append(year)
        year = FinancialYear(year.start_year + 1)
    return years


def site_names(provider_code: str) -> tuple[str, ...]:
    """Every site of a provider from reference data (the world keeps only the usual one)."""
    try:
        from pars.refdata import provider_by_code
    except ImportError:  # pragma: no cover
        return ()
    info = provider_by_code(provider_code)
    return info.site_names if info else ()


def write_registry(world: World, root: Path) -> None:
    rng = random.Random(f"{world.config.seed}:registry")
    folder = root / "registry"
    _write(folder / "practices.csv", ["practice_code", "name", "address", "postcode", "group_code"], (
        [w.practice.code, w.practice.name, ", ".join(w.practice.address_lines), w.practice.postcode, "06N"]
        for w in world.practices
    ))  # fmt: skip
    _write(folder / "clinicians.csv", ["clinician_id", "practice_code", "name", "role", "start_date", "end_date"], (
        [s.clinician.clinician_id, s.clinician.practice_code, s.clinician.name, s.clinician.role,
         s.start_date.isoformat(), s.end_date.isoformat() if s.end_date else ""]
        for w in world.practices for s in w.staff
    ))  # fmt: skip
    _write(folder / "list_sizes.csv", ["practice_code", "month", "sex", "age_band", "patients"],
           list_sizes(world.patients, month_starts(world.start, world.end)))  # fmt: skip
    _write(folder / "providers.csv", ["provider_code", "name", "site_names"], (
        [p.code, p.name, "|".join(site_names(p.code) or ([p.site] if p.site else []))]
        for p in world.providers.values()
    ))  # fmt: skip
    years = financial_years(world.start, world.end)
    _write(folder / "budgets.csv", ["practice_code", "financial_year", "point_of_delivery", "amount"], (
        [w.practice.code, str(year), pod, f"{w.list_size * per_head * rng.uniform(0.92, 1.08):.2f}"]
        for w in world.practices for year in years for pod, per_head in PER_CAPITA_BUDGET.items()
    ))  # fmt: skip
    _write(folder / "contracts.csv", ["provider_code", "financial_year", "point_of_delivery", "planned_activity", "planned_value"],
           contract_rows(world, years, rng))  # fmt: skip


def contract_rows(world: World, years: list[FinancialYear], rng: random.Random) -> list[list[str]]:
    activity: dict[tuple[str, str, str], list[Decimal]] = defaultdict(list)
    for row in world.outpatients:
        if row.setting == "diagnostic_imaging":
            pod = "diagnostic_imaging"
        elif row.setting == "outpatient_procedure":
            pod = "outpatient_procedure"
        else:
            pod = "outpatient_first" if row.first else "outpatient_follow_up"
        activity[(row.provider_code, str(FinancialYear.of(row.day)), pod)].append(row.price)
    for spell in world.spells:
        activity[
            (spell.provider_code, str(FinancialYear.of(spell.discharge)), spell.setting)
        ].append(spell.price)
    coverage = {}
    for year in years:
        first = max(year.first_day, world.start)
        last = min(year.last_day, world.end)
        coverage[str(year)] = 365 / max(1, (last - first).days + 1)
    rows = []
    for (provider, year, pod), prices in sorted(activity.items()):
        factor = coverage.get(year, 1.0) * rng.uniform(0.9, 1.1)
        rows.append(
            [
                provider,
                year,
                pod,
                str(round(len(prices) * factor)),
                f"{float(sum(prices)) * factor:.2f}",
            ]
        )
    return rows
