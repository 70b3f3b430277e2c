"""Coded letters from the database (the documents app) as formats.md §1 objects.

This is how ``pars reconcile`` works "over the database": every coded
document's current values (accepted or corrected where a person decided,
else the suggestion) with its confidences; quarantined documents come back as
unreadable (``error`` set), so rules can say the practice has letters PARS
could not read.
"""

from __future__ import annotations

from collections.abc import Iterator


def coded_documents(practice_codes: list[str] | None = None) -> Iterator[dict]:
    from pars.documents.models import Document

    documents = Document.objects.select_related("practice").exclude(status="received")
    if practice_codes:
        documents = documents.filter(practice__code__in=practice_codes)
    documents = documents.prefetch_related("suggestions").order_by("id")
    for document in documents.iterator(chunk_size=2000):
        base = {
            "file": document.original_name or document.receipt,
            "document_id": document.receipt,
            "practice_code": document.practice.code,
            "sha256": document.sha256,
            "format": document.format or None,
        }
        if document.status == Document.Status.QUARANTINED:
            yield {**base, "error": document.quarantine_reason or "quarantined"}
            continue
        values = document.coded()
        values["confidence"] = {
            s.field: s.confidence for s in document.suggestions.all() if s.confidence is not None
        }
        yield {**values, **base, "error": None}
