"""dna_charged, as a table: an appointment not attended (2, 3, 4, 7) with a non-zero price."""

import pytest

from tests.unit.reconcile.builders import flagged, op, run_rule

CASES = [
    ("did not attend, charged", [op("A", attended="3", price="90.00")], ["A"]),
    ("patient cancelled, charged", [op("A", attended="2")], ["A"]),
    ("provider cancelled, charged", [op("A", attended="4")], ["A"]),
    ("late and not seen, charged", [op("A", attended="7")], ["A"]),
    ("did not attend, price zero", [op("A", attended="3", price="0.00")], []),
    ("seen on time", [op("A", attended="5")], []),
    ("late but seen", [op("A", attended="6")], []),
    ("only the charged one", [op("A", attended="3"), op("B", attended="3", price="0")], ["A"]),
]


@pytest.mark.parametrize(("why", "rows", "expected"), CASES, ids=[c[0] for c in CASES])
def test_dna_charged(why, rows, expected):
    findings = run_rule("dna_charged", outpatients=rows)
    assert flagged(findings) == expected
    for f in findings:
        assert f.value_gbp > 0 and f.finding == "dna_charged"


def test_not_attended_codes_are_a_parameter():
    rows = [op("A", attended="7"), op("B", attended="3")]
    assert flagged(run_rule("dna_charged", outpatients=rows, not_attended_codes="3")) == ["B"]
