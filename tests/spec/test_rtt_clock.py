"""RTT clock rules (domain.md §5) as hand-worked tables.

Each case: the letters on a pathway after a referral on 2025-01-01, the as-at
date, and the expected clock (stop date and code, days waited, breach).
"""

from datetime import date

import pytest

from pars.pathways import Letter, link_pathways, rtt_clock, summarise
from tests.unit.costing.docs import coded

REFERRAL = "2025-01-01"

CASES = [
    # why, letters after the referral, as_of, (stop, code, days, breached)
    ("open, waiting 10 weeks", [], "2025-03-12", (None, None, 70, False)),
    ("open, exactly 18 weeks is within", [], "2025-05-07", (None, None, 126, False)),
    ("open, one day over 18 weeks breaches", [], "2025-05-08", (None, None, 127, True)),
    (
        "tests requested in clinic do not stop",
        [("clinic_letter", "2025-02-01", "investigations", [])],
        "2025-03-01",
        (None, None, 59, False),
    ),
    (
        "onward referral hands the wait on (21)",
        [("clinic_letter", "2025-02-01", "referred_on", [])],
        "2025-06-01",
        ("2025-02-01", "21", 31, False),
    ),
    (
        "review with no treatment or tests pending is active monitoring (32)",
        [("clinic_letter", "2025-02-01", "follow_up", [])],
        "2025-03-01",
        ("2025-02-01", "32", 31, False),
    ),
    (
        "listed for surgery does not stop",
        [("clinic_letter", "2025-02-01", "listed_for_procedure", ["W37.1"])],
        "2025-06-01",
        (None, None, 151, True),
    ),
    (
        "surgery stops the clock (30)",
        [
            ("clinic_letter", "2025-02-01", "listed_for_procedure", []),
            ("discharge_summary", "2025-04-01", None, ["W37.1"]),
        ],
        "2025-09-01",
        ("2025-04-01", "30", 90, False),
    ),
    (
        "late surgery is a completed breach",
        [("discharge_summary", "2025-06-01", None, ["W37.1"])],
        "2025-09-01",
        ("2025-06-01", "30", 151, True),
    ),
    (
        "treated in clinic stops (30)",
        [("clinic_letter", "2025-02-15", "treated", [])],
        "2025-03-01",
        ("2025-02-15", "30", 45, False),
    ),
    (
        "discharged without treatment stops (34)",
        [("clinic_letter", "2025-03-01", "discharged", [])],
        "2025-09-01",
        ("2025-03-01", "34", 59, False),
    ),
    (
        "a diagnostic test does not stop",
        [("diagnostic_report", "2025-01-20", None, ["U21.1"])],
        "2025-02-01",
        (None, None, 31, False),
    ),
    (
        "letters after the as-at date are not yet known",
        [("clinic_letter", "2025-03-01", "discharged", [])],
        "2025-02-01",
        (None, None, 31, False),
    ),
]


def _pathway(after):
    records = [coded("r", "referral", REFERRAL)]
    for i, (kind, when, outcome, procedures) in enumerate(after):
        records.append(
            coded(
                f"l{i}",
                kind,
                when,
                outcome=outcome,
                procedures=[{"opcs4": p, "text": p} for p in procedures],
            )
        )
    (pathway,) = link_pathways([Letter.from_coded(r) for r in records])
    return pathway


@pytest.mark.parametrize(("why", "after", "as_of", "expected"), CASES)
def test_rtt_clock(why, after, as_of, expected):
    clock = rtt_clock(_pathway(after), date.fromisoformat(as_of))
    stop, code, days, breached = expected
    assert (clock.stop.isoformat() if clock.stop else None, clock.stop_code) == (stop, code), why
    assert (clock.days, clock.breached) == (days, breached), why
    assert clock.start == date.fromisoformat(REFERRAL)


def test_direct_access_tests_and_community_referrals_have_no_clock():
    for service in ("diagnostic", "community", "internal"):
        (pathway,) = link_pathways(
            [Letter.from_coded(coded("r", "referral", REFERRAL, service_type=service))]
        )
        assert rtt_clock(pathway, date(2025, 3, 1)) is None


def test_summary_shares():
    clocks = [rtt_clock(_pathway(after), date.fromisoformat(as_of)) for _, after, as_of, _ in CASES]
    summary = summarise(clocks)
    # open: 70, 126, 127, 59, 151, 31, 31 days -> 2 over 18 weeks
    assert (summary.open, summary.open_breaches) == (7, 2)
    assert summary.share_open_within_18_weeks == pytest.approx(5 / 7)
    # completed: 31, 90, 151, 45, 59 -> one breach
    assert (summary.completed, summary.completed_within_18_weeks) == (5, 4)
    assert summary.transferred == 1
    assert summary.median_open_weeks == 10.0
