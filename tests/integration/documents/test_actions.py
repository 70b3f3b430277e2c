import pytest
from cryptography.fernet import Fernet
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction

from pars.audit.models import AuditEvent
from pars.documents.actions import decide_field, receive_document, record_coding
from pars.documents.blobstore import EncryptedBlobStore
from pars.documents.models import Document, FieldHistory, FieldSuggestion
from tests.factories.registry import PracticeFactory

pytestmark = pytest.mark.django_db

CODED = {
    "format": "txt",
    "error": None,
    "document_type": "referral",
    "direction": "outgoing",
    "letter_date": "2026-03-02",
    "nhs_number": "9434765919",
    "specialty_tfc": "110",
    "urgency": "routine",
    "diagnoses": [{"icd10": "M17.1", "text": "OA right knee"}],
    "procedures": [],
    "confidence": {
        "document_type": 0.99,
        "direction": 0.99,
        "letter_date": 0.9,
        "nhs_number": 0.999,
        "specialty_tfc": 0.8,
        "urgency": 0.95,
        "diagnoses": 0.7,
    },
}


@pytest.fixture
def store(tmp_path):
    return EncryptedBlobStore(tmp_path, Fernet.generate_key())


def test_receive_is_idempotent_per_practice(store):
    practice, other = PracticeFactory(), PracticeFactory()
    first, created = receive_document(practice=practice, data=b"letter", store=store)
    again, created_again = receive_document(practice=practice, data=b"letter", store=store)
    elsewhere, _ = receive_document(practice=other, data=b"letter", store=store)
    assert created and not created_again
    assert first.pk == again.pk != elsewhere.pk
    assert store.get(first.storage_key) == b"letter"
    assert AuditEvent.objects.filter(action="document.received").count() == 2


def test_database_refuses_duplicate_bytes_for_a_practice(store):
    document, _ = receive_document(practice=PracticeFactory(), data=b"x", store=store)
    with pytest.raises(IntegrityError), transaction.atomic():
        Document.objects.create(practice=document.practice, sha256=document.sha256, size=1)


def test_coding_auto_accepts_only_confident_fields(store):
    document, _ = receive_document(practice=PracticeFactory(), data=b"letter", store=store)
    record_coding(
        document=document, coded=CODED, source="engine-1", thresholds={"specialty_tfc": 0.9}
    )
    states = dict(FieldSuggestion.objects.filter(document=document).values_list("field", "state"))
    assert states["nhs_number"] == "auto_accepted"
    assert states["specialty_tfc"] == "suggested"
    assert states["diagnoses"] == "suggested"
    assert "outcome" not in states  # null fields are not suggested
    document.refresh_from_db()
    assert document.status == "coded" and document.nhs_number == "9434765919"
    assert document.coded()["diagnoses"] == CODED["diagnoses"]


def test_correction_is_kept_over_recoding_and_history_is_appended(store):
    user = get_user_model().objects.create_user("coder1", password="x" * 12)
    document, _ = receive_document(practice=PracticeFactory(), data=b"letter", store=store)
    record_coding(document=document, coded=CODED, source="engine-1")
    suggestion = FieldSuggestion.objects.get(document=document, field="specialty_tfc")
    decide_field(suggestion=suggestion, value="108", by=user, note="spinal clinic")
    record_coding(document=document, coded={**CODED, "specialty_tfc": "111"}, source="engine-2")
    suggestion.refresh_from_db()
    assert suggestion.state == "corrected" and suggestion.current_value == "108"
    changes = list(
        FieldHistory.objects.filter(document=document, field="specialty_tfc").values_list(
            "change", flat=True
        )
    )
    assert changes == ["suggested", "corrected"]
    assert AuditEvent.objects.filter(action="coding.corrected", actor_label="coder1").exists()


def test_unreadable_document_is_quarantined_with_reason(store):
    document, _ = receive_document(practice=PracticeFactory(), data=b"%PDF-1.4 trunc", store=store)
    record_coding(document=document, coded={"error": "truncated PDF"}, source="engine-1")
    document.refresh_from_db()
    assert document.status == "quarantined" and document.quarantine_reason == "truncated PDF"
