"""FHIR R4 JSON: DocumentReference, ServiceRequest, Bundle with Composition."""

import base64
import json

import pytest
from letter_builders import BAD_NHS, NHS, make_fhir_document_reference, make_pdf

from pars.coding.readers import read_bytes

NHS_SYSTEM = "https://fhir.nhs.uk/Id/nhs-number"
ODS_SYSTEM = "https://fhir.nhs.uk/Id/ods-organization-code"


def test_document_reference_with_pdf_attachment() -> None:
    result = read_bytes(
        make_fhir_document_reference(make_pdf("Discharge summary text")), "doc.json"
    )
    assert result.format == "fhir"
    assert "Discharge summary text" in result.text
    assert result.fields == {
        "nhs_number": NHS,
        "patient_birth_date": "1960-01-02",
        "patient_name": "John Smith",
        "letter_date": "2025-03-01",
        "event_date": "2025-02-28",
        "provider_code": "RWG",
        "provider_name": "West Hertfordshire Teaching Hospitals NHS Trust",
    }


def test_plain_text_attachment_and_invalid_nhs_number() -> None:
    result = read_bytes(
        make_fhir_document_reference(b"Clinic letter", "text/plain", nhs=BAD_NHS), "doc"
    )
    assert result.text == "Clinic letter"
    assert "nhs_number" not in result.fields


def test_service_request_referral() -> None:
    resource = {
        "resourceType": "ServiceRequest",
        "contained": [
            {
                "resourceType": "Practitioner",
                "id": "gp",
                "name": [{"prefix": ["Dr"], "given": ["Sarah"], "family": "Okafor"}],
            },
            {
                "resourceType": "PractitionerRole",
                "id": "role",
                "practitioner": {"reference": "#gp"},
                "organization": {"identifier": {"system": ODS_SYSTEM, "value": "E82031"}},
            },
        ],
        "status": "active",
        "intent": "order",
        "priority": "urgent",
        "subject": {"identifier": {"system": NHS_SYSTEM, "value": NHS}, "display": "John Smith"},
        "authoredOn": "2025-02-10",
        "requester": {"reference": "#role"},
        "performer": [
            {
                "identifier": {"system": ODS_SYSTEM, "value": "RWG"},
                "display": "Watford General Hospital",
            }
        ],
        "code": {"text": "Referral to general surgery"},
        "reasonCode": [
            {
                "coding": [
                    {
                        "system": "http://hl7.org/fhir/sid/icd-10",
                        "code": "K409",
                        "display": "Inguinal hernia",
                    }
                ],
                "text": "Inguinal hernia",
            }
        ],
        "note": [{"text": "Painful lump in the right groin for 3 months."}],
    }
    result = read_bytes(json.dumps(resource).encode(), "referral.json")
    assert result.text.split("\n\n") == [
        "Referral to general surgery",
        "Reason: Inguinal hernia",
        "Painful lump in the right groin for 3 months.",
    ]
    assert result.fields == {
        "document_type": "referral",
        "nhs_number": NHS,
        "patient_name": "John Smith",
        "letter_date": "2025-02-10",
        "urgency": "urgent",
        "clinician": "Dr Sarah Okafor",
        "practice_code": "E82031",
        "direction": "outgoing",
        "provider_code": "RWG",
        "provider_name": "Watford General Hospital",
        "diagnoses": [{"icd10": "K40.9", "text": "Inguinal hernia"}],
    }


def test_bundle_with_patient_and_composition() -> None:
    bundle = {
        "resourceType": "Bundle",
        "type": "document",
        "entry": [
            {
                "fullUrl": "urn:uuid:patient-1",
                "resource": {
                    "resourceType": "Patient",
                    "identifier": [{"system": NHS_SYSTEM, "value": NHS}],
                    "birthDate": "1960-01-02",
                    "name": [{"text": "John Smith"}],
                },
            },
            {
                "fullUrl": "urn:uuid:comp-1",
                "resource": {
                    "resourceType": "Composition",
                    "title": "Discharge summary",
                    "date": "2025-03-04",
                    "subject": {"reference": "urn:uuid:patient-1"},
                    "section": [
                        {
                            "title": "Diagnosis",
                            "text": {
                                "div": "<div xmlns='http://www.w3.org/1999/xhtml'><p>Inguinal hernia</p></div>"
                            },
                        },
                        {
                            "title": "Procedure",
                            "section": [{"text": {"div": "<div><p>Open repair</p></div>"}}],
                        },
                    ],
                },
            },
        ],
    }
    result = read_bytes(json.dumps(bundle).encode(), "bundle.json")
    assert result.text.split("\n\n") == [
        "Discharge summary",
        "Diagnosis",
        "Inguinal hernia",
        "Procedure",
        "Open repair",
    ]
    assert result.fields["nhs_number"] == NHS
    assert result.fields["letter_date"] == "2025-03-04"
    assert result.fields["patient_birth_date"] == "1960-01-02"


def test_diagnostic_report_with_presented_form() -> None:
    report = {
        "resourceType": "DiagnosticReport",
        "status": "final",
        "code": {"text": "Ultrasound abdomen"},
        "effectiveDateTime": "2025-02-20T09:00:00Z",
        "issued": "2025-02-21T09:00:00Z",
        "conclusion": "Gallstones.",
        "presentedForm": [
            {"contentType": "text/plain", "data": base64.b64encode(b"Full report").decode()}
        ],
    }
    result = read_bytes(json.dumps(report).encode(), "r.json")
    assert result.fields == {
        "document_type": "diagnostic_report",
        "letter_date": "2025-02-21",
        "event_date": "2025-02-20",
    }
    assert result.text.split("\n\n") == ["Ultrasound abdomen", "Gallstones.", "Full report"]


def test_json_that_is_not_fhir_is_an_error() -> None:
    result = read_bytes(b'{"hello": "world"}', "data.json")
    assert result.format == "fhir"
    assert "not a FHIR resource" in result.error


def test_damaged_json_is_an_error() -> None:
    result = read_bytes(b'{"resourceType": "DocumentReference", ', "x.json")
    assert "damaged JSON" in result.error


def test_deeply_nested_json_is_an_error_not_a_crash() -> None:
    data = b'{"resourceType":"Bundle","x":' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    result = read_bytes(data, "deep.json")
    assert result.text is None
    assert result.error


def test_service_request_priority_asap_is_two_week_wait_and_stat_is_not_stated() -> None:
    def priority(value: str) -> str | None:
        resource = {
            "resourceType": "ServiceRequest",
            "priority": value,
            "note": [{"text": "Referral"}],
        }
        return read_bytes(json.dumps(resource).encode(), "r.json").fields.get("urgency")

    assert priority("asap") == "two_week_wait"  # the e-RS convention
    assert priority("routine") == "routine"
    assert priority("stat") is None


@pytest.mark.parametrize(
    ("type_", "expected"),
    [
        (
            {"coding": [{"system": "http://snomed.info/sct", "code": "373942005"}]},
            "discharge_summary",
        ),
        (
            {
                "coding": [
                    {
                        "system": "http://snomed.info/sct",
                        "code": "3457005",
                        "display": "Patient referral",
                    }
                ]
            },
            "referral",
        ),
        ({"coding": [{"system": "http://snomed.info/sct", "code": "371531000"}]}, "clinic_letter"),
        ({"text": "Radiology report"}, "diagnostic_report"),
        (
            {
                "coding": [
                    {
                        "system": "http://example.org/local",
                        "code": "X1",
                        "display": "Outpatient clinic letter",
                    }
                ]
            },
            "clinic_letter",
        ),
        ({"text": "Miscellaneous"}, None),
    ],
)
def test_document_reference_type_states_the_document_type(
    type_: dict, expected: str | None
) -> None:
    resource = json.loads(make_fhir_document_reference(b"Letter text", "text/plain"))
    resource["type"] = type_
    assert (
        read_bytes(json.dumps(resource).encode(), "d.json").fields.get("document_type") == expected
    )
