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

    @property
    def follow_ups_if_kept_on(self) -> float:
        """Expected follow-ups for a patient not discharged at the first attendance."""
        return self.follow_up_ratio / max(1e-9, 1 - self.discharge_at_first)

    @property
    def conversion_if_kept_on(self) -> float:
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
                    "status": row.status,
                    "source": row.source,
                }
            )


def calibrate(
    pathways: Iterable,
    as_of: date,
    base: AssumptionTable,
    *,
    mature_days: int = 365,
    min_pathways: int = 30,
) -> AssumptionTable:
    """Re-estimate the table from pathways referred at least ``mature_days`` before ``as_of``.

    Only letters dated up to ``as_of`` are used. Specialties with fewer than
    ``min_pathways`` mature referred pathways keep the base row. The result
    says it was calibrated, from how many pathways, so users can judge it.
    """
    from pars.costing.events import spell_setting
    from pars.tariff import tariff_for_date

    stats: dict[str, dict] = defaultdict(
        lambda: {
            "n": 0,
            "seen": 0,
            "fu": 0,
            "discharged_first": 0,
            "converted": 0,
            "mix": Counter(),
        }
    )
    for pathway in pathways:
        referral = pathway.referral
        if referral is None or referral.date is None or (as_of - referral.date).days < mature_days:
            continue
        if referral.service_type not in (None, "outpatient", "inpatient"):
            continue
        tfc = pathway.specialty_tfc or "*"
        entry = stats[tfc]
        entry["n"] += 1
        clinic = [
            lt
            for lt in pathway.letters[1:]
            if lt.document_type == "clinic_letter" and lt.date <= as_of
        ]
        if clinic:
            entry["seen"] += 1
            entry["fu"] += len(clinic) - 1
            if clinic[0].outcome == "discharged":
                entry["discharged_first"] += 1
        done = None
        for letter in pathway.letters[1:]:
            if letter.date > as_of:
                continue
            if letter.document_type == "discharge_summary" and letter.procedures:
                done = (letter.procedures[0], spell_setting(letter, tariff_for_date(letter.date)))
            elif (
                letter.document_type == "clinic_letter"
                and letter.procedures
                and letter.outcome == "treated"
            ):
                done = (letter.procedures[0], "outpatient_procedure")
            if done:
                break
        if done:
            entry["converted"] += 1
            entry["mix"][done] += 1
    rows = dict(base.rows)
    for tfc, entry in stats.items():
        if entry["seen"] < min_pathways:
            continue
        old = rows.get(tfc) or base.rows["*"]
        mix = tuple(
            ProcedureShare(code, setting, count / sum(entry["mix"].values()))
            for (code, setting), count in entry["mix"].most_common(8)
        )
        rows[tfc] = Assumption(
            tfc,
            entry["fu"] / entry["seen"],
            entry["discharged_first"] / entry["seen"],
            entry["converted"] / entry["seen"],
            mix or old.procedures,
            "calibrated",
            f"calibrated on {entry['seen']} pathways referred {mature_days}+ days before {as_of}",
        )
    return AssumptionTable(rows.values(), f"calibrated({base.origin})")
