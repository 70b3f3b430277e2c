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
    # every visit that asked for another got one, and every referral was seen within 30
    # days: no one is lost (the chains that ended asked for nothing, so they are no gaps)
    assert row.still_active == () and row.still_to_be_seen == ()
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

    from pars.costing.calibration import _tails

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

    from pars.costing.calibration import _tails

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
    # referrals on 2024-04-01, first answered on 2024-05-01: the history is the answers,
    # 10 months before 2025-03-01
    assert history_months(pathways, date(2025, 3, 1)) == pytest.approx(10.0, abs=0.1)
    # 2024-05-01 to 2025-04-30, both ends counted: 12 months
    assert history_months(pathways, date(2025, 4, 30)) == pytest.approx(12.0, abs=0.01)
    # the default needs 11 months: 10 is too few
    assert assumptions_for(pathways, date(2025, 3, 1), base) is base
    # 11 months (2024-05-01 to 2025-04-01): calibrated (rows with too few pathways keep
    # the base row); asked for 12, not yet
    later = assumptions_for(pathways, date(2025, 4, 1), base)
    assert later is not base and later.origin == f"calibrated({base.origin})"
    assert assumptions_for(pathways, date(2025, 4, 1), base, min_months=12) is base


def test_history_is_counted_from_the_first_answer_not_an_old_referral():
    """A backlog referral made long before the letters begin adds no history."""
    from pars.costing.pipeline import history_months

    records = _history() + [
        coded("old", "referral", "2023-01-10", nhs_number="9990000019", patient_name="Old X"),
        coded("old1", "clinic_letter", "2024-05-20", nhs_number="9990000019", outcome="follow_up"),
    ]
    pathways = cost_letters(letters_from_coded(records), as_of=date(2025, 3, 1)).pathways
    assert any(p.referral is not None and p.referral.date == date(2023, 1, 10) for p in pathways)
    # still 10 months (from 2024-05-01), not 26 from the old referral
    assert history_months(pathways, date(2025, 3, 1)) == pytest.approx(10.0, abs=0.1)
    # letters after the as-at date are no history; none at all is none
    assert history_months(pathways, date(2024, 4, 30)) == 0.0


def test_still_coming_back_is_a_life_table_of_the_silence_after_a_letter():
    from pars.costing.calibration import _still_active

    # 10 next letters 20 days on, 5 never (history runs 400 days past them)
    gaps = [(20, True)] * 10 + [(400, False)] * 5
    curve = _still_active(gaps, min_at_risk=5)
    assert curve[:3] == (1.0, 0.0, 0.0)  # after 30 silent days no one has ever come back
    # 5 more came back at 45 days: S = 1, 1/2, 1/4, then flat; a quarter never came
    curve = _still_active(gaps + [(45, True)] * 5, min_at_risk=5)
    assert curve[:3] == pytest.approx((1.0, 2 / 3, 0.0))
    assert _still_active([(20, True)] * 3, min_at_risk=5) == ()  # too little history


def test_tails_count_the_follow_ups_asked_for_that_never_come():
    from collections import Counter

    from pars.costing.calibration import _tails

    # as above (c_1 = 0.5, l_1 = 0.1, c_2 = 0), but only 90% of follow-ups asked for come
    visits = {1: Counter(**{"continue": 5, "listed": 1, "end": 4}), 2: Counter(end=5)}
    follow, convert = _tails(visits, min_at_risk=5, depth=3, kept=0.9)
    # E_0 = 0.9 (the 1st comes) + 0.9 x 0.5 x 0.9 (the 2nd); E_1 = 0.9; past: 0.9
    assert follow == pytest.approx((0.9 + 0.405, 0.9, 0.9))
    # L_0 = 0.9 x 0.1; past the history: 0.9 x 1 listing in 10 measured endings
    assert convert[0] == pytest.approx(0.09) and convert[2] == pytest.approx(0.09)


def test_later_positions_pooled_cut_a_return_new_extension_short():
    from collections import Counter

    from pars.costing.calibration import _tails

    # two positions measured (all asked for another); the last measured and the later
    # ones, pooled: 16 follow-ups, 3 ended -> h = 3/16, 16/3 follow-ups from position 3 on
    visits = {
        1: Counter(**{"continue": 10}),
        2: Counter(**{"continue": 10}),
        3: Counter(**{"continue": 3, "end": 3}),
    }
    # the ratio wants E_0 = 10: 7 more for everyone past position 2 (8 from position 3);
    # the later visits say 16/3 from position 3, fewer: they win, memoryless
    follow, _ = _tails(visits, min_at_risk=10, depth=6, target=10.0)
    assert follow == pytest.approx((2 + 16 / 3, 1 + 16 / 3) + (16 / 3,) * 4)
    # a ratio asking for less than the later visits show keeps its extension
    short, _ = _tails(visits, min_at_risk=10, depth=4, target=5.0)
    assert short == pytest.approx((5.0, 4.0, 3.0, 2.0))


def test_a_tail_carried_past_the_history_runs_until_it_is_flat():
    from collections import Counter

    from pars.costing.calibration import TAIL_DEPTH, _tails

    visits = {1: Counter(**{"continue": 10}), 2: Counter(**{"continue": 10})}
    # E_0 = 12: 9 more after the visit asked for at position 2, for everyone past it
    follow, convert = _tails(visits, min_at_risk=10, target=12.0)
    assert len(follow) == len(convert) == 12 > TAIL_DEPTH
    # a patient with 8 follow-ups has 1 + 9 - 6 = 4 to come, not position 7's 5
    assert follow[7:] == pytest.approx((5.0, 4.0, 3.0, 2.0, 1.0))


def test_still_to_be_seen_is_a_life_table_of_the_wait_for_a_first_letter():
    from dataclasses import replace

    from pars.costing.calibration import _to_be_seen

    # 10 referrals seen after 20 days, 5 after 45, 5 never (followed 400 days)
    waits = [(20, True)] * 10 + [(45, True)] * 5 + [(400, False)] * 5
    # S = 1, 1/2, 1/4, then flat: a quarter never seen, so even a new referral is 75%
    curve = _to_be_seen(waits, min_at_risk=5)
    assert curve[:3] == pytest.approx((0.75, 0.5, 0.0))
    assert _to_be_seen([(20, True)] * 10, min_at_risk=5) == ()  # all seen: nothing to say
    row = replace(load_assumptions().rows["*"], still_to_be_seen=(0.75, 0.5))
    assert [row.seen_after(d) for d in (0, 29, 30, 400)] == [0.75, 0.75, 0.5, 0.5]
    assert load_assumptions().rows["*"].seen_after(400) == 1.0  # uncalibrated: always


def test_a_referral_not_yet_seen_is_accrued_times_the_chance_it_will_be():
    """Spec tariff (first £200, follow-up £100, mix £3,300; tests/spec/test_accrual_rules)."""
    from dataclasses import replace

    from pars.costing import accrue
    from pars.costing.assumptions import AssumptionTable
    from pars.pathways import Letter, link_pathways
    from tests.spec.test_accrual_rules import TABLE, TARIFF

    row = replace(
        TABLE.rows["110"],
        follow_up_ratio=1.0,
        conversion_rate=0.1,
        still_to_be_seen=(1.0, 0.5),
    )
    table = AssumptionTable([TABLE.rows["*"], row], "calibrated.csv")
    pathways = link_pathways([Letter.from_coded(coded("r", "referral", "2025-05-01"))])

    def value(as_of: str):
        (accrual,) = accrue(
            pathways, date.fromisoformat(as_of), table, tariff_for=lambda _day: TARIFF
        )
        return accrual

    # 10 days on: 200 + 1 x 100 + 0.1 x 3300
    assert value("2025-05-11").price_gbp == Decimal("630.00")
    # 40 days with no clinic letter: half of everything, and the detail says why
    later = value("2025-06-10")
    assert later.price_gbp == Decimal("315.00")
    assert "50% still to be seen after 40 days without a clinic letter" in later.detail


def test_pars_cost_option_default_is_the_engine_minimum():
    """`pars cost --calibrate-min-months` defaults to what ``assumptions_for`` uses."""
    import argparse

    from pars.commands import cost
    from pars.costing.pipeline import CALIBRATE_MIN_MONTHS

    parser = argparse.ArgumentParser()
    cost.register(parser.add_subparsers())
    args = parser.parse_args(["cost", "--documents", "x.jsonl"])
    assert args.calibrate_min_months == CALIBRATE_MIN_MONTHS
