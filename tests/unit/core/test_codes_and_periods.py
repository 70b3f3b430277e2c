from datetime import date

import pytest

from pars.core import (
    FinancialYear,
    ICD10Code,
    ODSCode,
    OPCS4Code,
    TreatmentFunctionCode,
    financial_year_of,
)


@pytest.mark.parametrize(
    ("raw", "value"), [("k409", "K40.9"), ("C50.9", "C50.9"), ("M171", "M17.1"), ("I10", "I10")]
)
def test_icd10_normalises(raw, value):
    assert ICD10Code(raw).value == value


@pytest.mark.parametrize(("raw", "value"), [("w371", "W37.1"), ("C71.2", "C71.2"), ("T20", "T20")])
def test_opcs4_normalises(raw, value):
    assert OPCS4Code(raw).value == value


@pytest.mark.parametrize("bad", ["", "40.9", "KK0.9", "W3712"])
def test_bad_diagnosis_or_procedure_codes_raise(bad):
    with pytest.raises(ValueError):
        ICD10Code(bad) if bad != "W3712" else OPCS4Code(bad)


def test_ods_practice_and_trust():
    assert ODSCode("e82031").is_practice
    assert not ODSCode("RWG").is_practice
    assert ODSCode("RWG02").trust == "RWG"
    with pytest.raises(ValueError):
        ODSCode("RWGX")


def test_tfc_three_digits():
    assert TreatmentFunctionCode("110").value == "110"
    assert not TreatmentFunctionCode.is_valid("11")


@pytest.mark.parametrize(
    ("day", "year"),
    [(date(2025, 3, 31), "2024/25"), (date(2025, 4, 1), "2025/26"), (date(2026, 1, 15), "2025/26")],
)
def test_financial_year_boundary(day, year):
    assert financial_year_of(day) == year


def test_financial_year_parse_and_bounds():
    fy = FinancialYear.parse("2025/26")
    assert fy.first_day == date(2025, 4, 1) and fy.last_day == date(2026, 3, 31)
    assert fy.slug == "2025-26"
    assert date(2026, 3, 31) in fy and date(2026, 4, 1) not in fy
    with pytest.raises(ValueError):
        FinancialYear.parse("2025/27")
