"""Budgets and contracts: plan vs actual + accruals = forecast."""

from datetime import date
from decimal import Decimal

import pytest

from pars.costing import budget_lines, contract_lines, cost_letters, letters_from_coded
from tests.unit.costing.docs import coded


@pytest.fixture
def result():
    records = [
        coded("r1", "referral", "2025-05-01"),
        coded("c1", "clinic_letter", "2025-06-10", outcome="follow_up"),
        coded("r2", "referral", "2025-08-01", specialty_tfc="130", nhs_number="4010232137"),
    ]
    return cost_letters(letters_from_coded(records), as_of=date(2025, 9, 1))


def test_budget_lines(tmp_path, result):
    budgets = tmp_path / "budgets.csv"
    budgets.write_text(
        "practice_code,financial_year,point_of_delivery,amount\n"
        "E82031,2025/26,outpatient_first,1000\n"
        "E82031,2025/26,prescribing,5000\n",
        encoding="utf-8",
    )
    lines = {
        line.point_of_delivery: line
        for line in budget_lines(budgets, result.events, result.accruals, result.as_of)
    }
    first = lines["outpatient_first"]
    assert first.planned_value == Decimal(1000)
    assert first.actual_activity == 1 and first.actual_value == result.events[1].price_gbp
    # r2 is not yet seen: its first attendance is accrued
    assert first.accrued_activity == 1
    assert first.forecast_value == first.actual_value + first.accrued_value
    assert first.variance == first.forecast_value - Decimal(1000)
    assert lines["prescribing"].forecast_value == 0
    assert sum(line.accrued_value for line in lines.values()) == sum(
        a.price_gbp for a in result.accruals
    )


def test_contract_lines(tmp_path, result):
    contracts = tmp_path / "contracts.csv"
    contracts.write_text(
        "provider_code,financial_year,point_of_delivery,planned_activity,planned_value\n"
        "RWG,2025/26,outpatient_follow_up,10,1000\n",
        encoding="utf-8",
    )
    lines = contract_lines(contracts, result.events, result.accruals, result.as_of)
    by_pod = {line.point_of_delivery: line for line in lines if line.key == "RWG"}
    follow = by_pod["outpatient_follow_up"]
    assert (follow.planned_activity, follow.planned_value) == (10.0, Decimal(1000))
    assert follow.actual_activity == 0 and follow.accrued_activity > 0
    record = follow.as_record("provider_code")
    assert record["provider_code"] == "RWG" and record["forecast_activity"] == round(
        follow.forecast_activity, 2
    )


def test_bad_plan_files_name_the_problem(tmp_path, result):
    bad = tmp_path / "budgets.csv"
    bad.write_text(
        "practice_code,financial_year,point_of_delivery,amount\nE82031,2025/26,theatre,1\n",
        encoding="utf-8",
    )
    with pytest.raises(ValueError, match="line 2"):
        budget_lines(bad, result.events, result.accruals, result.as_of)
    bad.write_text("practice_code,amount\n", encoding="utf-8")
    with pytest.raises(ValueError, match="lacks"):
        budget_lines(bad, result.events, result.accruals, result.as_of)
