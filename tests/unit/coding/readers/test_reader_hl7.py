"""HL7 v2 MDM/REF/ORU: text from OBX/NTE, structured fields from PID/MSH/TXA/PRD."""

import base64

import pytest
from letter_builders import BAD_NHS, NHS, make_hl7, make_pdf

from pars.coding.readers import read_bytes


def test_mdm_text_and_fields() -> None:
    result = read_bytes(make_hl7(), "letter.hl7")
    assert result.format == "hl7v2"
    assert result.error is None
    assert result.text.split("\n") == [
        "Clinic letter: inguinal hernia",
        "Plan & review",
        "Seen in the surgical clinic",
    ]
    assert result.fields == {
        "nhs_number": NHS,
        "patient_birth_date": "1960-01-02",
        "patient_name": "John Peter Smith",
        "clinician": "Dr Sarah Okafor",
        "event_date": "2025-02-28",
        "document_type": "clinic_letter",
        "letter_date": "2025-03-01",
        "sending_facility": "RWG",
        "practice_code": "E82031",
        "direction": "incoming",
        "provider_code": "RWG",
        "provider_name": "West Herts",  # capitals tidied
    }


@pytest.mark.parametrize("separator", ["\r", "\n", "\r\n"])
def test_any_segment_separator(separator: str) -> None:
    result = read_bytes(make_hl7(separator=separator), "x.hl7")
    assert result.fields["nhs_number"] == NHS


def test_invalid_nhs_number_is_not_kept() -> None:
    result = read_bytes(make_hl7(nhs=BAD_NHS), "x.hl7")
    assert "nhs_number" not in result.fields


def test_embedded_base64_pdf_is_read() -> None:
    pdf = base64.b64encode(make_pdf("Embedded discharge summary")).decode()
    result = read_bytes(make_hl7(extra=(f"OBX|2|ED|||^application^pdf^Base64^{pdf}",)), "x.hl7")
    assert "Embedded discharge summary" in result.text


def test_referral_message_states_direction_provider_and_diagnosis() -> None:
    data = make_hl7(
        message_type="REF^I12",
        sender="HIGH STREET SURGERY^E82031",
        receiver="RWG",
        extra=(
            "RF1||R|||||20250210||20250211",
            "PRD|RP|Okafor^Sarah^^^Dr||||||G8765432",
            "PRD|RT|Watford General Hospital||||||RWG",
            "DG1|1||K40.9^Inguinal hernia^I10",
            "PR1|1||T20.2^Primary repair of inguinal hernia^OPCS4",
        ),
    )
    fields = read_bytes(data, "ref.hl7").fields
    assert fields["document_type"] == "referral"
    assert fields["direction"] == "outgoing"
    assert fields["practice_code"] == "E82031"
    assert fields["provider_code"] == "RWG"
    assert fields["provider_name"] == "Watford General Hospital"
    assert fields["clinician"] == "Dr Sarah Okafor"
    assert fields["diagnoses"] == [{"icd10": "K40.9", "text": "Inguinal hernia"}]
    assert fields["procedures"] == [{"opcs4": "T20.2", "text": "Primary repair of inguinal hernia"}]


def test_oru_is_a_diagnostic_report_with_observation_date() -> None:
    data = make_hl7(message_type="ORU^R01", extra=("OBR|1|||XR^Chest X-ray|||20250220",))
    result = read_bytes(data, "oru.hl7")
    assert result.fields["document_type"] == "diagnostic_report"  # the message type outranks TXA
    assert "Chest X-ray" in result.text


def test_oru_without_txa_is_a_diagnostic_report() -> None:
    raw = (
        "MSH|^~\\&|RIS|RWG|GP|E82031|20250301||ORU^R01|1|P|2.4\r"
        f"PID|1||{NHS}^^^NHS^NH||Smith^John||19600102\r"
        "OBR|1|||XR^Chest X-ray|||20250220\r"
        "OBX|1|FT|||No acute abnormality.\r"
    ).encode()
    result = read_bytes(raw, "oru.txt")
    assert result.format == "hl7v2"
    assert result.fields["document_type"] == "diagnostic_report"
    assert result.fields["event_date"] == "2025-02-20"


def test_message_without_text_is_an_error() -> None:
    raw = f"MSH|^~\\&|EPR|RWG|GP|E82031|20250301||ADT^A01|1|P|2.4\rPID|1||{NHS}\r".encode()
    result = read_bytes(raw, "adt.hl7")
    assert result.text is None
    assert "no report text" in result.error


def test_impossible_dates_are_dropped() -> None:
    raw = (
        "MSH|^~\\&|EPR|RWG|GP|E82031|20251399||MDM^T02|1|P|2.4\r"
        f"PID|1||{NHS}^^^NHS^NH||Smith^John||19600231\r"
        "OBX|1|TX|||letter\r"
    ).encode()
    fields = read_bytes(raw, "x.hl7").fields
    assert "patient_birth_date" not in fields and "letter_date" not in fields


@pytest.mark.parametrize(
    ("sent", "written"),
    [
        ("SMITH^JOHN", "John Smith"),
        ("VAN DER MERWE^AMELIA", "Amelia Van der Merwe"),
        ("MCDONALD^HARRY", "Harry McDonald"),
        ("MACLEOD^JACK", "Jack MacLeod"),
        ("O'BRIEN^SEAN", "Sean O'Brien"),
        ("de Souza^Ana", "Ana de Souza"),  # mixed case is kept as sent
    ],
)
def test_capitalised_names_are_written_as_letters_write_them(sent: str, written: str) -> None:
    raw = f"MSH|^~\\&|EPR|RWG|GP|E82031|20250301||MDM^T02|1|P|2.4\rPID|1||{NHS}^^^NHS^NH||{sent}\rOBX|1|TX|||x\r"
    assert read_bytes(raw.encode(), "x.hl7").fields["patient_name"] == written


def test_letter_date_is_the_origination_or_transcription_date_not_the_activity_date() -> None:
    raw = (
        "MSH|^~\\&|EPR|RWG|DOCMAN|E82031|202512101530||MDM^T02|1|P|2.4\r"
        f"PID|1||{NHS}^^^NHS^NH||EDWARDS^Emma\r"
        "TXA|1|CL|TX|20251204|Dr C Jackson||202512091530\r"
        "OBX|1|TX|||Clinic letter\r"
    ).encode()
    fields = read_bytes(raw, "x.hl7").fields
    assert fields["event_date"] == "2025-12-04"
    assert fields["letter_date"] == "2025-12-09"


def test_referred_to_organisation_found_beside_a_consultant_name() -> None:
    raw = (
        "MSH|^~\\&|eRS|E82031|PAS|RWG|202508191600||REF^I12^REF_I12|1|P|2.4\r"
        "RF1|P^Pending|R^Routine|MED^Medical|Trauma and Orthopaedics||E82031-000004|20250819\r"
        "PRD|RP|Dr Finley Wood||^^^^^^^^^E82031\r"
        "PRD|RT|Dr Marek Zielinski||^^^^^^^^^RWG|||West Hertfordshire Teaching Hospitals NHS Trust\r"
        f"PID|1||{NHS}^^^NHS^NH||MORRIS^Harpreet^^^Miss||20050412|F\r"
        "OBR|1|E82031-000004||REFLET^Referral letter|||20250819\r"
        "OBX|1|TX|REFLET^Referral letter||Please see this lady.\r"
    ).encode()
    fields = read_bytes(raw, "ref.hl7").fields
    assert fields["provider_code"] == "RWG"
    assert fields["provider_name"] == "West Hertfordshire Teaching Hospitals NHS Trust"
    assert fields["clinician"] == "Dr Finley Wood"
    assert fields["letter_date"] == "2025-08-19"
    assert "event_date" not in fields  # a referral reports no attendance


def test_internal_referral_keeps_the_practice_as_provider() -> None:
    raw = (
        "MSH|^~\\&|eRS|E82031|GP|E82031|20250819||REF^I12|1|P|2.4\r"
        "PRD|RT|Dr Niamh Walsh||^^^^^^^^^E82031|||Potten End Surgery\r"
        f"PID|1||{NHS}^^^NHS^NH||Smith^John\r"
        "OBX|1|TX|||Minor surgery list please.\r"
    ).encode()
    fields = read_bytes(raw, "ref.hl7").fields
    assert fields["provider_code"] == "E82031"
    assert fields["provider_name"] == "Potten End Surgery"


def test_gp_from_pd1_and_hospital_name_from_the_visit_location() -> None:
    raw = (
        "MSH|^~\\&|MEDWAY|RWG|DOCMAN|E82031|202512301645||MDM^T02|1|P|2.4\r"
        f"PID|1||{NHS}^^^NHS^NH||MOORE^Frederick\r"
        "PD1|||HIGH STREET SURGERY^^E82031|G1234567^Okafor^Sarah^^^Dr\r"
        "PV1|1|O|RWG^^^WEST HERTFORDSHIRE TEACHING HOSPITALS NHS TRUST|||||||320\r"
        "OBX|1|TX|||Dear Dr Okafor\r"
    ).encode()
    fields = read_bytes(raw, "x.hl7").fields
    assert fields["clinician"] == "Dr Sarah Okafor"
    assert fields["practice_code"] == "E82031"
    assert fields["provider_code"] == "RWG"
    assert fields["provider_name"] == "West Hertfordshire Teaching Hospitals NHS Trust"


def test_attending_doctor_is_not_taken_as_the_gp() -> None:
    raw = (
        "MSH|^~\\&|EPR|RWG|GP|E82031|20250301||MDM^T02|1|P|2.4\r"
        f"PID|1||{NHS}^^^NHS^NH||Smith^John\r"
        "PV1|1|O|||||^Mr A Consultant\r"  # PV1-7, attending
        "OBX|1|TX|||letter\r"
    ).encode()
    assert "clinician" not in read_bytes(raw, "x.hl7").fields
