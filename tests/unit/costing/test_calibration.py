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
    """Hand-worked: first-visit shares, follow-up outcomes position by position, the mix.

    First visits: a and b kept under review, c listed, d discharged -> shares
    review 0.5, listed 0.25, ended 0.25. Follow-ups of a and b: 1st: a
    follow_up, b listed -> c_1 = 0.5, l_1 = 0.5; 2nd: a discharged -> c_2 = 0,
    l_2 = 0. E_0 = 1 + c_1 = 1.5; L_0 = l_1 + c_1 x l_2 = 0.5. After a's 1st
    follow-up (k = 1): E_1 = 1, L_1 = 0.
    """
    as_of = date(2025, 3, 1)
    result = cost_letters(letters_from_coded(_history()), as_of=as_of)
    table = calibrate(
        result.pathways, as_of, load_assumptions(), min_pathways=4, min_at_risk=1, mature_days=200
    )
    row = table.rows["110"]
    assert row.status == "calibrated"
    assert row.discharge_at_first == 0.25
    assert row.follow_up_tail[:3] == (1.5, 1.0, 1.0)
    assert row.conversion_tail[:2] == (0.5, 0.0)
    # listed at first (c) + review x L_0 = 0.25 + 0.5 x 0.5
    assert row.conversion_rate == 0.5
    # b and c listed 200+ days before as_of; c had one clinic letter after listing
    assert row.follow_ups_after_listing == 0.5
    # review x (E_0 + L_0 x after listing) + listed x after listing
    assert row.follow_up_ratio == pytest.approx(0.5 * (1.5 + 0.5 * 0.5) + 0.25 * 0.5)
    assert [(s.code, s.setting) for s in row.procedures] == [("W37.1", "elective")]
    path = tmp_path / "table.csv"
    write_table(table, path)
    again = read_table(path).rows["110"]
    assert again.conversion_tail[:2] == (0.5, 0.0) and again.follow_ups_after_listing == 0.5
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


def test_tails_are_measured_position_by_position_and_stop_where_the_history_does():
    from collections import Counter

    from pars.costing.assumptions import _tails

    # 10 first follow-ups: 5 ask for another, 1 lists, 4 end; 5 second follow-ups: all end
    visits = {1: Counter(**{"continue": 5, "listed": 1, "end": 4}), 2: Counter(end=5)}
    follow, convert = _tails(visits, min_at_risk=5, depth=3)
    # E_0 = 1 + 0.5 (reach the 2nd) = 1.5; L_0 = 0.1; past position 2 the visit asked for
    assert follow == pytest.approx((1.5, 1.0, 1.0))
    assert convert[0] == pytest.approx(0.1)
    # open pathways add no visits at a position they have not reached: same estimate
    assert _tails(visits, min_at_risk=5, depth=3) == (follow, convert)
    assert _tails({1: Counter(end=3)}, min_at_risk=5) == ((), ())  # too few to say


def test_a_return_new_target_extends_the_tail_past_the_history():
    from collections import Counter

    from pars.costing.assumptions import _tails

    # every follow-up seen asked for another, but only two positions are known
    visits = {1: Counter(**{"continue": 10}), 2: Counter(**{"continue": 10})}
    short, _ = _tails(visits, min_at_risk=10, depth=4)
    assert short == pytest.approx((3.0, 2.0, 1.0, 1.0))  # 1st, 2nd and the one asked for
    # the specialty's return:new ratio says 5 follow-ups per patient under review:
    # 2 more after the one asked for at position 2, for everyone who gets there
    long, _ = _tails(visits, min_at_risk=10, depth=4, target=5.0)
    assert long == pytest.approx((5.0, 4.0, 3.0, 2.0))
    # a target below what the history shows changes nothing
    assert _tails(visits, min_at_risk=10, depth=4, target=2.0)[0] == short
    # nor does one when the history has seen most chains end (under a fifth get past it)
    ending = {1: Counter(**{"continue": 5, "end": 5}), 2: Counter(**{"continue": 3, "end": 7})}
    seen_end, _ = _tails(ending, min_at_risk=10, depth=2)
    assert seen_end == pytest.approx((1 + 0.5 + 0.15, 1.3))
    assert _tails(ending, min_at_risk=10, depth=2, target=5.0)[0] == seen_end


def test_pars_cost_calibrates_by_default_only_with_enough_history():
    from pars.costing import assumptions_for
    from pars.costing.pipeline import history_months

    base = load_assumptions()
    pathways = cost_letters(letters_from_coded(_history()), as_of=date(2025, 3, 1)).pathways
    # referrals on 2024-04-01 (answered in May): 11 months before 2025-03-01
    assert history_months(pathways, date(2025, 3, 1)) == pytest.approx(11.0, abs=0.1)
    # 2024-04-01 to 2025-03-31, both ends counted: 12 months
    assert history_months(pathways, date(2025, 3, 31)) == pytest.approx(12.0, abs=0.01)
    assert assumptions_for(pathways, date(2025, 3, 1), base) is base
    # 13 months: calibrated (rows with too few pathways keep the base row)
    later = assumptions_for(pathways, date(2025, 5, 1), base)
    assert later is not base and later.origin == f"calibrated({base.origin})"
    assert assumptions_for(pathways, date(2025, 5, 1), base, min_months=14) is base


def test_still_coming_back_is_a_life_table_of_the_silence_after_a_letter():
    from pars.costing.assumptions import _still_active

    # 10 next letters 20 days on, 5 never (history runs 400 days past them)
    gaps = [(20, True)] * 10 + [(400, False)] * 5
    curve = _still_active(gaps, min_at_risk=5)
    assert curve[:3] == (1.0, 0.0, 0.0)  # after 30 silent days no one has ever come back
    # 5 more came back at 45 days: S = 1, 1/2, 1/4, then flat; a quarter never came
    curve = _still_active(gaps + [(45, True)] * 5, min_at_risk=5)
    assert curve[:3] == pytest.approx((1.0, 2 / 3, 0.0))
    assert _still_active([(20, True)] * 3, min_at_risk=5) == ()  # too little history
