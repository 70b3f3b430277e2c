"""The SUS columns PARS reads (formats.md §3) and the real-extract names it accepts for them.

Real extracts name the same field differently: HES (``ADMIDATE``), SUS+ warehouse
views (``AppointmentDate``), unified SUS (``spell.admission.date``), SLAM
(``Provider_Code``). Matching ignores case, spaces, dots, dashes and underscores,
so ``Treatment Function Code``, ``TREATMENT_FUNCTION_CODE`` and
``treatmentfunctioncode`` are the same column. docs/sus-import.md lists every
alias; a test keeps that page and this table in step.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from functools import cache


class SusKind(StrEnum):
    OUTPATIENT = "outpatient"
    ADMISSION = "admission"


OUTPATIENT_COLUMNS: dict[str, tuple[str, ...]] = {
    "attendance_id": (
        "attendance_identifier",
        "OPA_Ident",
        "EpisodeId",
        "appointment_id",
        "SUSRECID",
        "cds_unique_identifier",
    ),
    "nhs_number": ("NHSNumber", "nhs_no", "NEWNHSNO", "patient.nhs_number"),
    "birth_date": (
        "date_of_birth",
        "DOB",
        "DateOfBirth",
        "person_birth_date",
        "patient.birth_date",
    ),
    "practice_code": (
        "SusDerivedGpPractice",
        "GPPRAC",
        "gp_practice_code",
        "general_practice",
        "registered_gp_practice",
        "patient.registration.general_practice",
    ),
    "provider_code": (
        "ProviderCode",
        "PROCODE3",
        "PROCODE5",
        "PROCODE",
        "organisation_code_code_of_provider",
        "service_agreement.provider",
    ),
    "appointment_date": ("AppointmentDate", "Appointment_Date", "APPTDATE", "attendance_date"),
    "treatment_function_code": (
        "TreatmentSpecialtyCode",
        "TRETSPEF",
        "tfc",
        "treatment_function",
        "care_professional.treatment_function",
    ),
    "first_attendance": ("FirstAttendanceCode", "FIRSTATT", "first_attendance_code"),
    "attended": (
        "attended_or_did_not_attend",
        "Attended Or Did Not Attend Code",
        "ATTENDED",
        "attendance_status",
        "attended_or_dna_code",
    ),
    "referral_source": (
        "OPReferralSourceCode",
        "REFSOURC",
        "source_of_referral",
        "source_of_referral_for_outpatients",
        "referral_source_code",
    ),
    "priority_type": ("PriorityTypeCode", "Priority Type Code", "PRIORITY", "priority_type_code"),
    "referral_received_date": ("REQDATE", "referral_request_received_date", "referral_date"),
    "hrg_code": ("HRG Code", "SUSHRG", "core_hrg", "hrg", "commissioning.grouping.core_hrg"),
    "tariff_price": (
        "Actual Cost",
        "final_price",
        "tariff",
        "price",
        "cost",
        "commissioning.tariff_calculation.final_price",
    ),
}

ADMISSION_COLUMNS: dict[str, tuple[str, ...]] = {
    "spell_id": ("SpellId", "SUSRECID", "spell_identifier", "hospital_provider_spell_number"),
    "nhs_number": OUTPATIENT_COLUMNS["nhs_number"],
    "birth_date": OUTPATIENT_COLUMNS["birth_date"],
    "practice_code": OUTPATIENT_COLUMNS["practice_code"]
    + ("spell.patient.registration.general_practice",),
    "provider_code": OUTPATIENT_COLUMNS["provider_code"]
    + ("spell.commissioning.service_agreement.provider",),
    "admission_date": ("ADMIDATE", "AdmissionDate", "spell.admission.date", "SPELBGIN"),
    "discharge_date": ("DISDATE", "DischargeDate", "spell.discharge.date", "SPELEND"),
    "admission_method": ("ADMIMETH", "AdmissionMethod", "spell.admission.method"),
    "patient_classification": (
        "CLASSPAT",
        "PatientClassification",
        "spell.admission.patient_classification",
    ),
    "treatment_function_code": OUTPATIENT_COLUMNS["treatment_function_code"],
    "primary_diagnosis": (
        "DIAG_4_01",
        "PrimaryDiagnosis",
        "primary_diagnosis_code",
        "spell.clinical_coding.grouper_derived.primary_diagnosis",
    ),
    "primary_procedure": (
        "OPERTN_4_01",
        "PrimaryProcedure",
        "primary_procedure_code",
        "dominant_procedure",
        "spell.clinical_coding.grouper_derived.dominant_procedure",
    ),
    "spell_hrg": (
        "SUSHRG",
        "HRG Code",
        "spell.commissioning.grouping.core_hrg",
        "core_hrg",
        "hrg_code",
    ),
    "tariff_price": OUTPATIENT_COLUMNS["tariff_price"]
    + ("spell.commissioning.tariff_calculation.final_price",),
}

REQUIRED: dict[SusKind, frozenset[str]] = {
    SusKind.OUTPATIENT: frozenset(
        {
            "attendance_id",
            "nhs_number",
            "provider_code",
            "appointment_date",
            "treatment_function_code",
            "tariff_price",
        }
    ),
    SusKind.ADMISSION: frozenset(
        {
            "spell_id",
            "nhs_number",
            "provider_code",
            "admission_date",
            "treatment_function_code",
            "tariff_price",
        }
    ),
}

_NOISE = re.compile(r"[\s._\-\"']+")


def _key(name: str) -> str:
    return _NOISE.sub("", name.strip().lstrip("\ufeff")).casefold()


def columns_for(kind: SusKind) -> dict[str, tuple[str, ...]]:
    return OUTPATIENT_COLUMNS if kind is SusKind.OUTPATIENT else ADMISSION_COLUMNS


@cache
def _alias_index(kind: SusKind) -> dict[str, str]:
    index: dict[str, str] = {}
    for canonical in columns_for(kind):
        index[_key(canonical)] = canonical
    for canonical, aliases in columns_for(kind).items():
        for alias in aliases:
            index.setdefault(_key(alias), canonical)
    return index


@dataclass(frozen=True, slots=True)
class HeaderMap:
    """Which source column position feeds which canonical field."""

    positions: dict[str, int]
    unknown: tuple[str, ...]
    missing_required: tuple[str, ...]
    duplicated: tuple[str, ...]


def resolve_header(header: list[str], kind: SusKind) -> HeaderMap:
    """Map a file's header to the §3 names; the first column naming a field wins."""
    index = _alias_index(kind)
    positions: dict[str, int] = {}
    unknown: list[str] = []
    duplicated: list[str] = []
    for position, name in enumerate(header):
        canonical = index.get(_key(name))
        if canonical is None:
            if name.strip():
                unknown.append(name.strip())
        elif canonical in positions:
            duplicated.append(name.strip())
        else:
            positions[canonical] = position
    missing = tuple(sorted(REQUIRED[kind] - positions.keys()))
    return HeaderMap(positions, tuple(unknown), missing, tuple(duplicated))


def looks_like_header(row: list[str], kind: SusKind) -> bool:
    """True when a data row repeats the header (files concatenated without care)."""
    index = _alias_index(kind)
    known = sum(1 for cell in row if _key(cell) in index)
    return known >= max(3, len(REQUIRED[kind]) - 1)
