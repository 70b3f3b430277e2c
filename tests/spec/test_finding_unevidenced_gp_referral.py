"""unevidenced_gp_referral, as a table: GP-referred first attendance with no practice referral."""

from datetime import date

import pytest

from tests.unit.reconcile.builders import OTHER, PATIENT, flagged, op, referral, run_rule

APPT = date(2025, 6, 2)
CASES = [
    ("referral 12 weeks before", [op("A")], [referral(day=date(2025, 3, 10))], {}, []),
    ("no referral at all", [op("A")], [], {}, ["A"]),
    ("referral 27 weeks before", [op("A")], [referral(day=date(2024, 11, 25))], {}, ["A"]),
    ("referral after the appointment", [op("A")], [referral(day=date(2025, 6, 20))], {}, ["A"]),
    ("referral to another provider", [op("A")], [referral(provider="RWH")], {}, ["A"]),
    ("referral to another specialty", [op("A")], [referral(tfc="130")], {}, ["A"]),
    ("referral for another patient", [op("A")], [referral(patient=OTHER)], {}, ["A"]),
    (
        "referral to the trust, SUS at a site",
        [op("A", provider="RWG02")],
        [referral(provider="RWG")],
        {},
        [],
    ),
    ("follow-up is not checked", [op("A", first="2")], [], {}, []),
    ("consultant-to-consultant is not checked", [op("A", source="05")], [], {}, []),
    ("first by telephone", [op("A", first="3")], [], {}, ["A"]),
    (
        "window is a parameter",
        [op("A")],
        [referral(day=date(2024, 11, 25))],
        {"referral_window_weeks": "30"},
        [],
    ),
    (
        "SUS NHS number blanked: linked by birth date, practice, provider, specialty, window",
        [op("A", patient=None, raw="")],
        [referral()],
        {},
        [],
    ),
    (
        "SUS NHS number mistyped (two digits swapped)",
        [op("A", patient=None, raw=PATIENT[:3] + PATIENT[4] + PATIENT[3] + PATIENT[5:])],
        [referral()],
        {},
        [],
    ),
    (
        "blank NHS number and a different birth date: no link",
        [op("A", patient=None, raw="", birth=date(1971, 1, 2))],
        [referral()],
        {},
        ["A"],
    ),
    (
        "two valid, different NHS numbers are never linked by Splink",
        [op("A", patient=OTHER)],
        [referral(patient=PATIENT)],
        {},
        ["A"],
    ),
]


@pytest.mark.parametrize(
    ("why", "rows", "letters", "params", "expected"), CASES, ids=[c[0] for c in CASES]
)
def test_unevidenced_gp_referral(why, rows, letters, params, expected):
    findings = run_rule("unevidenced_gp_referral", outpatients=rows, letters=letters, **params)
    assert flagged(findings) == expected


def test_gp_sources_are_a_parameter():
    rows = [op("A", source="12"), op("B", source="03", day=APPT)]
    assert flagged(run_rule("unevidenced_gp_referral", outpatients=rows)) == ["B"]
    both = run_rule("unevidenced_gp_referral", outpatients=rows, gp_referral_sources="03,12")
    assert flagged(both) == ["A", "B"]


def test_unreadable_documents_are_named_in_the_detail():
    from pars.reconcile import ReconcileInput, ReconcileParams, reconcile
    from tests.unit.reconcile.builders import fixed_price

    params = ReconcileParams().with_overrides({"rules": ["unevidenced_gp_referral"]})
    data = ReconcileInput([op("A")], [], [], unreadable={"E82031": 2})
    (finding,) = reconcile(data, params, price=fixed_price).findings
    assert "2 unreadable documents" in finding.detail


def _unsure(tfc, confidence, service="outpatient"):
    import dataclasses

    return dataclasses.replace(
        referral(tfc=tfc, service=service), specialty_tfc=tfc, specialty_confidence=confidence
    )


@pytest.mark.parametrize(
    ("why", "letter", "expected"),
    [
        ("coder unsure of the specialty: evidences any specialty", _unsure("130", 0.5), []),
        ("coder sure of another specialty", _unsure("130", 0.95), ["A"]),
        ("coder found no specialty", _unsure(None, None), []),
        ("no specialty on a diagnostic request", _unsure(None, None, "diagnostic"), ["A"]),
        ("threshold is a parameter", _unsure("130", 0.5), ["A"]),
    ],
    ids=lambda v: v if isinstance(v, str) else "",
)
def test_unsure_specialty(why, letter, expected):
    extra = {"min_specialty_confidence": "0.4"} if why.startswith("threshold") else {}
    findings = run_rule("unevidenced_gp_referral", outpatients=[op("A")], letters=[letter], **extra)
    assert flagged(findings) == expected
