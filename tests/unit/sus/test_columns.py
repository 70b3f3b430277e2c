"""Column aliases: real SUS/SLAM names map to formats.md §3 names, whatever their case."""

import re
from pathlib import Path

import pytest

from pars.sus.columns import ADMISSION_COLUMNS, OUTPATIENT_COLUMNS, SusKind, resolve_header

DOCS = Path(__file__).resolve().parents[3] / "docs" / "sus-import.md"


@pytest.mark.parametrize(
    ("name", "canonical"),
    [
        ("NHSNumber", "nhs_number"),
        ("nhs_number", "nhs_number"),
        ("NHS NUMBER", "nhs_number"),
        ("AppointmentDate", "appointment_date"),
        ("Treatment Function Code", "treatment_function_code"),
        ("TRETSPEF", "treatment_function_code"),
        ("OPReferralSourceCode", "referral_source"),
        ("SusDerivedGpPractice", "practice_code"),
        ("Attended Or Did Not Attend Code", "attended"),
        ("\ufeffattendance_id", "attendance_id"),
    ],
)
def test_outpatient_aliases(name, canonical):
    header = resolve_header([name], SusKind.OUTPATIENT)
    assert header.positions == {canonical: 0}


@pytest.mark.parametrize(
    ("name", "canonical"),
    [
        ("ADMIDATE", "admission_date"),
        ("spell.admission.method", "admission_method"),
        ("CLASSPAT", "patient_classification"),
        ("DIAG_4_01", "primary_diagnosis"),
        ("OPERTN_4_01", "primary_procedure"),
        ("spell.commissioning.tariff_calculation.final_price", "tariff_price"),
    ],
)
def test_admission_aliases(name, canonical):
    assert resolve_header([name], SusKind.ADMISSION).positions == {canonical: 0}


def test_missing_required_columns_are_named():
    header = resolve_header(["attendance_id", "nhs_number", "colour"], SusKind.OUTPATIENT)
    assert "appointment_date" in header.missing_required
    assert header.unknown == ("colour",)


def test_first_column_for_a_field_wins_and_the_repeat_is_reported():
    header = resolve_header(["PROCODE3", "PROCODE5"], SusKind.OUTPATIENT)
    assert header.positions["provider_code"] == 0
    assert header.duplicated == ("PROCODE5",)


def test_docs_list_every_alias():
    text = DOCS.read_text(encoding="utf-8")
    documented = set(re.findall(r"`([^`]+)`", text))
    for table in (OUTPATIENT_COLUMNS, ADMISSION_COLUMNS):
        for canonical, aliases in table.items():
            assert canonical in documented, canonical
            for alias in aliases:
                assert alias in documented, alias
