"""Pathway linking: which letters belong to which referral, and why."""

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from pars.pathways import Letter, LinkSettings, link_pathways, name_key, trust_of
from tests.unit.costing.docs import coded


def letters(*records):
    return [Letter.from_coded(r) for r in records]


def by_id(pathways):
    return {p.pathway_id: [lt.document_id for lt in p.letters] for p in pathways}


def test_referral_collects_later_letters_for_same_patient_provider_specialty():
    pathways = link_pathways(
        letters(
            coded("r1", "referral", "2025-05-01"),
            coded("c1", "clinic_letter", "2025-06-10", outcome="follow_up"),
            coded("c2", "clinic_letter", "2025-08-10", outcome="discharged"),
        )
    )
    assert by_id(pathways) == {"PW-r1": ["r1", "c1", "c2"]}
    reason = pathways[0].links[1].reason
    assert "NHS number" in reason and "RWG" in reason and "110" in reason


def test_missing_nhs_number_links_on_name_and_birth_date():
    pathways = link_pathways(
        letters(
            coded("r1", "referral", "2025-05-01"),
            coded("c1", "clinic_letter", "2025-06-10", nhs_number=None, patient_name="SMITH, Jane"),
        )
    )
    assert by_id(pathways) == {"PW-r1": ["r1", "c1"]}
    assert "name and birth date" in pathways[0].links[1].reason


def test_same_name_other_birth_date_is_another_patient():
    pathways = link_pathways(
        letters(
            coded("r1", "referral", "2025-05-01"),
            coded(
                "c1",
                "clinic_letter",
                "2025-06-10",
                nhs_number=None,
                patient_birth_date="1961-01-01",
            ),
        )
    )
    assert by_id(pathways) == {"PW-r1": ["r1"], "PW-c1": ["c1"]}
    assert pathways[1].provider_initiated


def test_other_provider_or_specialty_starts_a_provider_initiated_pathway():
    pathways = link_pathways(
        letters(
            coded("r1", "referral", "2025-05-01"),
            coded("c1", "clinic_letter", "2025-06-10", provider_code="RAL"),
            coded("c2", "clinic_letter", "2025-06-11", specialty_tfc="130"),
            coded("c3", "clinic_letter", "2025-07-01"),
        )
    )
    assert by_id(pathways) == {"PW-r1": ["r1", "c3"], "PW-c1": ["c1"], "PW-c2": ["c2"]}
    assert pathways[1].links[0].reason.startswith("no earlier referral")


def test_a_referral_seen_only_by_another_specialty_was_re_triaged():
    pathways = link_pathways(
        letters(
            coded("r1", "referral", "2025-05-01", specialty_tfc="100"),
            coded("c1", "clinic_letter", "2025-06-10", specialty_tfc="104"),
            coded("c2", "clinic_letter", "2025-07-10", specialty_tfc="104"),
            coded(
                "e1", "clinic_letter", "2025-05-05", specialty_tfc="180", service_type="emergency"
            ),
        )
    )
    assert by_id(pathways) == {"PW-r1": ["r1", "c1", "c2"], "PW-e1": ["e1"]}
    assert "re-triaged" in pathways[0].links[1].reason


def test_two_open_referrals_at_one_clinic_are_told_apart_by_diagnosis():
    knee = [{"icd10": "M17.1", "text": "knee osteoarthritis"}]
    hand = [{"icd10": "M72.0", "text": "Dupuytren's contracture"}]
    pathways = link_pathways(
        letters(
            coded("r1", "referral", "2025-05-01", diagnoses=knee),
            coded("r2", "referral", "2025-05-05", diagnoses=hand),
            coded("c1", "clinic_letter", "2025-06-10", diagnoses=knee),
            coded("c2", "clinic_letter", "2025-06-12", diagnoses=hand),
        )
    )
    assert by_id(pathways) == {"PW-r1": ["r1", "c1"], "PW-r2": ["r2", "c2"]}
    assert pathways[0].links[1].reason.endswith("same diagnosis; 40 days after the start")


def test_site_code_matches_its_trust_and_missing_specialty_is_tolerated():
    pathways = link_pathways(
        letters(
            coded("r1", "referral", "2025-05-01"),
            coded("c1", "clinic_letter", "2025-06-10", provider_code="RWG02", specialty_tfc=None),
        )
    )
    assert by_id(pathways) == {"PW-r1": ["r1", "c1"]}
    assert "no specialty" in pathways[0].links[1].reason


def test_letter_before_the_referral_or_beyond_the_window_is_not_linked():
    records = [
        coded("c0", "clinic_letter", "2025-04-01"),
        coded("r1", "referral", "2025-05-01"),
        coded("c1", "clinic_letter", "2026-06-10"),
    ]
    assert by_id(link_pathways(letters(*records))) == {
        "PW-c0": ["c0"],
        "PW-r1": ["r1"],
        "PW-c1": ["c1"],
    }
    wide = LinkSettings(first_letter_days=500)
    assert by_id(link_pathways(letters(*records), wide))["PW-r1"] == ["r1", "c1"]


def test_newest_referral_wins_and_discharge_closes_a_pathway():
    pathways = link_pathways(
        letters(
            coded("r1", "referral", "2025-01-10"),
            coded("c1", "clinic_letter", "2025-02-10", outcome="discharged"),
            coded("c2", "clinic_letter", "2025-06-10"),
            coded("r2", "referral", "2025-07-01"),
            coded("c3", "clinic_letter", "2025-08-01"),
        )
    )
    assert by_id(pathways) == {"PW-r1": ["r1", "c1"], "PW-c2": ["c2"], "PW-r2": ["r2", "c3"]}


def test_name_key_and_trust():
    assert name_key("Mrs Jane A Smith") == name_key("SMITH, Jane") == "jane|smith"
    assert name_key("Smith") is None
    assert trust_of("RWG02") == "RWG" and trust_of("E82031") == "E82031" and trust_of(None) is None


KINDS = ["referral", "clinic_letter", "discharge_summary", "diagnostic_report", "other"]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(KINDS),
            st.integers(0, 600),
            st.sampled_from(["RWG", "RAL", None]),
            st.sampled_from(["110", "130", None]),
            st.sampled_from(["9434765919", "4010232137", None]),
        ),
        max_size=25,
    ),
    st.randoms(use_true_random=False),
)
def test_every_activity_letter_lands_in_exactly_one_pathway_whatever_the_order(items, rng):
    records = [
        coded(
            f"d{i:02d}",
            kind,
            date.fromordinal(date(2025, 1, 1).toordinal() + day).isoformat(),
            provider_code=provider,
            specialty_tfc=tfc,
            nhs_number=nhs,
        )
        for i, (kind, day, provider, tfc, nhs) in enumerate(items)
    ]
    first = link_pathways(letters(*records))
    placed = [lt.document_id for p in first for lt in p.letters]
    assert len(placed) == len(set(placed))
    assert set(placed) == {r["document_id"] for r in records if r["document_type"] != "other"}
    rng.shuffle(records)
    assert by_id(link_pathways(letters(*records))) == by_id(first)


def test_specialty_slip_with_the_same_diagnosis_links_only_when_asked():
    knee = [{"icd10": "M17.1", "text": "knee osteoarthritis"}]
    records = [
        coded("r1", "referral", "2025-05-01", diagnoses=knee),
        coded("c1", "clinic_letter", "2025-06-10", diagnoses=knee, outcome="follow_up"),
        coded("c2", "clinic_letter", "2025-08-10", diagnoses=knee, specialty_tfc="130"),
    ]
    assert by_id(link_pathways(letters(*records)))["PW-r1"] == ["r1", "c1"]
    tolerant = LinkSettings(allow_specialty_mismatch_same_diagnosis=True)
    pathways = link_pathways(letters(*records), tolerant)
    assert by_id(pathways) == {"PW-r1": ["r1", "c1", "c2"]}
    assert "specialty 130 differs from 110" in pathways[0].links[2].reason
