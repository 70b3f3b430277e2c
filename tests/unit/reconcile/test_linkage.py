"""Linkage: exact join first, Splink for blank/mistyped NHS numbers, best candidate kept."""

from datetime import date

from pars.reconcile.linkage import link
from pars.reconcile.params import ReconcileParams
from tests.unit.reconcile.builders import OTHER, PATIENT, discharge, op, referral, spell


def test_exact_join_links_to_the_closest_referral_before():
    letters = [referral("OLD", day=date(2025, 1, 6)), referral("NEW", day=date(2025, 4, 1))]
    result = link([op("A")], [], letters, ReconcileParams())
    assert letters[result.referral["o0"].letter].document == "NEW"
    assert result.referral["o0"].method == "deterministic"
    assert result.referral["o0"].match_weight is None


def test_blank_nhs_number_links_probabilistically_with_a_weight():
    result = link([op("A", patient=None, raw="")], [], [referral()], ReconcileParams())
    found = result.referral["o0"]
    assert found.method == "probabilistic" and found.match_weight > 4.0
    assert result.resolved_nhs["o0"] == PATIENT


def test_mistyped_number_scores_higher_than_a_blank_one():
    typo = PATIENT[:9] + str((int(PATIENT[9]) + 3) % 10)
    rows = [op("A", patient=None, raw=typo), op("B", patient=None, raw="", day=date(2025, 6, 3))]
    result = link(rows, [], [referral()], ReconcileParams())
    assert result.referral["o0"].match_weight > result.referral["o1"].match_weight


def test_best_candidate_wins_among_two_patients_with_one_birth_date():
    letters = [referral("R_OTHER", patient=OTHER, practice="E82999"), referral("R_MINE")]
    typo = PATIENT[:9] + str((int(PATIENT[9]) + 3) % 10)
    result = link([op("A", patient=None, raw=typo)], [], letters, ReconcileParams())
    assert letters[result.referral["o0"].letter].document == "R_MINE"


def test_splink_can_be_turned_off():
    params = ReconcileParams().with_overrides({"linkage.enabled": "false"})
    result = link([op("A", patient=None, raw="")], [], [referral()], params)
    assert "o0" not in result.referral


def test_threshold_is_a_parameter():
    params = ReconcileParams().with_overrides({"linkage.match_weight_threshold": "60"})
    result = link([op("A", patient=None, raw="")], [], [referral()], params)
    assert "o0" not in result.referral


def test_letter_without_nhs_number_links_to_a_good_sus_row():
    result = link([op("A")], [], [referral(patient=None)], ReconcileParams())
    assert result.referral["o0"].method == "probabilistic"


def test_discharge_link_within_tolerance_only():
    near = link([], [spell()], [discharge(day=date(2025, 7, 2))], ReconcileParams())
    far = link([], [spell()], [discharge(day=date(2025, 7, 20))], ReconcileParams())
    assert "a0" in near.discharge and "a0" not in far.discharge


def test_billed_referrals_include_activity_by_resolved_patients():
    rows = [op("A", patient=None, raw="", first="2", source="11")]
    result = link(rows, [], [referral()], ReconcileParams())
    assert result.billed_referrals == {0}


def test_identity_resolution_needs_a_unique_patient():
    known = [("E82031", PATIENT, date(1960, 3, 14)), ("E82031", OTHER, date(1960, 3, 14))]
    row = op("A", patient=None, raw="", first="2", source="11", tfc="502")
    ambiguous = link([row], [], [], ReconcileParams(), known_patients=known)
    assert "o0" not in ambiguous.resolved_nhs
    unique = link([row], [], [], ReconcileParams(), known_patients=known[:1])
    assert unique.resolved_nhs["o0"] == PATIENT


def test_an_unknown_backend_is_refused_with_the_choices():
    import pytest

    with pytest.raises(ValueError, match="duckdb or spark"):
        ReconcileParams().with_overrides({"linkage.backend": "postgres"})


def test_findings_show_the_weight_that_identified_the_patient():
    from tests.unit.reconcile.builders import run_rule

    rows = [op("A", patient=None, raw="", attended="3")]
    (finding,) = run_rule("dna_charged", outpatients=rows, letters=[referral()])
    assert finding.nhs_number == PATIENT
    assert finding.link_method == "probabilistic" and finding.match_weight > 4.0
