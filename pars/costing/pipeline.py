"""From coded documents to priced events, accruals and RTT clocks in one call."""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

from pars.core.periods import FinancialYear
from pars.costing.accruals import SusActivity, SusIndex, accrue
from pars.costing.assumptions import AssumptionTable, load_assumptions
from pars.costing.calibration import calibrate
from pars.costing.events import PricedEvent, price_pathways
from pars.pathways import Letter, LinkSettings, Pathway, RTTClock, link_pathways, rtt_clock
from pars.tariff import Tariff, TariffLookupError, load_tariff, shipped_years

log = logging.getLogger(__name__)


@functools.cache
def nearest_tariff(financial_year: str) -> Tariff:
    """The year's tariff, or the nearest shipped year when there is none (the source shows which)."""
    try:
        return load_tariff(financial_year)
    except TariffLookupError:
        years = shipped_years()
        wanted = FinancialYear.parse(financial_year)
        chosen = years[0] if wanted < FinancialYear.parse(years[0]) else years[-1]
        log.warning("no tariff for %s: pricing at %s", financial_year, chosen)
        return load_tariff(chosen)


@functools.lru_cache(maxsize=4096)
def tariff_in_force(day: date) -> Tariff:
    return nearest_tariff(str(FinancialYear.of(day)))


#: months of letters answering referrals before the as-at date that `pars cost` needs to
#: calibrate: the smallest history at which the calibrated table beat the indicative one
#: and came within 10% at every measured cut-off (11 months: 0.94-1.05 on four worlds;
#: 10: 0.87-1.08; 9: 0.85-1.08, worse than the table on one; docs/costing.md)
CALIBRATE_MIN_MONTHS = 11


def history_months(pathways: Iterable[Pathway], as_of: date) -> float:
    """How far back the linked history goes: months from the first letter answering a referral.

    Counted from the answers (clinic letters, discharge summaries), not from the
    referrals: every estimator in ``calibrate`` learns from what providers wrote
    back, and a first upload often holds referrals made long before its letters
    begin (on generated worlds a backlog from 9 months earlier, which made 6
    months of letters read as 15 and calibrate on them: 0.72-0.89 of what was
    billed, docs/costing.md).
    """
    starts = [
        lt.date
        for p in pathways
        if p.referral is not None and p.referral.date is not None and p.referral.date <= as_of
        for lt in p.letters[1:]
        if lt.date is not None and lt.date <= as_of
    ]
    # both ends count: 1 October to 30 September is 12 months of history
    return ((as_of - min(starts)).days + 1) / (365.25 / 12) if starts else 0.0


def assumptions_for(
    pathways: list[Pathway],
    as_of: date,
    base: AssumptionTable,
    *,
    min_months: float = CALIBRATE_MIN_MONTHS,
) -> AssumptionTable:
    """The table `pars cost` accrues with by default: calibrated on the group's history when
    there is at least ``min_months`` of it, else ``base`` (the indicative table).

    The group's own pathways say more about its providers than national
    proxies do (on synthetic worlds the indicative table over-accrues by a
    third to three quarters; docs/costing.md). Which rows were calibrated is
    logged, so a user can see what the accruals rest on.
    """
    months = history_months(pathways, as_of)
    if months < min_months:
        log.info(
            "accrual assumptions: %.1f months of history since the first reply to a referral (< %s): using %s",
            months,
            min_months,
            base.origin,
        )
        return base
    table = calibrate(pathways, as_of, base)
    calibrated = sorted(t for t, row in table.rows.items() if row.status == "calibrated")
    kept = sorted(t for t, row in table.rows.items() if row.status != "calibrated")
    log.info(
        "accrual assumptions calibrated on %.1f months of history to %s: rows %s; kept from %s: %s",
        months,
        as_of,
        ", ".join(calibrated) or "none",
        base.origin,
        ", ".join(kept) or "none",
    )
    return table


@dataclass(slots=True)
class CostResult:
    pathways: list[Pathway]
    events: list[PricedEvent]
    accruals: list[PricedEvent]
    clocks: list[RTTClock]
    as_of: date
    skipped: dict[str, int] = field(default_factory=dict)

    def records(self) -> list[dict]:
        """formats.md §5 lines: events by date then document, then the accruals."""
        return [e.as_record() for e in self.events] + [a.as_record() for a in self.accruals]


def letters_from_coded(
    records: Iterable[Mapping], skipped: dict[str, int] | None = None
) -> list[Letter]:
    letters = []
    for record in records:
        if record.get("error"):
            if skipped is not None:
                skipped["unreadable"] = skipped.get("unreadable", 0) + 1
            continue
        letter = Letter.from_coded(record)
        if letter.date is None:
            if skipped is not None:
                skipped["undated"] = skipped.get("undated", 0) + 1
            continue
        letters.append(letter)
    return letters


def cost_letters(
    letters: Iterable[Letter],
    *,
    as_of: date,
    sus: Iterable[SusActivity] | None = None,
    assumptions: AssumptionTable | None = None,
    settings: LinkSettings | None = None,
    choose_assumptions: Callable[[list[Pathway]], AssumptionTable] | None = None,
) -> CostResult:
    """Link, price, accrue and clock. Letters after ``as_of`` are ignored (not yet known).

    ``choose_assumptions``, when given, picks the accrual table from the linked
    pathways (e.g. ``assumptions_for``: calibrated on them), so the history is
    linked once.
    """
    known = [lt for lt in letters if lt.date is not None and lt.date <= as_of]
    pathways = link_pathways(known, settings)
    events = price_pathways(pathways, tariff_in_force)
    if choose_assumptions is not None:
        assumptions = choose_assumptions(pathways)
    accruals = accrue(
        pathways,
        as_of,
        assumptions or load_assumptions(),
        sus=SusIndex(sus) if sus is not None else None,
        tariff_for=tariff_in_force,
    )
    clocks = [c for c in (rtt_clock(p, as_of) for p in pathways) if c is not None]
    return CostResult(pathways, events, accruals, clocks, as_of)
