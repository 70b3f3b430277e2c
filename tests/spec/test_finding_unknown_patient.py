"""unknown_patient, as a table: SUS activity for a number the practice has never seen."""

from datetime import date

import pytest

from pars.reconcile.patients import PatientLists
from tests.unit.reconcile.builders import (
    BIRTH,
    OTHER,
    PATIENT,
    PRACTICE,
    flagged,
    nhs,
    op,
    referral,
    run_rule,
)

STRANGER = nhs(99)


def _lists(*numbers):
    lists = PatientLists()
    for number in numbers:
        lists.add(PRACTICE, number, BIRTH)
    return lists


CASES = [
    ("on the list", [op("A", patient=PATIENT)], [], _lists(PATIENT), []),
    (
        "not on the list, no letters",
        [op("A", patient=STRANGER, birth=date(1990, 1, 1))],
        [],
        _lists(PATIENT),
        ["A"],
    ),
    (
        "not on the list but in a letter",
        [op("A", patient=OTHER)],
        [referral(patient=OTHER)],
        _lists(PATIENT),
        [],
    ),
    (
        "practice without a list",
        [op("A", patient=STRANGER, practice="E99999")],
        [],
        _lists(PATIENT),
        [],
    ),
    ("no lists given: rule is silent", [op("A", patient=STRANGER)], [], None, []),
    (
        "blank number, a listed patient of that birth date",
        [op("A", patient=None, raw="")],
        [],
        _lists(PATIENT),
        [],
    ),
    (
        "mistyped number close to a listed patient of that birth date",
        [op("A", patient=None, raw=PATIENT[:9] + str((int(PATIENT[9]) + 1) % 10))],
        [],
        _lists(PATIENT),
        [],
    ),
    (
        "invalid number far from anyone listed",
        [op("A", patient=None, raw="1234567890", birth=date(1991, 2, 3))],
        [],
        _lists(PATIENT),
        ["A"],
    ),
]


@pytest.mark.parametrize(
    ("why", "rows", "letters", "lists", "expected"), CASES, ids=[c[0] for c in CASES]
)
def test_unknown_patient(why, rows, letters, lists, expected):
    findings = run_rule("unknown_patient", outpatients=rows, letters=letters, patients=lists)
    assert flagged(findings) == expected
