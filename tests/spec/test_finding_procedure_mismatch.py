"""procedure_mismatch, as a table: the spell's OPCS-4 category is not in the discharge letter."""

from datetime import date

import pytest

from tests.unit.reconcile.builders import OTHER, discharge, flagged, run_rule, spell

CASES = [
    ("same code", [spell("S", procedure="W37.1")], [discharge(procedures=("W37.1",))], {}, []),
    (
        "same category, other subcode",
        [spell("S", procedure="W37.9")],
        [discharge(procedures=("W37.1",))],
        {},
        [],
    ),
    (
        "different category",
        [spell("S", procedure="W40.1")],
        [discharge(procedures=("W37.1",))],
        {},
        ["S"],
    ),
    (
        "any letter procedure matches",
        [spell("S", procedure="W40.1")],
        [discharge(procedures=("W37.1", "W40.1"))],
        {},
        [],
    ),
    ("no discharge letter", [spell("S", procedure="W40.1")], [], {}, []),
    (
        "spell without a procedure",
        [spell("S", procedure="")],
        [discharge(procedures=("W37.1",))],
        {},
        [],
    ),
    (
        "letter for another patient",
        [spell("S", procedure="W40.1")],
        [discharge(patient=OTHER)],
        {},
        [],
    ),
    (
        "letter for another provider",
        [spell("S", procedure="W40.1")],
        [discharge(provider="RAL")],
        {},
        [],
    ),
    (
        "letter months away from the spell",
        [spell("S", procedure="W40.1")],
        [discharge(day=date(2025, 11, 1))],
        {},
        [],
    ),
    (
        "letter lists no procedure (default: not flagged)",
        [spell("S")],
        [discharge(procedures=())],
        {},
        [],
    ),
    (
        "letter lists no procedure, flag_procedure_when_letter_has_none",
        [spell("S")],
        [discharge(procedures=())],
        {"flag_procedure_when_letter_has_none": "true"},
        ["S"],
    ),
    (
        "SUS NHS number blanked: linked on birth date, practice and provider",
        [spell("S", patient=None, raw="", procedure="W40.1")],
        [discharge(procedures=("W37.1",))],
        {},
        ["S"],
    ),
]


@pytest.mark.parametrize(
    ("why", "spells", "letters", "params", "expected"), CASES, ids=[c[0] for c in CASES]
)
def test_procedure_mismatch(why, spells, letters, params, expected):
    findings = run_rule("procedure_mismatch", admissions=spells, letters=letters, **params)
    assert flagged(findings) == expected
    for f in findings:
        assert f.document == "DIS1"
