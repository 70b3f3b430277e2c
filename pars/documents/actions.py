"""Writes to documents and their coding; each action is one transaction with one audit event."""

from __future__ import annotations

import hashlib
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from pars.audit.record import record_event
from pars.documents.blobstore import EncryptedBlobStore
from pars.documents.fields import CODED_FIELDS
from pars.documents.models import Document, FieldHistory, FieldSuggestion

DEFAULT_AUTO_ACCEPT = 0.97


def receive_document(
    *,
    practice: Any,
    data: bytes,
    original_name: str = "",
    declared_direction: str = "",
    sent_at=None,
    store: EncryptedBlobStore,
    by: Any | None = None,
) -> tuple[Document, bool]:
    """Store the bytes durably (encrypted) and record the document; returns (document, created).

    The same bytes from the same practice return the existing document, so a
    sender that retries never creates duplicates.
    """
    digest = hashlib.sha256(data).hexdigest()
    existing = Document.objects.filter(practice=practice, sha256=digest).first()
    if existing is not None:
        return existing, False
    store.put(data)
    with transaction.atomic():
        document, created = Document.objects.get_or_create(
            practice=practice,
            sha256=digest,
            defaults={
                "size": len(data),
                "original_name": original_name[:255],
                "declared_direction": declared_direction,
                "sent_at": sent_at,
                "storage_key": digest,
            },
        )
        if created:
            record_event(
                action="document.received",
                by=by,
                practice_code=practice.code,
                target_type="document",
                target_id=document.receipt,
                detail={"size": len(data), "sha256": digest},
            )
    return document, created


def _json_ready(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


@transaction.atomic
def record_coding(
    *,
    document: Document,
    coded: dict,
    source: str,
    thresholds: dict[str, float] | None = None,
    by: Any | None = None,
) -> Document:
    """Store a §1 coding result as per-field suggestions, auto-accepting confident ones.

    Re-coding a document replaces suggestions nobody has decided on and leaves
    human decisions alone; every change is appended to the field history.
    """
    if coded.get("error"):
        document.status = Document.Status.QUARANTINED
        document.quarantine_reason = str(coded["error"])
        document.save(update_fields=["status", "quarantine_reason"])
        record_event(
            action="document.quarantined",
            by=by,
            practice_code=document.practice.code,
            target_type="document",
            target_id=document.receipt,
            detail={"reason": str(coded["error"])},
        )
        return document
    thresholds = thresholds or {}
    confidences = coded.get("confidence") or {}
    for field in CODED_FIELDS:
        value = _json_ready(coded.get(field))
        if value in (None, [], ""):
            continue
        confidence = confidences.get(field)
        auto = confidence is not None and confidence >= thresholds.get(field, DEFAULT_AUTO_ACCEPT)
        state = FieldSuggestion.State.AUTO_ACCEPTED if auto else FieldSuggestion.State.SUGGESTED
        suggestion, created = FieldSuggestion.objects.get_or_create(
            document=document,
            field=field,
            defaults={
                "suggested_value": value,
                "confidence": confidence,
                "source": source,
                "state": state,
            },
        )
        if not created:
            if suggestion.state in (
                FieldSuggestion.State.ACCEPTED,
                FieldSuggestion.State.CORRECTED,
            ):
                continue
            if suggestion.suggested_value == value and suggestion.confidence == confidence:
                continue
            old = suggestion.suggested_value
            suggestion.suggested_value, suggestion.confidence = value, confidence
            suggestion.source, suggestion.state = source, state
            suggestion.save()
        else:
            old = None
        FieldHistory.objects.create(
            document=document,
            field=field,
            actor_label="pars",
            change=state,
            old_value=old,
            new_value=value,
            confidence=confidence,
        )
    document.status = Document.Status.CODED
    document.coded_at = timezone.now()
    document.engine_version = source[:40]
    document.format = coded.get("format") or document.format
    document.document_type = coded.get("document_type") or ""
    document.nhs_number = coded.get("nhs_number") or ""
    letter_date = coded.get("letter_date")
    document.letter_date = (
        date.fromisoformat(letter_date) if isinstance(letter_date, str) else letter_date
    )
    document.quarantine_reason = ""
    document.save()
    record_event(
        action="document.coded",
        by=by,
        practice_code=document.practice.code,
        target_type="document",
        target_id=document.receipt,
        detail={"source": source, "fields": len(confidences)},
    )
    return document


@transaction.atomic
def decide_field(
    *, suggestion: FieldSuggestion, value: Any, by: Any, note: str = ""
) -> FieldSuggestion:
    """A coder accepts (same value) or corrects (new value) one suggested field."""
    value = _json_ready(value)
    corrected = value != suggestion.suggested_value
    old = suggestion.current_value
    suggestion.state = (
        FieldSuggestion.State.CORRECTED if corrected else FieldSuggestion.State.ACCEPTED
    )
    suggestion.decided_value = value if corrected else None
    suggestion.decided_by = by
    suggestion.decided_at = timezone.now()
    suggestion.save()
    FieldHistory.objects.create(
        document=suggestion.document,
        field=suggestion.field,
        actor_id=by.pk,
        actor_label=by.get_username(),
        change=suggestion.state,
        old_value=old,
        new_value=value,
        confidence=suggestion.confidence,
        note=note,
    )
    record_event(
        action=f"coding.{suggestion.state}",
        by=by,
        practice_code=suggestion.document.practice.code,
        target_type="field",
        target_id=f"{suggestion.document.receipt}:{suggestion.field}",
        detail={"note": note} if note else {},
    )
    return suggestion
