"""consultant_to_consultant, as a table: first attendances with referral source 05."""

from datetime import date

import pytest

from tests.unit.reconcile.builders import flagged, op, run_rule

CASES = [
    ("first face to face, source 05", [op("A", source="05")], {}, ["A"]),
    ("first by telephone, source 05", [op("A", source="05", first="3")], {}, ["A"]),
    ("follow-up, source 05", [op("A", source="05", first="2")], {}, []),
    ("first, GP referral", [op("A", source="03")], {}, []),
    ("first, consultant-initiated other (11)", [op("A", source="11")], {}, []),
    (
        "policy allows two-week-wait onward referral",
        [
            op("A", source="05", priority="3"),
            op("B", source="05", priority="1", day=date(2025, 6, 3)),
        ],
        {"c2c_allowed_priorities": "3"},
        ["B"],
    ),
    (
        "policy allows a specialty",
        [op("A", source="05", tfc="800"), op("B", source="05", tfc="110", day=date(2025, 6, 3))],
        {"c2c_allowed_tfcs": "800"},
        ["B"],
    ),
]


@pytest.mark.parametrize(("why", "rows", "params", "expected"), CASES, ids=[c[0] for c in CASES])
def test_consultant_to_consultant(why, rows, params, expected):
    findings = run_rule("consultant_to_consultant", outpatients=rows, **params)
    assert flagged(findings) == expected
