"""Small builders for SUS rows and letters, so rule tables read like the rule itself."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from pars.core.nhs_number import nhs_check_digit
from pars.reconcile.documents import Letter
from pars.sus.records import AdmissionRecord, OutpatientRecord


def nhs(seed: int) -> str:
    """A valid synthetic NHS number, different for each seed."""
    n = 400_000_000 + seed * 7919
    while True:
        first = f"{n:09d}"
        check = nhs_check_digit(first)
        if check is not None:
            return f"{first}{check}"
        n += 1


PATIENT = nhs(1)
OTHER = nhs(2)
BIRTH = date(1960, 3, 14)
PRACTICE = "E82031"


def op(
    attendance_id: str = "OP1",
    *,
    patient: str | None = PATIENT,
    raw: str | None = None,
    birth: date | None = BIRTH,
    practice: str | None = PRACTICE,
    provider: str = "RWG",
    day: date = date(2025, 6, 2),
    tfc: str = "110",
    first: str = "1",
    attended: str = "5",
    source: str = "03",
    priority: str = "1",
    price: str = "160.00",
    line: int = 2,
) -> OutpatientRecord:
    return OutpatientRecord(
        line=line,
        attendance_id=attendance_id,
        nhs_number=patient,
        nhs_number_raw=raw if raw is not None else (patient or ""),
        birth_date=birth,
        practice_code=practice,
        provider_code=provider,
        appointment_date=day,
        treatment_function_code=tfc,
        first_attendance=first,
        attended=attended,
        referral_source=source,
        priority_type=priority,
        referral_received_date=None,
        hrg_code="WF01B",
        tariff_price=Decimal(price),
    )


def spell(
    spell_id: str = "APC1",
    *,
    patient: str | None = PATIENT,
    raw: str | None = None,
    birth: date | None = BIRTH,
    practice: str | None = PRACTICE,
    provider: str = "RWG",
    admitted: date = date(2025, 7, 1),
    discharged: date | None = date(2025, 7, 3),
    tfc: str = "110",
    procedure: str = "W37.1",
    price: str = "5200.00",
) -> AdmissionRecord:
    return AdmissionRecord(
        line=2,
        spell_id=spell_id,
        nhs_number=patient,
        nhs_number_raw=raw if raw is not None else (patient or ""),
        birth_date=birth,
        practice_code=practice,
        provider_code=provider,
        admission_date=admitted,
        discharge_date=discharged,
        admission_method="11",
        patient_classification="1",
        treatment_function_code=tfc,
        primary_diagnosis="M17.1",
        primary_procedure=procedure,
        spell_hrg="HN12A",
        tariff_price=Decimal(price),
    )


def referral(
    document: str = "REF1",
    *,
    patient: str | None = PATIENT,
    birth: date | None = BIRTH,
    practice: str = PRACTICE,
    provider: str = "RWG",
    day: date = date(2025, 3, 10),
    tfc: str = "110",
    service: str | None = "outpatient",
) -> Letter:
    return Letter(
        document=document,
        file=f"documents/{practice}/{document}.txt",
        practice_code=practice,
        document_type="referral",
        direction="outgoing",
        letter_date=day,
        event_date=None,
        nhs_number=patient,
        birth_date=birth,
        provider_code=provider,
        specialty_tfc=tfc,
        service_type=service,
        urgency="routine",
        procedures=(),
    )


def discharge(
    document: str = "DIS1",
    *,
    patient: str | None = PATIENT,
    birth: date | None = BIRTH,
    practice: str = PRACTICE,
    provider: str = "RWG",
    day: date = date(2025, 7, 1),
    procedures: tuple[str, ...] = ("W37.1",),
) -> Letter:
    return Letter(
        document=document,
        file=None,
        practice_code=practice,
        document_type="discharge_summary",
        direction="incoming",
        letter_date=day,
        event_date=day,
        nhs_number=patient,
        birth_date=birth,
        provider_code=provider,
        specialty_tfc="110",
        service_type="inpatient",
        urgency=None,
        procedures=procedures,
    )


def fixed_price(letters) -> dict[str, tuple[Decimal, str]]:
    """An injected referral pricer, so rule tests do not depend on the tariff engine."""
    return {letter.document: (Decimal("200.00"), "test price") for letter in letters}


def run_rule(
    rule: str,
    *,
    outpatients=(),
    admissions=(),
    letters=(),
    patients=None,
    **overrides,
):
    """Run one rule through the whole engine (linkage included) and return its findings."""
    from pars.reconcile import ReconcileInput, ReconcileParams, reconcile

    params = ReconcileParams().with_overrides({"rules": [rule], **overrides})
    data = ReconcileInput(list(outpatients), list(admissions), list(letters), patients)
    return reconcile(data, params, price=fixed_price).findings


def flagged(findings) -> list[str]:
    """What the findings are about: SUS record ids, or document ids."""
    return sorted(f.sus_record or f.document for f in findings)
