"""duplicate_attendance, as a table: same patient, provider, TFC and date; later copies flagged."""

from datetime import date

import pytest

from tests.unit.reconcile.builders import OTHER, PATIENT, flagged, op, run_rule

D1, D2 = date(2025, 6, 2), date(2025, 6, 3)
CASES = [
    ("two copies", [op("A", first="2"), op("B", first="2")], ["B"]),
    ("three copies", [op("A"), op("B"), op("C")], ["B", "C"]),
    ("different dates", [op("A"), op("B", day=D2)], []),
    ("different TFC", [op("A"), op("B", tfc="130")], []),
    ("different provider", [op("A"), op("B", provider="RWH")], []),
    ("different patients", [op("A", patient=PATIENT), op("B", patient=OTHER)], []),
    (
        "site code and trust code are one provider",
        [op("A", provider="RWG02"), op("B", provider="RWG")],
        ["B"],
    ),
    (
        "copy with a blanked NHS number, same birth date and practice",
        [op("A"), op("B", patient=None, raw="")],
        ["B"],
    ),
]


@pytest.mark.parametrize(("why", "rows", "expected"), CASES, ids=[c[0] for c in CASES])
def test_duplicate_attendance(why, rows, expected):
    assert flagged(run_rule("duplicate_attendance", outpatients=rows)) == expected
