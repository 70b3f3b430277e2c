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

# domain.md §5's DNA and active-monitoring rules; the fifth item is the clock's start
MORE_CASES = [
    (
        "a missed first appointment nullifies the clock (33)",
        [("clinic_letter", "2025-02-01", "other", [], "dna")],
        "2025-03-01",
        ("2025-02-01", "33", 31, False),
    ),
    (
        "missed first appointment, discharged to the GP: stays nullified",
        [
            ("clinic_letter", "2025-02-01", "discharged", [], "dna"),
            ("clinic_letter", "2025-02-10", "follow_up", []),
        ],
        "2025-03-01",
        ("2025-02-01", "33", 31, False),
    ),
    (
        "seen after a missed first appointment: a new clock from that visit, 2025-03-01",
        [
            ("clinic_letter", "2025-02-01", "other", [], "dna"),
            ("clinic_letter", "2025-03-01", "investigations", []),
        ],
        "2025-04-01",
        (None, None, 31, False, "2025-03-01"),
    ),
    (
        "rebooked and treated: the new clock stops at treatment (30), 2025-03-01 to 04-01",
        [
            ("clinic_letter", "2025-02-01", "other", [], "dna"),
            ("clinic_letter", "2025-03-01", "listed_for_procedure", []),
            ("discharge_summary", "2025-04-01", None, ["W37.1"]),
        ],
        "2025-05-01",
        ("2025-04-01", "30", 31, False, "2025-03-01"),
    ),
    (
        "a missed follow-up does not stop the clock",
        [
            ("clinic_letter", "2025-02-01", "investigations", []),
            ("clinic_letter", "2025-03-01", "other", [], "dna"),
        ],
        "2025-04-01",
        (None, None, 90, False),
    ),
    (
        "discharged after a missed follow-up stops (34)",
        [
            ("clinic_letter", "2025-02-01", "investigations", []),
            ("clinic_letter", "2025-03-01", "discharged", [], "dna"),
        ],
        "2025-04-01",
        ("2025-03-01", "34", 59, False),
    ),
    (
        "decision to treat after active monitoring starts a new clock (11) on 2025-04-01",
        [
            ("clinic_letter", "2025-02-01", "follow_up", []),
            ("clinic_letter", "2025-04-01", "listed_for_procedure", []),
        ],
        "2025-05-01",
        (None, None, 30, False, "2025-04-01"),
    ),
    (
        "new clock after active monitoring stops at treatment (30): 04-01 to 06-01",
        [
            ("clinic_letter", "2025-02-01", "follow_up", []),
            ("clinic_letter", "2025-04-01", "listed_for_procedure", []),
            ("clinic_letter", "2025-05-01", "follow_up", []),
            ("discharge_summary", "2025-06-01", None, ["W37.1"]),
        ],
        "2025-07-01",
        ("2025-06-01", "30", 61, False, "2025-04-01"),
    ),
    (
        "a review while on the waiting list is not active monitoring",
        [
            ("clinic_letter", "2025-02-01", "listed_for_procedure", []),
            ("clinic_letter", "2025-03-01", "follow_up", []),
            ("discharge_summary", "2025-04-01", None, ["W37.1"]),
        ],
        "2025-05-01",
        ("2025-04-01", "30", 90, False),
    ),
    (
        "further reviews during active monitoring do not restart it",
        [
            ("clinic_letter", "2025-02-01", "follow_up", []),
            ("clinic_letter", "2025-04-01", "follow_up", []),
            ("clinic_letter", "2025-05-01", "discharged", []),
        ],
        "2025-07-01",
        ("2025-02-01", "32", 31, False),
    ),
]


def _pathway(after, urgency="routine"):
    records = [coded("r", "referral", REFERRAL, urgency=urgency)]
    for i, (kind, when, outcome, procedures, *attendance) in enumerate(after):
        extra = {"attendance": "did_not_attend"} if attendance == ["dna"] else {}
        records.append(
            coded(
                f"l{i}",
                kind,
                when,
                outcome=outcome,
                procedures=[{"opcs4": p, "text": p} for p in procedures],
                **extra,
            )
        )
    (pathway,) = link_pathways([Letter.from_coded(r) for r in records])
    return pathway


@pytest.mark.parametrize(("why", "after", "as_of", "expected"), CASES + MORE_CASES)
def test_rtt_clock(why, after, as_of, expected):
    clock = rtt_clock(_pathway(after), date.fromisoformat(as_of))
    stop, code, days, breached, *start = expected
    assert (clock.stop.isoformat() if clock.stop else None, clock.stop_code) == (stop, code), why
    assert (clock.days, clock.breached) == (days, breached), why
    assert clock.start == date.fromisoformat(start[0] if start else REFERRAL), why


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


def test_two_week_wait_missed_first_appointment_keeps_the_clock_running():
    missed = [("clinic_letter", "2025-01-10", "other", [], "dna")]
    clock = rtt_clock(_pathway(missed, "two_week_wait"), date(2025, 2, 1))
    assert clock.open and clock.days == 31
    # only a discharge back to the GP stops it (34)
    discharged = [("clinic_letter", "2025-01-10", "discharged", [], "dna")]
    clock = rtt_clock(_pathway(discharged, "two_week_wait"), date(2025, 2, 1))
    assert (clock.stop_code, clock.days) == ("34", 9)


def test_nullified_clocks_are_neither_open_nor_completed():
    missed = [("clinic_letter", "2025-02-01", "other", [], "dna")]
    summary = summarise([rtt_clock(_pathway(missed), date(2025, 3, 1))])
    assert (summary.nullified, summary.open, summary.completed) == (1, 0, 0)


def test_a_coded_record_says_did_not_attend_in_an_optional_key():
    plain = Letter.from_coded(coded("x", "clinic_letter", "2025-02-01"))
    assert not plain.did_not_attend
    for extra in ({"attendance": "did_not_attend"}, {"attendance": "DNA"}, {"attended": False}):
        assert Letter.from_coded(coded("x", "clinic_letter", "2025-02-01", **extra)).did_not_attend
    assert not Letter.from_coded(
        coded("x", "clinic_letter", "2025-02-01", attendance="attended")
    ).did_not_attend
