"""Layouts real letters use: tables, tab and padded columns, dictated text, wrapped lines."""

from __future__ import annotations

import datetime as dt

from pars.coding.extract import extract_fields

TODAY = dt.date(2026, 6, 1)


def run(text: str, providers=(), **hints):
    out = extract_fields(text, hints or None, providers=providers, today=TODAY)
    return {k: v.value for k, v in out.items()}


def test_markdown_table_clinic_letter(providers) -> None:
    text = (
        "WEST HERTFORDSHIRE TEACHING HOSPITALS NHS TRUST\nGeneral Medicine Outpatients, Watford General Hospital\n\n"
        "| Clinic | General Medicine - New patient |\n| Clinic date | 25 November 2025 |\n"
        "| Patient | Ms Sarah RICHARDSON |\n| DOB | 30 April 1986 |\n| NHS number | 943-476-5919 |\n"
        "| Hospital no. | R8657348 |\n| GP | Dr Finley Ward |\n| Typed | 5 December 2025 |\n\n"
        "Diagnoses\n- Recurrent UTIs\n"
    )
    out = run(text, providers)
    assert out["patient_name"] == "Sarah RICHARDSON"
    assert out["patient_birth_date"] == "1986-04-30"
    assert out["event_date"] == "2025-11-25"
    assert out["letter_date"] == "2025-12-05"
    assert out["clinician"] == "Dr Finley Ward"
    assert out["nhs_number"] == "9434765919"
    assert out["provider_code"] == "RWG"
    assert out["diagnoses"][0]["icd10"] == "N39.0"


def test_tab_and_padded_columns_with_weekdays() -> None:
    text = (
        "Warners End Family Practice\n------\nDate\t03/08/25\nTo\tGastro Department\n"
        "Patient\tSHAW, Frederick\nDate of Birth\t02/06/81\nNHS Number\t943 476 5919\n"
        "Usual GP\tDr Noah Bennett\n------\nReferral date:   Wednesday 30 July 2025\n"
        "D.O.B. - Friday 27 November 1981\n\nDear Doctor\nMany thanks for seeing Mr Shaw.\n"
    )
    out = run(text, document_type="referral", direction="outgoing")
    assert out["patient_name"] == "Frederick SHAW"
    assert out["patient_birth_date"] == "1981-06-02"
    assert out["letter_date"] == "2025-08-03"
    assert out["clinician"] == "Dr Noah Bennett"


def test_dictated_transcript_in_lower_case() -> None:
    text = (
        "DICTATED BUT NOT CHECKED\nEast and North Hertfordshire NHS Trust, General Surgery\n2026-03-09\n\n"
        "letter to dr chidi wilson at adeyfield health centre. re megan nguyen date of birth saturday\n"
        "19 july 2008 nhs number 943\n476 5919. seen in clinic friday 27 february 2026. diagnosis "
        "unilateral inguinal hernia.\n"
    )
    out = run(text, document_type="clinic_letter", direction="incoming")
    assert out["patient_name"] == "megan nguyen"
    assert out["patient_birth_date"] == "2008-07-19"
    assert out["nhs_number"] == "9434765919"
    assert out["event_date"] == "2026-02-27"
    assert out["clinician"] == "dr chidi wilson"
    assert out["diagnoses"][0]["icd10"] == "K40.9"


def test_unlabelled_numbers_on_two_lines_are_not_joined() -> None:
    assert run("Ref 943\n476 5919 was on the order")["nhs_number"] is None


def test_phrase_wrapped_across_a_line_is_found_but_not_across_a_list() -> None:
    wrapped = run(
        "I would be grateful if you could see this lady with a several month history of joint\npain."
    )
    assert wrapped["diagnoses"][0]["icd10"] == "M25.5"
    listed = run("Problems:\n- joint\n- pain relief review")
    assert all(d["icd10"] != "M25.5" for d in listed["diagnoses"])


def test_a_service_named_after_a_condition_is_not_a_diagnosis() -> None:
    out = run("Seen with knee pain. She is under the diabetes team and the COPD clinic.")
    codes = [d["icd10"] for d in out["diagnoses"]]
    assert codes == ["M25.5"]


def test_known_comorbidity_ranks_after_the_presenting_complaint() -> None:
    out = run("Known GORD. He now presents with a 4 week history of lumbago.")
    assert [d["icd10"] for d in out["diagnoses"]][:2] == ["M54.5", "K21.9"]


def test_past_follow_up_appointment_is_the_event_but_a_future_one_is_not() -> None:
    past = run(
        "Date: 18 December 2025\nReview: 11th December 2025\nDx: asthma\nReturned to clinic."
    )
    assert past["event_date"] == "2025-12-11"
    future = run("Clinic date: 2 June 2025\nDictated: 3 June 2025\nReview: 1 September 2025\n")
    assert future["event_date"] == "2025-06-02"


def test_two_digit_birth_year_of_a_centenarian() -> None:
    text = "Clinic date 05.12.25\nPatient Brian Ashworth\nDOB 07.05.25\nTyped 11.12.25\n100-year-old gentleman."
    assert run(text)["patient_birth_date"] == "1925-05-07"


def test_patient_addressed_letter_copies_the_gp(providers) -> None:
    text = (
        "Lister Hospital\nBreast Unit\n\nDated: 2025-12-05\n\nMs Megan Clark\n42 Marlowes\n\n"
        "Re:          Clark, Megan\nNHS No:      9434765919\nBorn:        2003-08-05\n\n"
        "Dear Ms Clark,\n\nThank you for coming to see me in the Breast Surgery clinic on 2025-11-29.\n"
        "Diagnosis: Breast pain\n\nWith best wishes,\n\nMr S Kapoor\nConsultant\n\n"
        "cc: Dr Callum Collins, Adeyfield Health Centre\n"
    )
    out = run(text, providers)
    assert out["clinician"] == "Dr Callum Collins"
    assert out["patient_name"] == "Megan Clark"
    assert out["event_date"] == "2025-11-29"
    assert out["diagnoses"][0]["icd10"] == "N64.4"


def test_address_block_gives_the_full_gp_name() -> None:
    text = (
        "Watford General Hospital\n\n04.12.25\n\nDr Noah Bennett\nWarners End Family Practice\n81 Marlowes\n\n"
        "Patient name: WILSON, Sophie\nDate seen: 28.11.25\n\nDear Dr Bennett,\n\nThank you for referring "
        "this lady whom I saw on 28.11.25.\n\nYours sincerely\n\nDr E Smith\nConsultant\n"
    )
    out = run(text)
    assert out["clinician"] == "Dr Noah Bennett"
    assert out["event_date"] == "2025-11-28"


def test_registry_clinicians_hint_expands_a_surname() -> None:
    text = "Watford General Hospital\nClinic date: 1/2/2025\nDear Dr Wilson\nI saw your patient in clinic.\n"
    plain = run(text)
    assert plain["clinician"] == "Dr Wilson"
    hinted = run(text, clinicians=["Dr Chidi Wilson", "Dr Noah Bennett"])
    assert hinted["clinician"] == "Dr Chidi Wilson"
    ambiguous = run(text, clinicians=["Dr Chidi Wilson", "Dr Amy Wilson"])
    assert ambiguous["clinician"] == "Dr Wilson"


def test_signatory_without_a_sign_off() -> None:
    text = (
        "Nash Mills Medical Centre\nDated: 16.09.25\nDear Sir/Madam,\nMany thanks for seeing Mrs Bell "
        "with palpitations.\nI would be grateful for an outpatient opinion.\nThank you for seeing this "
        "patient.\n\nDr Tunde Hall\nSalaried GP\nNash Mills Medical Centre\n"
    )
    assert run(text)["clinician"] == "Dr Tunde Hall"


def test_internal_practice_booking(providers) -> None:
    text = (
        "Practice clinic booking request\nFrom:      Dr Noah Bennett\nTo:        Nurse clinic (Warners End "
        "Family Practice)\nDate:      06.12.25\nPatient: DAVIES, Peter\n\nPlease book with Nurse clinic "
        "for impacted ear wax.\n"
    )
    out = run(text, providers, practice_code="E82831")
    assert out["provider_code"] == "E82831"
    assert out["provider_name"] == "Warners End Family Practice"
    assert out["clinician"] == "Dr Noah Bennett"
    assert out["event_date"] is None
    assert out["diagnoses"][0]["icd10"] == "H61.2"


def test_trust_named_in_the_letter_is_the_provider_name(providers) -> None:
    text = "West Hertfordshire Teaching Hospitals NHS Trust - Watford General Hospital\nDear Dr X\n"
    out = run(text, providers)
    assert out["provider_code"] == "RWG"
    assert out["provider_name"] == "West Hertfordshire Teaching Hospitals NHS Trust"


def test_ampersand_abbreviations_are_one_token(providers) -> None:
    assert run("Seen in A&E with D&V.")["diagnoses"][0]["icd10"] == "A09"
    assert run("Please see him at the L&D.", providers)["provider_code"] == "RC9"


def test_abbreviated_admission_and_summary_dates() -> None:
    text = (
        "eDischarge Summary\nPatient: Khan, Janet\nD.O.B. 29/06/1982\n\nAdm: 20/12/2025\n"
        "Discharge date: 27/12/2025\nDate of summary: 27/12/2025\nPrimary diagnosis: COPD exacerbation\n"
    )
    out = run(text)
    assert out["event_date"] == "2025-12-20"
    assert out["letter_date"] == "2025-12-27"


def test_speech_recognition_full_stops() -> None:
    text = (
        "DRAFT - dictated\nTyped: 26th December 2025\n\nletter to dr b achterberg at gadebridge health "
        "centre full stop re mia phillips date of birth 12th january 1949 nhs number 943 476 5919 full stop "
        "seen in clinic 17th december 2025 full stop diagnosis piles.\n"
    )
    out = run(text)
    assert out["patient_name"] == "mia phillips"
    assert out["diagnoses"][0]["icd10"] == "K64.9"


def test_hospital_letter_quoting_the_practice_is_not_a_gp_referral() -> None:
    text = (
        "A&E Attendance - Notification to GP\nName:           Mr Kwame COX\nDate of birth:  6 June 2001\n"
        "Registered GP: Dr Yetunde Harris\nPractice: Northchurch Medical Centre\n\n"
        "Date of attendance: 3 January 2026 18:32\nTriage category: 2 - very urgent\n"
        "Summary sent: 3 January 2026\nClinical impression: Chest pain\n"
        "Disposal: Onward referral to the relevant outpatient clinic\n"
    )
    out = run(text)
    assert out["event_date"] == "2026-01-03"
    assert out["clinician"] == "Dr Yetunde Harris"
