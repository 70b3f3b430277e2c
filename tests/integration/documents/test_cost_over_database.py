import json

import pytest
from cryptography.fernet import Fernet
from django.contrib.auth import get_user_model

from pars.cli import main
from pars.documents.actions import decide_field, receive_document, record_coding
from pars.documents.blobstore import EncryptedBlobStore
from pars.documents.export import iter_coded_documents
from pars.documents.models import FieldSuggestion
from tests.factories.registry import PracticeFactory

pytestmark = pytest.mark.django_db

REFERRAL = {
    "format": "txt",
    "error": None,
    "document_type": "referral",
    "direction": "outgoing",
    "letter_date": "2026-03-02",
    "nhs_number": "9434765919",
    "patient_birth_date": "1950-01-01",
    "provider_code": "RWG",
    "specialty_tfc": "110",
    "urgency": "routine",
    "service_type": "outpatient",
    "diagnoses": [{"icd10": "M17.1", "text": "OA right knee"}],
    "procedures": [],
    "confidence": {"document_type": 0.99, "specialty_tfc": 0.6, "provider_code": 0.9},
}


def _coded_practice(tmp_path):
    store = EncryptedBlobStore(tmp_path, Fernet.generate_key())
    practice = PracticeFactory(code="E82031")
    document, _ = receive_document(practice=practice, data=b"referral", store=store)
    record_coding(document=document, coded=REFERRAL, source="test")
    return document


def test_export_gives_section1_records_with_coder_decisions(tmp_path):
    document = _coded_practice(tmp_path)
    user = get_user_model().objects.create_user("coder", password="x" * 12)
    decide_field(
        suggestion=FieldSuggestion.objects.get(document=document, field="specialty_tfc"),
        value="108",
        by=user,
    )
    (record,) = list(iter_coded_documents())
    assert record["file"] == document.receipt and record["practice_code"] == "E82031"
    assert record["specialty_tfc"] == "108" and record["confidence"]["specialty_tfc"] == 1.0
    assert record["diagnoses"] == REFERRAL["diagnoses"] and record["outcome"] is None
    assert list(iter_coded_documents(["A99999"])) == []


def test_pars_cost_reads_the_database_when_no_files_are_given(tmp_path, capsys):
    document = _coded_practice(tmp_path)
    assert main(["cost", "--as-of", "2026-04-30", "--jsonl"]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines() if line.strip()]
    events = {line["event"] for line in lines}
    assert "referral" in events and "accrual" in events
    assert all(line["document"] == document.receipt for line in lines)
    accrual = next(line for line in lines if line["event"] == "accrual")
    assert accrual["price_gbp"] > 0 and accrual["practice_code"] == "E82031"
