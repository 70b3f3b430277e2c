"""Coded documents from the database, as formats.md §1 records, for the Django-free engines.

``pars cost`` and ``pars reconcile`` take coded documents from files or from
here; both see the same record shape, so the engines never learn where the
codes came from. The current value of each field is the coder's decision when
there is one, else PARS's suggestion.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from pars.documents.fields import CODED_FIELDS
from pars.documents.models import Document


def iter_coded_documents(
    practice_codes: Iterable[str] | None = None, batch: int = 2000
) -> Iterator[dict]:
    """Every coded document (oldest first), keyed like `pars code` output; ``file`` is the receipt."""
    query = (
        Document.objects.filter(status=Document.Status.CODED)
        .select_related("practice")
        .order_by("id")
    )
    if practice_codes is not None:
        query = query.filter(practice__code__in=list(practice_codes))
    last_id = 0
    while True:
        chunk = list(query.filter(id__gt=last_id).prefetch_related("suggestions")[:batch])
        if not chunk:
            return
        for document in chunk:
            record: dict = dict.fromkeys(CODED_FIELDS)
            record.update(diagnoses=[], procedures=[])
            confidence: dict[str, float] = {}
            for suggestion in document.suggestions.all():
                record[suggestion.field] = suggestion.current_value
                if suggestion.state in ("accepted", "corrected"):
                    confidence[suggestion.field] = 1.0
                elif suggestion.confidence is not None:
                    confidence[suggestion.field] = suggestion.confidence
            record.update(
                file=document.receipt,
                document_id=document.receipt,
                sha256=document.sha256,
                format=document.format,
                error=None,
                practice_code=document.practice.code,
                confidence=confidence,
            )
            yield record
        last_id = chunk[-1].id
