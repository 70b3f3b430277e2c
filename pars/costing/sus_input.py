"""SUS extracts (formats.md §3) as the activity accruals need, read with pars.sus."""

from __future__ import annotations

from pathlib import Path

from pars.costing.accruals import SusActivity


def read_sus_activity(
    outpatients: str | None, admissions: str | None
) -> tuple[list[SusActivity], list[str]]:
    """Read the extracts; rows that fail validation are reported (line and reason) and set aside."""
    from pars.sus import read_sus_file

    activity: list[SusActivity] = []
    problems: list[str] = []
    if outpatients:
        records, report = read_sus_file(Path(outpatients), "outpatient")
        problems += [
            f"{Path(outpatients).name} line {r.line}: {r.reason}" for r in report.rejections
        ]
        for r in records:
            activity.append(
                SusActivity(
                    r.attendance_id,
                    r.nhs_number,
                    r.provider_code,
                    r.treatment_function_code,
                    r.appointment_date,
                    "first" if r.is_first else "follow_up",
                    r.tariff_price,
                    r.attended in {"5", "6"},
                )
            )
    if admissions:
        records, report = read_sus_file(Path(admissions), "admission")
        problems += [
            f"{Path(admissions).name} line {r.line}: {r.reason}" for r in report.rejections
        ]
        for r in records:
            activity.append(
                SusActivity(
                    r.spell_id,
                    r.nhs_number,
                    r.provider_code,
                    r.treatment_function_code,
                    r.admission_date,
                    "admission",
                    r.tariff_price,
                )
            )
    return activity, problems
