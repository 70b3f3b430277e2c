"""unbilled_referral, as a table: a referral with no SUS activity in the window (an accrual)."""

from datetime import date
from decimal import Decimal

import pytest

from tests.unit.reconcile.builders import OTHER, flagged, op, referral, run_rule, spell

REF = referral("REF1", day=date(2025, 3, 10))
CASES = [
    ("first attendance 12 weeks later", [REF], [op("A")], [], {}, []),
    ("nothing billed", [REF], [], [], {}, ["REF1"]),
    ("activity for another patient", [REF], [op("A", patient=OTHER)], [], {}, ["REF1"]),
    ("activity at another provider", [REF], [op("A", provider="RWH")], [], {}, ["REF1"]),
    ("activity in another specialty", [REF], [op("A", tfc="130")], [], {}, ["REF1"]),
    ("activity after the window", [REF], [op("A", day=date(2025, 10, 1))], [], {}, ["REF1"]),
    ("activity before the referral", [REF], [op("A", day=date(2025, 2, 1))], [], {}, ["REF1"]),
    ("an admission counts as activity", [REF], [], [spell("S", admitted=date(2025, 5, 1))], {}, []),
    ("a follow-up counts as activity", [REF], [op("A", first="2", source="11")], [], {}, []),
    ("SUS NHS number blanked", [REF], [op("A", patient=None, raw="")], [], {}, []),
    (
        "internal referral (within the practice)",
        [referral("R2", provider="E82031")],
        [],
        [],
        {},
        [],
    ),
    ("community service is not in SUS", [referral("R2", service="community")], [], [], {}, []),
    (
        "window is a parameter",
        [REF],
        [op("A", day=date(2025, 10, 1))],
        [],
        {"unbilled_window_weeks": "35"},
        [],
    ),
]


@pytest.mark.parametrize(
    ("why", "letters", "rows", "spells", "params", "expected"), CASES, ids=[c[0] for c in CASES]
)
def test_unbilled_referral(why, letters, rows, spells, params, expected):
    findings = run_rule(
        "unbilled_referral", outpatients=rows, admissions=spells, letters=letters, **params
    )
    assert flagged(findings) == expected
    for f in findings:
        assert f.value_gbp == Decimal("200.00") and f.sus_record is None
