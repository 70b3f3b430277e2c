"""Small builders of formats.md §1 coded documents for costing and pathway tests."""

from __future__ import annotations

NHS = "9434765919"


def coded(document_id: str, document_type: str, when: str, **fields) -> dict:
    """A coded document with sensible defaults; ``when`` is the letter (and event) date."""
    direction = fields.pop("direction", "outgoing" if document_type == "referral" else "incoming")
    record = {
        "file": f"documents/E82031/{document_id}.txt",
        "document_id": document_id,
        "practice_code": "E82031",
        "sha256": "0" * 64,
        "format": "txt",
        "error": None,
        "document_type": document_type,
        "direction": direction,
        "letter_date": when,
        "event_date": None if document_type == "referral" else when,
        "nhs_number": NHS,
        "patient_birth_date": "1950-02-03",
        "patient_name": "Jane Smith",
        "clinician": "Dr Sarah Okafor",
        "provider_code": "RWG",
        "provider_name": "West Hertfordshire Teaching Hospitals NHS Trust",
        "specialty_tfc": "110",
        "urgency": "routine" if document_type == "referral" else None,
        "service_type": "outpatient",
        "diagnoses": [],
        "procedures": [],
        "outcome": None,
        "confidence": {},
    }
    record.update(fields)
    return record
