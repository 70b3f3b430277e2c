"""Measuring PARS's pathways and accruals against a synthetic world's truth (interface 7).

``link_accuracy`` compares referral-to-letter links with truth/pathways.csv;
``accrual_accuracy`` compares the accruals for referrals open at a cut-off
with what SUS bills for those pathways after it. Pure functions over plain
records, so the benchmark and the tests share them.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from pars.costing.events import PricedEvent
from pars.pathways import Pathway


@dataclass(frozen=True, slots=True)
class TruthPathway:
    pathway_id: str
    kind: str
    referral: str | None
    letters: tuple[str, ...]
    sus_records: tuple[str, ...]
    never_billed: bool = False
    #: "closed" when nothing more was to come when the world ended; "open" when its
    #: billing runs past the world's end (so what it billed is cut short)
    status: str = ""


def read_truth_pathways(path: Path) -> list[TruthPathway]:
    with path.open(newline="", encoding="utf-8") as handle:
        return [
            TruthPathway(
                row["pathway_id"],
                row.get("kind", ""),
                row.get("referral_document_id") or None,
                tuple(filter(None, (row.get("letter_document_ids") or "").split("|"))),
                tuple(filter(None, (row.get("sus_record_ids") or "").split("|"))),
                (row.get("never_billed") or "0") == "1",
                row.get("status") or "",
            )
            for row in csv.DictReader(handle)
        ]


def read_sus_prices(folder: Path) -> dict[str, tuple[date, Decimal]]:
    """record id -> (activity date, tariff_price) from sus_outpatients.csv / sus_admissions.csv."""
    found: dict[str, tuple[date, Decimal]] = {}
    for name, id_column, date_column in (
        ("sus_outpatients.csv", "attendance_id", "appointment_date"),
        ("sus_admissions.csv", "spell_id", "admission_date"),
    ):
        path = folder / name
        if not path.is_file():
            continue
        with path.open(newline="", encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                try:
                    found[row[id_column]] = (
                        date.fromisoformat(row[date_column]),
                        Decimal(row["tariff_price"] or "0"),
                    )
                except (ValueError, ArithmeticError):
                    continue
    return found


@dataclass(frozen=True, slots=True)
class LinkScore:
    truth_links: int  # (referral, letter) pairs in the truth, letters PARS saw
    right: int  # of those, PARS put the letter in the referral's pathway
    pars_links: int  # (referral, letter) pairs PARS made
    letters_grouped_right: int  # letters whose pathway-mates match the truth exactly
    letters: int

    @property
    def recall(self) -> float:
        return self.right / self.truth_links if self.truth_links else 1.0

    @property
    def precision(self) -> float:
        return self.right / self.pars_links if self.pars_links else 1.0


def link_accuracy(pathways: Iterable[Pathway], truth: Iterable[TruthPathway]) -> LinkScore:
    pathways = list(pathways)
    truth = list(truth)
    ours = {
        (p.referral.document_id, lt.document_id)
        for p in pathways
        if p.referral is not None
        for lt in p.letters[1:]
    }
    seen = {lt.document_id for p in pathways for lt in p.letters}
    wanted = {
        (t.referral, letter)
        for t in truth
        if t.referral and t.referral in seen
        for letter in t.letters
        if letter in seen
    }
    our_group = {
        lt.document_id: frozenset(x.document_id for x in p.letters)
        for p in pathways
        for lt in p.letters
    }
    true_group: dict[str, frozenset[str]] = {}
    for t in truth:
        members = frozenset(d for d in (t.referral, *t.letters) if d and d in seen)
        for doc in members:
            true_group[doc] = members
    grouped = sum(our_group.get(doc) == members for doc, members in true_group.items())
    return LinkScore(len(wanted), len(wanted & ours), len(ours), grouped, len(true_group))


@dataclass(frozen=True, slots=True)
class AccrualScore:
    cut_off: date
    open_referrals: int  # referrals PARS accrued for
    accrued: Decimal  # their accruals
    billed_after: Decimal  # SUS billed after the cut-off for the same pathways
    missed_pathways: int  # pathways billed after the cut-off that PARS did not accrue for
    missed_billed: Decimal  # what SUS billed after the cut-off for those
    #: the same comparison over pathways the world closed before it ended (their billing
    #: is complete, so a short world after the cut-off does not read as over-accrual)
    accrued_closed: Decimal = Decimal(0)
    billed_closed: Decimal = Decimal(0)

    @property
    def ratio_closed(self) -> float | None:
        return float(self.accrued_closed / self.billed_closed) if self.billed_closed else None

    @property
    def ratio(self) -> float | None:
        """Accrued / billed after, over the accrued referrals (1.0 = exact)."""
        return float(self.accrued / self.billed_after) if self.billed_after else None

    @property
    def error(self) -> float | None:
        return None if self.ratio is None else self.ratio - 1.0


def accrual_accuracy(
    accruals: Iterable[PricedEvent],
    truth: Iterable[TruthPathway],
    sus_prices: dict[str, tuple[date, Decimal]],
    cut_off: date,
    referral_dates: dict[str, date],
) -> AccrualScore:
    """Compare accruals at ``cut_off`` with the SUS value billed after it, per referral.

    ``referral_dates`` (referral document -> date) decides which truth GP
    referrals were made by the cut-off, to count those PARS failed to accrue.
    """
    by_referral = {t.referral: t for t in truth if t.referral}
    accrued = Decimal(0)
    billed = Decimal(0)
    accrued_docs = set()
    accrued_closed = Decimal(0)
    billed_closed = Decimal(0)
    for accrual in accruals:
        accrued_docs.add(accrual.document)
        accrued += accrual.price_gbp
        pathway = by_referral.get(accrual.document)
        if pathway is None:
            continue
        value = _billed_after(pathway, sus_prices, cut_off)
        billed += value
        if pathway.status == "closed":
            accrued_closed += accrual.price_gbp
            billed_closed += value
    missed = 0
    missed_value = Decimal(0)
    for referral, pathway in by_referral.items():
        when = referral_dates.get(referral)
        if referral in accrued_docs or when is None or when > cut_off:
            continue
        value = _billed_after(pathway, sus_prices, cut_off)
        if value:
            missed += 1
            missed_value += value
    return AccrualScore(
        cut_off,
        len(accrued_docs),
        accrued,
        billed,
        missed,
        missed_value,
        accrued_closed,
        billed_closed,
    )


def _billed_after(pathway: TruthPathway, sus_prices, cut_off: date) -> Decimal:
    total = Decimal(0)
    for record in pathway.sus_records:
        found = sus_prices.get(record)
        if found and found[0] > cut_off:
            total += found[1]
    return total
