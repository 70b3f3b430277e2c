"""Diagnoses (ICD-10) and procedures (OPCS-4): lexicons, scoping and main-first order."""

from __future__ import annotations

import pytest

from pars.coding.extract import extract_fields
from pars.coding.extract.lexicon import read_terms
from pars.refdata import icd10_title

UK_FIFTH_EDITION_EXTRAS = {"K58.9", "K58.0"}


def dx(text: str) -> list[str]:
    return [d["icd10"] for d in extract_fields(text, providers=())["diagnoses"].value]


def px(text: str) -> list[str]:
    return [p["opcs4"] for p in extract_fields(text, providers=())["procedures"].value]


def test_icd10_lexicon_is_large_and_every_code_is_valid() -> None:
    rows = read_terms("icd10_terms.csv")
    assert len(rows) >= 600
    bad = {c for c, _ in rows if not (icd10_title(c) or c in UK_FIFTH_EDITION_EXTRAS)}
    assert not bad


def test_opcs4_lexicon_is_large_and_uses_reference_codes() -> None:
    from pars.refdata import load_opcs4

    rows = read_terms("opcs4_terms.csv")
    assert len(rows) >= 300
    known = load_opcs4()
    assert not {c for c, _ in rows if c not in known}


@pytest.mark.parametrize(
    ("phrase", "code"),
    [
        ("OA knee", "M17"),
        ("T2DM", "E11"),
        ("AF", "I48"),
        ("BCC", "C44"),
        ("PMB", "N95"),
        ("IBS", "K58"),
        ("GORD", "K21"),
        ("BPH", "N40"),
        ("LUTS", "R39"),
        ("carpal tunnel syndrome", "G56"),
        ("cataract", "H26"),
        ("RIH", "K40"),
        ("breast lump", "N63"),
        ("change in bowel habit", "R19"),
        ("haematuria", "R31"),
        ("PR bleeding", "K62"),
        ("left inguinal hernia", "K40"),
        ("osteoarthritis of the right knee", "M17"),
        ("hypertension", "I10"),
        ("Atrial fibrillation", "I48"),
        ("gallstones", "K80"),
        ("Ca breast", "C50"),
    ],
)
def test_how_uk_clinicians_write_conditions(phrase: str, code: str) -> None:
    codes = dx(f"Diagnosis: {phrase}\n")
    assert codes, phrase
    assert codes[0].split(".")[0] == code


@pytest.mark.parametrize(
    ("phrase", "code"),
    [
        ("TKR", "W40.1"),
        ("total knee replacement", "W40.1"),
        ("THR", "W37.1"),
        ("phaco + IOL", "C71.2"),
        ("lap chole", "J18.3"),
        ("flexible cystoscopy", "M45.9"),
        ("colonoscopy", "H22.9"),
        ("OGD", "G45.9"),
        ("carpal tunnel release", "A65.1"),
        ("excision of lesion of skin", "S06.9"),
        ("mesh repair inguinal hernia", "T20.1"),
    ],
)
def test_how_procedures_are_written(phrase: str, code: str) -> None:
    assert px(f"Procedure: {phrase}\n") == [code]


def test_case_matters_for_short_abbreviations() -> None:
    assert "I48.9" not in dx("She is afraid of needles and af. trying.")
    assert "I48.9" in dx("Known AF on apixaban.")


def test_negated_mentions_are_dropped() -> None:
    text = "She denies chest pain. No evidence of DVT. Negative for diabetes. Cancer was excluded.\nDiagnosis: GORD\n"
    codes = dx(text)
    assert codes[0] == "K21.9"
    assert not {"R07.4", "I80.2", "E14.9", "C80.9"} & set(codes)


def test_but_ends_a_negation() -> None:
    assert "R06.0" in dx("No chest pain but increasing breathlessness on exertion.")


def test_family_history_is_not_the_patients_diagnosis() -> None:
    assert "C50.9" not in dx("Her mother had breast cancer. She has a breast lump.")
    assert dx("Her mother had breast cancer. She has a breast lump.")[0] == "N63"


def test_history_only_mentions_come_after_the_current_problem() -> None:
    text = (
        "Thank you for seeing this man with a right inguinal hernia.\n"
        "PMH: hypertension, previous MI in 2015.\n"
    )
    codes = dx(text)
    assert codes[0] == "K40.9"
    assert codes.index("I10") > 0


def test_background_of_is_history() -> None:
    text = "Background of type 2 diabetes. He now presents with haematuria."
    assert dx(text)[0] == "R31"


def test_diagnosis_section_beats_earlier_body_mentions() -> None:
    text = (
        "He was admitted with chest pain and shortness of breath.\n\n"
        "Diagnosis:\nCommunity acquired pneumonia\n\nPlan: antibiotics.\n"
    )
    assert dx(text)[0] == "J18.9"


def test_uncertain_reason_for_referral_is_kept() -> None:
    assert dx("Reason for referral: ?BCC left cheek")[0] == "C44.9"


def test_laterality_and_qualifiers_do_not_change_the_category() -> None:
    for text in ("OA of the left knee", "severe right knee OA", "bilateral knee OA"):
        assert dx(text)[0].startswith("M17"), text


def test_planned_procedure_in_a_referral_is_a_procedure() -> None:
    text = "I would be grateful if you could see him for consideration of THR. He had a previous appendicectomy."
    assert px(text)[0] == "W37.1"


def test_history_procedures_are_dropped() -> None:
    text = "She had a TKR in 2015.\nProcedure: flexible cystoscopy\n"
    assert px(text) == ["M45.9"]
    assert px("PMH: T2DM, previous lap chole (2011).") == []


def test_incoming_letter_performed_procedure_beats_its_plan() -> None:
    text = (
        "Clinic date: 13/01/2026\nDear Dr Cook\nPlan:\n1. Renal ultrasound requested\n\n"
        "Thank you for referring him. Flexible cystoscopy today showed an occlusive prostate.\n"
    )
    out = extract_fields(
        text, {"direction": "incoming", "document_type": "clinic_letter"}, providers=()
    )
    # imaging a clinic letter plans is work-up, not the letter's procedure
    assert [p["opcs4"] for p in out["procedures"].value] == ["M45.9"]


def test_procedures_none_stated() -> None:
    text = "Primary Diagnosis: pneumonia\nProcedures: None\nCXR showed consolidation.\n"
    out = extract_fields(
        text, {"direction": "incoming", "document_type": "discharge_summary"}, providers=()
    )
    assert out["procedures"].value == []


def test_imaging_in_a_report_is_its_procedure() -> None:
    text = "ULTRASOUND REPORT\nExamination: US abdomen\nFindings: gallstones.\nConclusion: Cholelithiasis."
    out = extract_fields(
        text, {"direction": "incoming", "document_type": "diagnostic_report"}, providers=()
    )
    assert (
        out["procedures"].value[0]["opcs4"] == "U08.2"
    )  # site stated: diagnostic imaging of abdomen
    assert out["diagnoses"].value[0]["icd10"] == "K80.2"


REPORT = {"direction": "incoming", "document_type": "diagnostic_report"}


@pytest.mark.parametrize(
    ("examination", "code"),
    [
        ("Ultrasound of the abdomen", "U08.2"),
        ("Abdominal ultrasound scan", "U08.2"),
        ("USS abdo", "U08.2"),
        ("Ultrasound scan of her abdomen", "U08.2"),
        ("Ultrasound", "U21.6"),  # no site stated: the modality fallback
        ("Ultrasound of the thyroid", "U21.6"),  # a site we hold no site code for
        ("CT scan of the head", "U05.1"),
        ("MRI of the brain", "U05.2"),
        ("CT scan", "U21.2"),
    ],
)
def test_imaging_takes_the_site_specific_code_only_when_the_site_is_stated(
    examination: str, code: str
) -> None:
    text = f"RADIOLOGY REPORT\nExamination: {examination}\nFindings: normal.\nConclusion: Normal study."
    out = extract_fields(text, REPORT, providers=())
    assert out["procedures"].value[0]["opcs4"] == code


def test_declined_procedure_is_dropped() -> None:
    assert px("She declined TKR and will continue with analgesia.") == []


def test_one_entry_per_category_main_first() -> None:
    out = extract_fields("Diagnosis: T2DM. Also type 2 diabetes mellitus noted.", providers=())
    assert [d["icd10"] for d in out["diagnoses"].value] == ["E11.9"]
    assert out["diagnoses"].value[0]["text"] == "T2DM"


def test_who_titles_fill_gaps_in_the_curated_lexicon() -> None:
    assert dx("Diagnosis: Tuberous sclerosis")[0] == "Q85.1"


def test_investigations_listed_as_work_up_are_not_the_procedure() -> None:
    text = (
        "PC: fractured wrist\nClinical impression: Fractured wrist\nIx: X-ray\nTreatment: plaster\n"
    )
    assert px(text) == []
    assert px("Examination requested: MRI brain\nClinical details: headaches")[0] == "U05.2"


def test_dictated_lower_case_abbreviations_match() -> None:
    text = "letter to dr a b at the surgery. re john smith dob 1/1/1950. seen in clinic. diagnosis copd exacerbation. plan tkr."
    assert dx(text)[0] == "J44.1"
    assert "W40.1" in px(text)


def test_two_letter_abbreviations_stay_case_sensitive_in_dictation() -> None:
    text = "seen today. he is as well as can be. no change. review in clinic."
    assert "M45" not in {c.split(".")[0] for c in dx(text)}


def test_words_between_condition_and_site_are_ignored() -> None:
    assert dx("Pain in the right shoulder")[0].startswith("M25")
    assert dx("Laceration to the left index finger")[0] == "S61.0"


def test_common_minor_procedures() -> None:
    assert px("Procedure: wedge resection of toenail with phenol")[0] == "S68.9"
    assert px("Procedure: ear microsuction")[0] == "D07.9"
    assert px("Procedure: cryotherapy to warts")[0] == "S11.9"


def test_unticked_boxes_and_pathway_titles_are_not_findings() -> None:
    text = (
        "URGENT SUSPECTED BREAST CANCER REFERRAL (2WW)\n"
        "[x] Aged 30 and over with an unexplained breast lump\n"
        "[ ] Skin changes suggestive of breast cancer\n"
        "( ) Nipple discharge\n"
    )
    codes = dx(text)
    assert codes[0] == "N63"
    assert "C50.9" not in codes
    assert "N64.5" not in codes


def test_conclusion_outranks_the_indication() -> None:
    text = (
        "Clinical indication: RUQ pain after fatty food ?gallstones\n"
        "Findings: multiple mobile calculi in the gallbladder.\n\nConclusion: Cholelithiasis.\n"
    )
    assert dx(text)[:2] == ["K80.2", "R10.1"]


def test_dictated_month_is_not_an_abbreviation() -> None:
    text = "letter to dr a b at the surgery. re john smith. seen in clinic 12 apr 2026. diagnosis piles."
    assert "H33.9" not in px(text)  # "apr" is April here, not an abdominoperineal resection


def test_vasectomy_request() -> None:
    text = "Reason for referral\nRequest for sterilisation (vasectomy)\n"
    assert dx(text)[0] == "Z30.2"
    assert px(text) == ["N17.1"]  # requested: the planned procedure
