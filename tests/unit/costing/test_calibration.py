"""Calibrating the accrual table on the group's own history, and scoring against a world's truth."""

from datetime import date
from decimal import Decimal

import pytest

from pars.costing import calibrate, cost_letters, letters_from_coded, load_assumptions
from pars.costing.assumptions import read_table, write_table
from pars.costing.evaluation import TruthPathway, accrual_accuracy, link_accuracy
from tests.unit.costing.docs import coded

HIP = [{"opcs4": "W37.1", "text": "hip"}]


def _history():
    """Four T&O pathways referred in 2024 (NHS numbers differ): two reviewed, one listed, one discharged."""
    numbers = ["9434765919", "4010232137", "6829130662", "5393501250"]
    records = []
    for i, nhs in enumerate(numbers):
        records.append(
            coded(f"r{i}", "referral", "2024-04-01", nhs_number=nhs, patient_name=f"P{i} X")
        )
    # reviewed, 2 follow-ups, no procedure
    records += [coded(f"a{k}", "clinic_letter", d, nhs_number=numbers[0], outcome=o)
                for k, (d, o) in enumerate([("2024-05-01", "follow_up"), ("2024-06-01", "follow_up"), ("2024-07-01", "discharged")])]  # fmt: skip
    # reviewed, then listed and operated
    records += [
        coded("b0", "clinic_letter", "2024-05-01", nhs_number=numbers[1], outcome="investigations"),
        coded(
            "b1",
            "clinic_letter",
            "2024-06-01",
            nhs_number=numbers[1],
            outcome="listed_for_procedure",
            procedures=HIP,
        ),
        coded(
            "b2",
            "discharge_summary",
            "2024-08-01",
            nhs_number=numbers[1],
            service_type="inpatient",
            procedures=HIP,
        ),
    ]
    # listed at first, operated, one post-op follow-up
    records += [
        coded(
            "c0",
            "clinic_letter",
            "2024-05-01",
            nhs_number=numbers[2],
            outcome="listed_for_procedure",
            procedures=HIP,
        ),
        coded(
            "c1",
            "discharge_summary",
            "2024-07-01",
            nhs_number=numbers[2],
            service_type="inpatient",
            procedures=HIP,
        ),
        coded("c2", "clinic_letter", "2024-08-01", nhs_number=numbers[2], outcome="discharged"),
    ]
    records.append(
        coded("d0", "clinic_letter", "2024-05-01", nhs_number=numbers[3], outcome="discharged")
    )
    return records


def test_calibrate_measures_the_history(tmp_path):
    as_of = date(2025, 3, 1)
    result = cost_letters(letters_from_coded(_history()), as_of=as_of)
    table = calibrate(result.pathways, as_of, load_assumptions(), min_pathways=4)
    row = table.rows["110"]
    assert row.status == "calibrated"
    assert row.discharge_at_first == 0.25
    assert row.conversion_rate == 0.5  # b and c had the hip
    assert row.conversion_after_review == 0.5  # of a and b, under review at first
    # follow-up outcomes: a1 follow_up, a2 discharged, b1 listed, c2 discharged -> 1 of 4 carries on
    assert row.follow_ups_under_review == pytest.approx(1 / (1 - 0.25))
    assert row.follow_ups_after_listing == 0.5  # c: one clinic letter after listing; b: none
    assert [(s.code, s.setting) for s in row.procedures] == [("W37.1", "elective")]
    path = tmp_path / "table.csv"
    write_table(table, path)
    again = read_table(path).rows["110"]
    assert again.conversion_rate == 0.5 and again.follow_ups_after_listing == 0.5
    # too few pathways: the shipped row stays
    assert calibrate(result.pathways, as_of, load_assumptions()).rows["110"].status == "indicative"


def test_link_and_accrual_scores():
    records = [
        coded("r1", "referral", "2025-01-01"),
        coded("c1", "clinic_letter", "2025-02-01", outcome="follow_up"),
    ]
    result = cost_letters(letters_from_coded(records), as_of=date(2025, 3, 1))
    truth = [TruthPathway("T1", "gp_referral", "r1", ("c1",), ("S1", "S2"))]
    score = link_accuracy(result.pathways, truth)
    assert (score.truth_links, score.right, score.recall, score.precision) == (1, 1, 1.0, 1.0)
    wrong = link_accuracy(result.pathways, [TruthPathway("T1", "gp_referral", "r1", (), ())])
    assert wrong.precision == 0.0
    sus = {"S1": (date(2025, 2, 1), Decimal(200)), "S2": (date(2025, 4, 1), Decimal(150))}
    accuracy = accrual_accuracy(
        result.accruals, truth, sus, date(2025, 3, 1), {"r1": date(2025, 1, 1)}
    )
    assert accuracy.billed_after == Decimal(150)  # S1 was before the cut-off
    assert accuracy.ratio == float(result.accruals[0].price_gbp / Decimal(150))


def test_follow_up_tail_is_a_life_table_fair_to_open_pathways():
    from pars.costing.assumptions import _tail

    finished = [(1, True)] * 5 + [(2, True)] * 5
    # E[N] = 1.5; after one follow-up, half have one more
    assert _tail(finished, depth=3) == (1.5, 0.5, 0.0)
    # open chains stop counting where they were cut off: same estimate
    assert _tail(finished + [(1, False)] * 4, depth=3) == (1.5, 0.5, 0.0)
    assert _tail([(1, True)] * 3) == ()  # too few to say
