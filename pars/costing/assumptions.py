"""The accrual assumptions table: follow-up ratio, conversion and procedure mix per specialty.

Shipped as ``pars/costing/data/accrual_assumptions.csv`` with its sources
(domain.md §6); a file ``$PARS_DATA_DIR/accrual_assumptions.csv`` replaces it,
so a commissioner can put in local figures without a release.
``calibrate`` re-estimates the table from the group's own completed pathways.
"""

from __future__ import annotations

import csv
import os
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from pars.core.codes import OPCS4Code

SHIPPED = Path(__file__).with_name("data") / "accrual_assumptions.csv"
COLUMNS = [
    "specialty_tfc",
    "follow_up_ratio",
    "discharge_at_first",
    "conversion_rate",
    "procedures",
    "conversion_after_review",
    "follow_ups_under_review",
    "follow_ups_after_listing",
    "follow_up_tail",
    "status",
    "source",
]
SETTINGS = ("outpatient_procedure", "day_case", "elective", "non_elective", "diagnostic_imaging")


@dataclass(frozen=True, slots=True)
class ProcedureShare:
    code: str  # OPCS-4 code, or an HRG code
    setting: str
    weight: float

    @property
    def is_hrg(self) -> bool:
        return not OPCS4Code.is_valid(self.code)


@dataclass(frozen=True, slots=True)
class Assumption:
    specialty_tfc: str  # "*" = default
    follow_up_ratio: float  # follow-ups per first attendance, all pathways
    discharge_at_first: float  # share discharged at the first attendance
    conversion_rate: float  # share of first attendances that lead to a procedure
    procedures: tuple[ProcedureShare, ...]
    status: str = ""
    source: str = ""
    #: chance of a procedure for a patient seen, kept under review and not (yet)
    #: listed; None = conversion_rate / (1 - discharge_at_first)
    conversion_after_review: float | None = None
    #: follow-ups still to come for a patient under review (memoryless: the same
    #: after each visit); None = follow_up_ratio / (1 - discharge_at_first)
    follow_ups_under_review: float | None = None
    #: follow-ups still to come once listed for a procedure (post-operative review)
    follow_ups_after_listing: float = 1.0
    #: follow-ups still to come for a patient under review who has had k follow-ups,
    #: k = 0, 1, 2, ... (the last value repeats); empty = see remaining_follow_ups
    follow_up_tail: tuple[float, ...] = ()

    def remaining_follow_ups(self, done: int) -> float:
        """Follow-ups still to come for a patient under review after ``done`` follow-ups.

        From the tail column when present (measured by ``calibrate``); else the
        expected total less those done, but at least the one already booked.
        """
        if self.follow_up_tail:
            return self.follow_up_tail[min(done, len(self.follow_up_tail) - 1)]
        return max(self.follow_ups_if_kept_on - done, 1.0)

    @property
    def follow_ups_if_kept_on(self) -> float:
        """Expected follow-ups still to come for a patient under review."""
        if self.follow_ups_under_review is not None:
            return self.follow_ups_under_review
        return self.follow_up_ratio / max(1e-9, 1 - self.discharge_at_first)

    @property
    def conversion_if_kept_on(self) -> float:
        if self.conversion_after_review is not None:
            return self.conversion_after_review
        return min(1.0, self.conversion_rate / max(1e-9, 1 - self.discharge_at_first))


def parse_procedures(text: str) -> tuple[ProcedureShare, ...]:
    shares = []
    for item in filter(None, (part.strip() for part in (text or "").split("|"))):
        code, setting, weight = (item.split(":") + ["", ""])[:3]
        if setting not in SETTINGS:
            raise ValueError(f"procedure {item!r}: setting must be one of {SETTINGS}")
        shares.append(ProcedureShare(code.strip().upper(), setting, float(weight or 1)))
    total = sum(s.weight for s in shares)
    return (
        tuple(ProcedureShare(s.code, s.setting, s.weight / total) for s in shares) if total else ()
    )


class AssumptionTable:
    def __init__(self, rows: Iterable[Assumption], origin: str):
        self.rows = {row.specialty_tfc: row for row in rows}
        self.origin = origin
        if "*" not in self.rows:
            raise ValueError(f"{origin}: the table needs a default row with specialty_tfc '*'")

    def for_tfc(self, tfc: str | None) -> tuple[Assumption, str]:
        """The row for a specialty (falling back to '*'), and its source label."""
        row = self.rows.get(tfc or "") or self.rows["*"]
        default = self.rows["*"]
        if not row.procedures and default.procedures:
            row = Assumption(
                row.specialty_tfc,
                row.follow_up_ratio,
                row.discharge_at_first,
                row.conversion_rate,
                default.procedures,
                row.status,
                row.source,
                row.conversion_after_review,
                row.follow_ups_under_review,
                row.follow_ups_after_listing,
                row.follow_up_tail,
            )
        return row, f"{self.origin}#{row.specialty_tfc}"


def read_table(path: Path) -> AssumptionTable:
    rows = []
    with path.open(newline="", encoding="utf-8-sig") as handle:
        for line, record in enumerate(csv.DictReader(handle), start=2):
            try:
                rows.append(
                    Assumption(
                        specialty_tfc=record["specialty_tfc"].strip(),
                        follow_up_ratio=float(record["follow_up_ratio"]),
                        discharge_at_first=float(record["discharge_at_first"]),
                        conversion_rate=float(record["conversion_rate"]),
                        procedures=parse_procedures(record.get("procedures") or ""),
                        status=(record.get("status") or "").strip(),
                        source=(record.get("source") or "").strip(),
                        conversion_after_review=(
                            float(record["conversion_after_review"])
                            if (record.get("conversion_after_review") or "").strip()
                            else None
                        ),
                        follow_ups_under_review=(
                            float(record["follow_ups_under_review"])
                            if (record.get("follow_ups_under_review") or "").strip()
                            else None
                        ),
                        follow_ups_after_listing=float(
                            (record.get("follow_ups_after_listing") or "").strip() or 1.0
                        ),
                        follow_up_tail=tuple(
                            float(x)
                            for x in (record.get("follow_up_tail") or "").split("|")
                            if x.strip()
                        ),
                    )
                )
            except (KeyError, TypeError, ValueError) as exc:
                raise ValueError(f"{path.name} line {line}: {exc}") from exc
    return AssumptionTable(rows, path.name)


def load_assumptions(path: Path | None = None) -> AssumptionTable:
    """The table in use: an explicit file, else PARS_DATA_DIR's, else the shipped one."""
    if path is None:
        root = os.environ.get("PARS_DATA_DIR")
        user = Path(root) / "accrual_assumptions.csv" if root else None
        path = user if user and user.is_file() else SHIPPED
    return read_table(path)


def write_table(table: AssumptionTable, path: Path) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        for row in table.rows.values():
            writer.writerow(
                {
                    "specialty_tfc": row.specialty_tfc,
                    "follow_up_ratio": f"{row.follow_up_ratio:.3f}",
                    "discharge_at_first": f"{row.discharge_at_first:.3f}",
                    "conversion_rate": f"{row.conversion_rate:.3f}",
                    "procedures": "|".join(
                        f"{s.code}:{s.setting}:{s.weight:.3f}" for s in row.procedures
                    ),
                    "conversion_after_review": ""
                    if row.conversion_after_review is None
                    else f"{row.conversion_after_review:.3f}",
                    "follow_ups_under_review": ""
                    if row.follow_ups_under_review is None
                    else f"{row.follow_ups_under_review:.3f}",
                    "follow_ups_after_listing": f"{row.follow_ups_after_listing:.3f}",
                    "follow_up_tail": "|".join(f"{x:.3f}" for x in row.follow_up_tail),
                    "status": row.status,
                    "source": row.source,
                }
            )


CONTINUING = ("follow_up", "investigations")
#: cap on follow-ups estimated from the carry-on rate when too few old pathways exist
MAX_FOLLOW_UPS = 12.0


def calibrate(
    pathways: Iterable,
    as_of: date,
    base: AssumptionTable,
    *,
    mature_days: int = 270,
    min_pathways: int = 30,
) -> AssumptionTable:
    """Re-estimate the table from the group's own pathways, using letters up to ``as_of``.

    Outcomes of first visits give the shares discharged, listed and kept
    under review at the first attendance (fair to pathways still open);
    conversions, the procedure mix, post-listing follow-ups and the
    follow-up tail (follow-ups still to come after k) come from pathways
    referred at least ``mature_days`` before ``as_of``. Without enough old
    pathways, follow-ups under review come from the chance that a follow-up
    leads to another, 1 / (1 - that), capped at MAX_FOLLOW_UPS. Specialties
    with fewer than ``min_pathways`` seen pathways keep the base row.
    """
    from pars.costing.events import spell_setting
    from pars.costing.pipeline import tariff_in_force

    stats: dict[str, dict] = defaultdict(
        lambda: {
            "seen": 0,
            "discharged": 0,
            "listed": 0,
            "review": 0,
            "fu_visits": 0,
            "fu_continue": 0,
            "mature": 0,
            "converted": 0,
            "mature_review": 0,
            "review_converted": 0,
            "mature_listed": 0,
            "after_listing": 0,
            "mix": Counter(),
            "chains": [],
        }  # fmt: skip
    )
    for pathway in pathways:
        referral = pathway.referral
        if referral is None or referral.date is None or referral.date > as_of:
            continue
        if referral.service_type not in (None, "outpatient", "inpatient"):
            continue
        known = [lt for lt in pathway.letters[1:] if lt.date <= as_of]
        clinic = [lt for lt in known if lt.document_type == "clinic_letter"]
        if not clinic:
            continue
        entry = stats[pathway.specialty_tfc or "*"]
        entry["seen"] += 1
        first_outcome = clinic[0].outcome
        entry["discharged"] += first_outcome == "discharged"
        entry["listed"] += first_outcome == "listed_for_procedure"
        under_review = first_outcome in CONTINUING
        entry["review"] += under_review
        for letter in clinic[1:]:
            if letter.outcome:
                entry["fu_visits"] += 1
                entry["fu_continue"] += letter.outcome in CONTINUING
        if under_review and not any(lt.outcome == "listed_for_procedure" for lt in clinic):
            finished = clinic[-1].outcome not in CONTINUING
            entry["chains"].append((len(clinic) - 1, finished))
        if (as_of - referral.date).days < mature_days:
            continue
        entry["mature"] += 1
        entry["mature_review"] += under_review
        done = None
        listed_at = None
        for index, letter in enumerate(known):
            if letter.outcome == "listed_for_procedure" and listed_at is None:
                listed_at = index
            if letter.document_type == "discharge_summary" and letter.procedures:
                done = (letter.procedures[0], spell_setting(letter, tariff_in_force(letter.date)))
            elif (
                letter.document_type == "clinic_letter"
                and letter.procedures
                and letter.outcome == "treated"
            ):
                done = (letter.procedures[0], "outpatient_procedure")
            if done:
                break
        if listed_at is not None:
            entry["mature_listed"] += 1
            entry["after_listing"] += sum(
                lt.document_type == "clinic_letter" for lt in known[listed_at + 1 :]
            )
        if done:
            entry["converted"] += 1
            entry["review_converted"] += under_review
            entry["mix"][done] += 1
    rows = dict(base.rows)
    for tfc, entry in stats.items():
        seen = entry["seen"]
        if seen < min_pathways or not entry["mature"]:
            continue
        old = rows.get(tfc) or base.rows["*"]
        total = sum(entry["mix"].values())
        mix = tuple(
            ProcedureShare(code, setting, count / total)
            for (code, setting), count in entry["mix"].most_common(8)
        )
        tail = _tail(entry["chains"])
        if tail:
            # follow-ups seen by patients under review at their first visit, on
            # pathways old enough to have run their course
            under_review = tail[0]
        else:
            carry_on = entry["fu_continue"] / entry["fu_visits"] if entry["fu_visits"] else 0.0
            under_review = min(1 / max(1e-3, 1 - carry_on), MAX_FOLLOW_UPS)
        after_listing = (
            entry["after_listing"] / entry["mature_listed"]
            if entry["mature_listed"]
            else old.follow_ups_after_listing
        )
        ratio = (entry["review"] / seen) * under_review + (entry["listed"] / seen) * after_listing
        rows[tfc] = Assumption(
            tfc,
            ratio,
            entry["discharged"] / seen,
            entry["converted"] / entry["mature"],
            mix or old.procedures,
            "calibrated",
            f"calibrated on {seen} seen pathways ({entry['mature']} referred {mature_days}+ days "
            f"before {as_of})",
            entry["review_converted"] / entry["mature_review"] if entry["mature_review"] else None,
            under_review,
            after_listing,
            tail,
        )
    return AssumptionTable(rows.values(), f"calibrated({base.origin})")


def _tail(chains: list[tuple[int, bool]], depth: int = 6) -> tuple[float, ...]:
    """Follow-ups still to come after k = 0..depth-1, from (count, finished) chains.

    A life-table estimate, fair to pathways still open: after j follow-ups,
    the chance of another is (chains with more than j) / (chains with more
    than j, or exactly j and finished); open chains with exactly j are left
    out at that step. Expected remaining after k = sum over m >= k of the
    product of those chances from k to m. Steps with under 5 chains at risk
    reuse the last estimate.
    """
    hazards: list[float] = []
    for j in range(60):
        more = sum(1 for n, _ in chains if n > j)
        at_risk = more + sum(1 for n, finished in chains if n == j and finished)
        if at_risk < 5:
            break
        hazards.append(more / at_risk)
    if not hazards:
        return ()
    hazards += [min(hazards[-1], 0.95)] * (60 - len(hazards))
    tail = []
    for k in range(depth):
        expected, survive = 0.0, 1.0
        for j in range(k, len(hazards)):
            survive *= hazards[j]
            expected += survive
        tail.append(expected)
    return tuple(tail)
