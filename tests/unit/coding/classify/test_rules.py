"""Table-driven tests of the explicit rules (rules alone: no model file is involved)."""

from __future__ import annotations

import pytest

from pars.coding.classify import predict_batch
from pars.coding.classify.model import rules_only_model
from pars.coding.classify.predict import collect_evidence
from pars.coding.classify.specialty import diagnosis_prior, procedure_prior
from pars.coding.classify.text import prepare

from .letters import LETTERS

RULES_ONLY = rules_only_model()


def classify(text: str, extracted: dict | None = None) -> dict:
    result = predict_batch([text], [extracted], [None], model=RULES_ONLY)[0]
    return {name: item.value for name, item in result.items()}


REFERRAL_HEAD = "The Elms Surgery, 4 Station Road\nDear Colleague,\n"


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "Please see under the two week wait rule: weight loss and a breast lump.",
            "two_week_wait",
        ),
        ("Please see. 2WW referral for a changing pigmented lesion.", "two_week_wait"),
        ("Please see urgently: suspected colorectal cancer with iron deficiency.", "two_week_wait"),
        ("Priority: URGENT\nPlease see this man with haematuria.", "urgent"),
        ("Please see this lady soon; I think this is urgent given the pain.", "urgent"),
        ("This is not urgent. Please see with knee pain.", "routine"),
        ("Non-urgent referral, please see at your convenience.", "routine"),
        (
            "Please see with bunions. If worse she knows to attend the urgent care centre.",
            "routine",
        ),
        ("Please see with a lump. Cancer is not suspected; routine please.", "routine"),
        ("Priority: routine\nPlease see. She is anxious about cancer.", "routine"),
        ("Please see with hip pain.", "routine"),
    ],
)
def test_urgency(body: str, expected: str) -> None:
    assert classify(REFERRAL_HEAD + body)["urgency"] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (REFERRAL_HEAD + "I would be grateful if you could see this man.", "outgoing"),
        ("Riverside Medical Centre\nDear Doctor,\nPlease see this lady with a rash.", "outgoing"),
        (
            "Department of Urology, Anytown Hospital\nDear Dr Okafor,\nThank you for your referral. "
            'You wrote "please see urgently with haematuria". I saw him in clinic today.',
            "incoming",
        ),
        (
            "Anytown General Hospital NHS Trust\nDear Dr Lee,\nI reviewed Mrs Smith in the clinic. "
            "I will see her again in six months.",
            "incoming",
        ),
    ],
)
def test_direction_including_quoted_referral(text: str, expected: str) -> None:
    assert classify(text)["direction"] == expected


@pytest.mark.parametrize(
    ("text", "tfc"),
    [
        ("Department of Urology\nDear Dr Lee,\nI saw him with LUTS.", "101"),
        ("Orthopaedic Clinic, Anytown Hospital\nDear Dr Lee,\nKnee pain reviewed.", "110"),
        ("Ophthalmology\nDear Dr Lee,\nCataract assessment today.", "130"),
        (
            "Department of Dermatology\nDear Dr Lee,\nShe was previously seen by cardiology "
            "and has a history of rheumatology follow-up. Eczema reviewed today.",
            "330",
        ),
        (REFERRAL_HEAD + "Re: Referral to ENT\nPlease see with recurrent tonsillitis.", "120"),
        ("Paediatric ENT clinic\nDear Dr Lee,\nGlue ear.", "215"),
        ("Gynaecological oncology clinic\nDear Dr Lee,\nReviewed.", "503"),
    ],
)
def test_specialty_from_named_service(text: str, tfc: str) -> None:
    assert classify(text)["specialty_tfc"] == tfc


def test_specialty_falls_back_to_diagnosis_prior_when_no_service_is_named() -> None:
    class Item:
        def __init__(self, value):
            self.value = value

    text = REFERRAL_HEAD + "Please see this man with a painful lump in the groin."
    extracted = {
        "diagnoses": Item([{"icd10": "K40.9", "text": "inguinal hernia"}]),
        "procedures": Item([]),
    }
    assert classify(text, extracted)["specialty_tfc"] == "100"


@pytest.mark.parametrize(
    ("plan", "expected"),
    [
        ("I will review him in clinic in 3 months.", "follow_up"),
        ("I have discharged him back to your care.", "discharged"),
        ("No further follow-up has been arranged.", "discharged"),
        ("I have added him to the waiting list for a hernia repair.", "listed_for_procedure"),
        (
            "I have requested an MRI of the lumbar spine and will write with the result.",
            "investigations",
        ),
        ("I have referred him to the vascular team for their opinion.", "referred_on"),
    ],
)
def test_outcome_of_clinic_letters(plan: str, expected: str) -> None:
    text = f"Department of General Surgery, Anytown Hospital\nDear Dr Lee,\nI saw him in clinic today. {plan}"
    result = classify(text)
    assert result["document_type"] == "clinic_letter"
    assert result["outcome"] == expected


def test_gated_fields_are_null_where_they_do_not_apply() -> None:
    clinic = classify(
        "Department of Urology\nDear Dr Lee,\nI saw him in clinic. Review in 6 months."
    )
    assert clinic["urgency"] is None and clinic["outcome"] == "follow_up"
    referral = classify(REFERRAL_HEAD + "Please see this man urgently.")
    assert referral["outcome"] is None and referral["urgency"] == "urgent"


@pytest.mark.parametrize(("family", "text", "truth"), LETTERS)
def test_hand_written_letters(family: str, text: str, truth: dict) -> None:
    result = classify(text)
    assert {k: result[k] for k in truth} == truth


def test_evidence_and_confidence_are_filled() -> None:
    result = predict_batch([LETTERS[0][1]], model=RULES_ONLY)[0]
    assert result["urgency"].evidence and "two week wait" in result["urgency"].evidence
    assert 0.5 < result["urgency"].confidence <= 1.0
    assert result["outcome"].value is None and result["outcome"].confidence == 0.0


def test_priors_tables() -> None:
    assert diagnosis_prior("C50.9") == "103"
    assert diagnosis_prior("H25.1") == "130"
    assert diagnosis_prior("Z99") is None
    assert procedure_prior("W37.1") == "110"
    assert procedure_prior("C71.2") == "130"


def test_prepare_regions() -> None:
    letter = prepare('Dept of X\nTo: Someone\nDear Dr A\nYou wrote "see urgently". Body.')
    assert "urgently" not in letter.unquoted
    assert letter.letterhead.startswith("dept of x")
    assert "to: someone" not in letter.letterhead
    evidence = collect_evidence("", None, None)
    assert evidence.letter.text == ""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Outcome: Discharged to GP\nDear Dr Lee,\nI saw him in clinic.", "discharged"),
        ("Dear Dr Lee,\nI saw him in clinic today. Plan r/v in clinic 6/52.", "follow_up"),
        ("Dear Dr Lee,\nI saw him in clinic. We have not arranged to see him again.", "discharged"),
    ],
)
def test_outcome_labels_and_abbreviations(text: str, expected: str) -> None:
    assert classify("Anytown Hospital, Department of Urology\n" + text)["outcome"] == expected


def test_diagnostic_reports_have_no_outcome() -> None:
    report = classify(LETTERS[-1][1])
    assert report["document_type"] == "diagnostic_report" and report["outcome"] is None


@pytest.mark.parametrize(
    ("text", "tfc"),
    [
        (REFERRAL_HEAD + "Referral to: Neurology\nPlease see with headaches.", "400"),
        ("Neurology Outpatients, Anytown Hospital\nDear Dr Lee,\nI saw her in clinic.", "400"),
        (
            "Department of Rheumatology\nDear Dr Lee,\nI saw him in clinic. I have referred him on to "
            "the dermatologists and the orthopaedic surgeons.",
            "410",
        ),
        (
            "Emergency Department discharge letter\nDear Dr Lee,\nHe was admitted under the general surgeons.",
            "100",
        ),
    ],
)
def test_specialty_onward_referrals_and_admissions(text: str, tfc: str) -> None:
    assert classify(text)["specialty_tfc"] == tfc


@pytest.mark.parametrize(
    ("form", "expected"),
    [
        ("PRIORITY\n[ ] Two week wait (suspected cancer)\n[ ] Urgent\n[X] Routine\n", "routine"),
        (
            "PRIORITY\n[X] Two week wait (suspected cancer)\n[ ] Urgent\n[ ] Routine\n",
            "two_week_wait",
        ),
        ("PRIORITY\n( ) Two week wait\n(x) Urgent\n( ) Routine\n", "urgent"),
        ("PRIORITY\nNo Two week wait (suspected cancer)\nYes Urgent\nNo Routine\n", "urgent"),
        ("Two week wait: no\nUrgent: no\nRoutine: yes\n", "routine"),
        ("Referral priority: Urgent (not 2WW)\n", "urgent"),
    ],
)
def test_urgency_from_forms(form: str, expected: str) -> None:
    assert classify(REFERRAL_HEAD + form + "Please see this patient.")["urgency"] == expected


def test_emergency_department_letters_are_discharge_summaries() -> None:
    text = (
        "Anytown Hospital\nA&E ATTENDANCE - NOTIFICATION TO GP\nDear Dr Lee,\nDate of attendance: "
        "1/12/25. Mode of arrival: ambulance. Seen and treated for a wrist sprain. Discharged home."
    )
    result = classify(text)
    assert result["document_type"] == "discharge_summary"
    assert result["service_type"] == "emergency"


def test_minor_surgery_done_in_the_practice_is_internal() -> None:
    text = (
        "The Elms Surgery, 4 Station Road\nMinor surgery clinic note\nDear Dr Lee,\n"
        "I saw Mr Smith in the minor surgery clinic today and excised a sebaceous cyst."
    )
    assert classify(text)["service_type"] == "internal"


def test_emergency_attendance_is_a_and_e_even_with_a_fracture_diagnosis() -> None:
    class Item:
        def __init__(self, value):
            self.value = value

    text = (
        "Anytown Hospital NHS Trust\nDear Dr Lee,\nAttendance summary. Mode of arrival: walked in.\n"
        "Diagnosis: fractured wrist, placed in a cast. Discharged home."
    )
    extracted = {"diagnoses": Item([{"icd10": "S52.5", "text": "fracture of radius"}])}
    assert classify(text, extracted)["specialty_tfc"] == "180"


def test_labelled_outcome_home_with_gp_review_if_needed_is_discharged() -> None:
    text = (
        "Emergency Department, Anytown Hospital\nDear Dr Lee,\nSeen in the emergency department with "
        "chest pain.\nOutcome: Home - GP to review if needed"
    )
    assert classify(text)["outcome"] == "discharged"


def test_urgency_and_outcome_votes_are_counted_when_first_needed() -> None:
    from pars.coding.classify import rules

    text = (
        "Dear Dr Lee,\nPriority: urgent.\nI saw him in clinic and discharged him back to your care."
    )
    evidence = collect_evidence(text, None, None)
    assert "urgency" not in evidence.votes and "outcome" not in evidence.votes
    for name, family in (("urgency", rules.urgency_votes), ("outcome", rules.outcome_votes)):
        votes = evidence.votes[name]
        assert evidence.votes[name] is votes  # counted once
        expected = family(evidence.letter)
        assert dict(votes.scores) == dict(expected.scores) and votes.scores
        assert votes.evidence == expected.evidence
    with pytest.raises(KeyError):
        evidence.votes["no such field"]
