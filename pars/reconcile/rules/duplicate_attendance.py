"""duplicate_attendance: more than one attendance for one patient, provider and TFC on one date.

Every copy after the first (in file order) is a finding. The patient is the
row's NHS number, or the one linkage resolved a blank/mistyped number to; rows
whose patient stays unknown are compared on their raw number and birth date.
"""

from __future__ import annotations

from collections.abc import Iterator

from pars.reconcile.context import RuleContext
from pars.reconcile.findings import Finding

FINDING = "duplicate_attendance"
DESCRIPTION = "A second (or later) attendance for the same patient, provider, TFC and date."
ENABLED_BY_DEFAULT = True


def find(ctx: RuleContext) -> Iterator[Finding]:
    first_seen: dict[tuple, str] = {}
    for uid, record in ctx.iter_outpatients():
        patient = ctx.nhs_of(uid, record)
        if patient is None:
            if not record.nhs_number_raw and record.birth_date is None:
                continue  # nothing to say who the patient is
            patient = f"raw:{record.nhs_number_raw}:{record.birth_date}"
        key = (
            patient,
            record.provider_code[:3],
            record.treatment_function_code,
            record.appointment_date,
        )
        original = first_seen.get(key)
        if original is None:
            first_seen[key] = record.attendance_id
            continue
        yield ctx.sus_finding(
            FINDING,
            uid,
            record,
            f"same patient, provider, TFC {record.treatment_function_code} and date as "
            f"attendance {original}",
        )
