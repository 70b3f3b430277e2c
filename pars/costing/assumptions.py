"""The accrual assumptions table: follow-up ratio, conversion and procedure mix per specialty.

Shipped as ``pars/costing/data/accrual_assumptions.csv`` with its sources
(domain.md §6); a file ``$PARS_DATA_DIR/accrual_assumptions.csv`` replaces it,
so a commissioner can put in local figures without a release.
``calibration.calibrate`` re-estimates it from the group's own pathways.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Iterable
from dataclasses import dataclass, replace
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
    "conversion_tail",
    "still_active",
    "still_to_be_seen",
    "status",
    "source",
]
SETTINGS = ("outpatient_procedure", "day_case", "elective", "non_elective", "diagnostic_imaging")
#: the bins of the "still coming back" curve (days since the last letter)
SILENCE_STEP_DAYS = 30


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
    #: chance of a procedure still to come for a patient under review who has had k
    #: follow-ups, k = 0, 1, 2, ... (the last value repeats); empty = conversion_if_kept_on
    conversion_tail: tuple[float, ...] = ()
    #: chance a patient under review is still coming back, by 30-day bins of time
    #: since the last letter (past the last bin: 0); empty = always 1
    still_active: tuple[float, ...] = ()
    #: chance a referral not yet seen will be, by 30-day bins of time since the referral
    #: (past the last bin: the last value); empty = always 1
    still_to_be_seen: tuple[float, ...] = ()

    def seen_after(self, waiting_days: int) -> float:
        """Chance a referral with no clinic letter ``waiting_days`` after it will be seen.

        Measured by ``calibrate`` (referrals never seen: declined, withdrawn,
        the patient not attending and discharged without a letter); 1.0 for an
        uncalibrated row.
        """
        if not self.still_to_be_seen:
            return 1.0
        index = min(max(0, waiting_days) // SILENCE_STEP_DAYS, len(self.still_to_be_seen) - 1)
        return self.still_to_be_seen[index]

    def active_after(self, silent_days: int) -> float:
        """Chance a patient under review, with no letter for ``silent_days``, will be seen again.

        Measured by ``calibrate`` (a follow-up asked for but never reported:
        a missed last appointment, a discharge nobody wrote to the GP about);
        1.0 for an uncalibrated row.
        """
        if not self.still_active:
            return 1.0
        index = max(0, silent_days) // SILENCE_STEP_DAYS
        return self.still_active[index] if index < len(self.still_active) else 0.0

    def conversion_after(self, done: int) -> float:
        """Chance of a procedure for a patient under review after ``done`` follow-ups.

        From the conversion tail when calibrated (measured position by position,
        so fair to pathways still open); else ``conversion_if_kept_on``.
        """
        if self.conversion_tail:
            return self.conversion_tail[min(done, len(self.conversion_tail) - 1)]
        return self.conversion_if_kept_on

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
            row = replace(row, procedures=default.procedures)
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
                        follow_up_tail=_floats(record.get("follow_up_tail")),
                        conversion_tail=_floats(record.get("conversion_tail")),
                        still_active=_floats(record.get("still_active")),
                        still_to_be_seen=_floats(record.get("still_to_be_seen")),
                    )
                )
            except (KeyError, TypeError, ValueError) as exc:
                raise ValueError(f"{path.name} line {line}: {exc}") from exc
    return AssumptionTable(rows, path.name)


def _floats(text: str | None) -> tuple[float, ...]:
    """A ``|``-separated list of numbers (a tail column); empty text gives ()."""
    return tuple(float(x) for x in (text or "").split("|") if x.strip())


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
                    "conversion_tail": "|".join(f"{x:.4f}" for x in row.conversion_tail),
                    "still_active": "|".join(f"{x:.3f}" for x in row.still_active),
                    "still_to_be_seen": "|".join(f"{x:.3f}" for x in row.still_to_be_seen),
                    "status": row.status,
                    "source": row.source,
                }
            )
