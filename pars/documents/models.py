"""Document, per-field suggestion and field history models (all keyed by practice)."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q

from pars.documents.fields import CODED_FIELDS


def new_receipt() -> str:
    """An unguessable receipt a practice can quote; never derived from patient data."""
    return "rcpt_" + secrets.token_urlsafe(18)


class Document(models.Model):
    class Status(models.TextChoices):
        RECEIVED = "received"
        CODED = "coded"
        QUARANTINED = "quarantined"

    class Direction(models.TextChoices):
        OUTGOING = "outgoing"
        INCOMING = "incoming"

    practice = models.ForeignKey(
        "registry.Practice", on_delete=models.PROTECT, related_name="documents"
    )
    receipt = models.CharField(max_length=40, unique=True, default=new_receipt, editable=False)
    sha256 = models.CharField(max_length=64)
    size = models.PositiveBigIntegerField()
    original_name = models.CharField(max_length=255, blank=True)
    declared_direction = models.CharField(max_length=8, choices=Direction.choices, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    received_at = models.DateTimeField(auto_now_add=True, db_index=True)
    storage_key = models.CharField(
        max_length=200, blank=True, help_text="key in the encrypted blob store"
    )
    status = models.CharField(
        max_length=12, choices=Status.choices, default=Status.RECEIVED, db_index=True
    )
    quarantine_reason = models.TextField(blank=True)
    format = models.CharField(max_length=12, blank=True)
    coded_at = models.DateTimeField(null=True, blank=True)
    engine_version = models.CharField(max_length=40, blank=True)
    # Denormalised from the accepted codes for fast reports and linking.
    document_type = models.CharField(max_length=20, blank=True, db_index=True)
    nhs_number = models.CharField(max_length=10, blank=True, db_index=True)
    letter_date = models.DateField(null=True, blank=True, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["practice", "sha256"], name="document_unique_bytes_per_practice"
            ),
            models.CheckConstraint(
                condition=Q(status="quarantined") | Q(quarantine_reason=""),
                name="document_reason_only_when_quarantined",
            ),
            models.CheckConstraint(
                condition=~Q(status="coded") | Q(coded_at__isnull=False),
                name="document_coded_has_coded_at",
            ),
        ]
        indexes = [models.Index(fields=["practice", "status"])]

    def __str__(self) -> str:
        return self.receipt

    def coded(self) -> dict:
        """The current value of every §1 field (accepted value if decided, else the suggestion)."""
        values: dict = dict.fromkeys(CODED_FIELDS)
        values["diagnoses"] = []
        values["procedures"] = []
        for suggestion in self.suggestions.all():
            values[suggestion.field] = suggestion.current_value
        return values


class FieldSuggestion(models.Model):
    """One field of one document: what PARS suggested, and what a person decided."""

    class State(models.TextChoices):
        SUGGESTED = "suggested"
        AUTO_ACCEPTED = "auto_accepted"
        ACCEPTED = "accepted"
        CORRECTED = "corrected"

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="suggestions")
    field = models.CharField(max_length=30, choices=[(f, f) for f in CODED_FIELDS])
    suggested_value = models.JSONField(null=True)
    confidence = models.FloatField(null=True)
    source = models.CharField(
        max_length=60, blank=True, help_text="engine/model version that suggested it"
    )
    state = models.CharField(max_length=14, choices=State.choices, default=State.SUGGESTED)
    decided_value = models.JSONField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["document", "field"], name="one_suggestion_per_field"),
            models.CheckConstraint(
                condition=Q(confidence__isnull=True) | Q(confidence__gte=0, confidence__lte=1),
                name="confidence_is_probability",
            ),
            models.CheckConstraint(
                condition=Q(state__in=["accepted", "corrected"], decided_at__isnull=False)
                | Q(state__in=["suggested", "auto_accepted"], decided_by__isnull=True),
                name="decision_has_who_and_when",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.document_id}:{self.field}"

    @property
    def current_value(self):
        return self.decided_value if self.state == self.State.CORRECTED else self.suggested_value


class FieldHistory(models.Model):
    """Append-only history of a field's value; ids and labels, so it outlives users."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="history")
    field = models.CharField(max_length=30)
    at = models.DateTimeField(auto_now_add=True)
    actor_id = models.BigIntegerField(null=True, blank=True)
    actor_label = models.CharField(max_length=150, blank=True)
    change = models.CharField(max_length=14)  # suggested / auto_accepted / accepted / corrected
    old_value = models.JSONField(null=True)
    new_value = models.JSONField(null=True)
    confidence = models.FloatField(null=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "id"]
