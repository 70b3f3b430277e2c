"""Stored SUS imports, SUS rows (keyed by practice), findings and their status history.

Audit-style records (``SusImport``, ``FindingEvent``) keep names and ids rather
than foreign keys to users, so they survive a user being deleted.
"""

from __future__ import annotations

from django.db import models


class SusImport(models.Model):
    """One file imported: who, when, which bytes, what happened to its rows."""

    class Kind(models.TextChoices):
        OUTPATIENT = "outpatient"
        ADMISSION = "admission"

    kind = models.CharField(max_length=12, choices=Kind.choices)
    file_name = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64)
    imported_by = models.CharField(max_length=150)
    imported_at = models.DateTimeField(auto_now_add=True)
    rows = models.PositiveIntegerField(default=0)
    accepted = models.PositiveIntegerField(default=0)
    rejected = models.PositiveIntegerField(default=0)
    warnings = models.PositiveIntegerField(default=0)
    replaced = models.PositiveIntegerField(default=0, help_text="stored rows this import replaced")
    months = models.JSONField(default=list, help_text="provider/month pairs the file covers")
    rejections = models.JSONField(default=list, help_text="[{line, reason, record_id}]")

    class Meta:
        ordering = ["-imported_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(accepted__lte=models.F("rows")),
                name="sus_import_accepted_le_rows",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.file_name} ({self.accepted}/{self.rows})"


class _SusRow(models.Model):
    sus_import = models.ForeignKey(SusImport, on_delete=models.PROTECT, related_name="+")
    line = models.PositiveIntegerField()
    practice_code = models.CharField(max_length=6, blank=True, db_index=True)
    provider_code = models.CharField(max_length=5)
    month = models.CharField(max_length=7, help_text="YYYY-MM of the activity date")
    nhs_number = models.CharField(max_length=10, blank=True)
    nhs_number_raw = models.CharField(max_length=20, blank=True)
    birth_date = models.DateField(null=True, blank=True)
    treatment_function_code = models.CharField(max_length=3)
    tariff_price = models.DecimalField(max_digits=12, decimal_places=2)
    warnings = models.JSONField(default=list, blank=True)

    class Meta:
        abstract = True


class SusOutpatient(_SusRow):
    attendance_id = models.CharField(max_length=64)
    appointment_date = models.DateField()
    first_attendance = models.CharField(max_length=2, blank=True)
    attended = models.CharField(max_length=2, blank=True)
    referral_source = models.CharField(max_length=3, blank=True)
    priority_type = models.CharField(max_length=2, blank=True)
    referral_received_date = models.DateField(null=True, blank=True)
    hrg_code = models.CharField(max_length=8, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["provider_code", "attendance_id"], name="sus_outpatient_unique_per_provider"
            )
        ]
        indexes = [models.Index(fields=["provider_code", "month"])]


class SusAdmission(_SusRow):
    spell_id = models.CharField(max_length=64)
    admission_date = models.DateField()
    discharge_date = models.DateField(null=True, blank=True)
    admission_method = models.CharField(max_length=3, blank=True)
    patient_classification = models.CharField(max_length=2, blank=True)
    primary_diagnosis = models.CharField(max_length=8, blank=True)
    primary_procedure = models.CharField(max_length=6, blank=True)
    spell_hrg = models.CharField(max_length=8, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["provider_code", "spell_id"], name="sus_admission_unique_per_provider"
            )
        ]
        indexes = [models.Index(fields=["provider_code", "month"])]


class Finding(models.Model):
    """A reconciliation finding (formats.md §4) and where the challenge stands."""

    class Status(models.TextChoices):
        OPEN = "open"
        CHALLENGED = "challenged"
        ACCEPTED = "accepted"
        REJECTED = "rejected"

    finding = models.CharField(max_length=40)
    sus_kind = models.CharField(max_length=12, blank=True)
    sus_record = models.CharField(max_length=64, blank=True)
    document = models.CharField(max_length=255, blank=True)
    practice_code = models.CharField(max_length=6, blank=True, db_index=True)
    provider_code = models.CharField(max_length=5, blank=True)
    nhs_number = models.CharField(max_length=10, blank=True)
    activity_date = models.DateField(null=True, blank=True)
    month = models.CharField(max_length=7, blank=True)
    value_gbp = models.DecimalField(max_digits=12, decimal_places=2)
    detail = models.TextField()
    match_weight = models.FloatField(null=True, blank=True)
    link_method = models.CharField(max_length=16, blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.OPEN)
    notes = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["finding", "provider_code", "sus_record", "document"],
                name="sus_finding_unique_subject",
            )
        ]
        indexes = [models.Index(fields=["provider_code", "month"])]

    def __str__(self) -> str:
        return f"{self.finding} {self.sus_record or self.document} ({self.status})"


class FindingEvent(models.Model):
    """History of a finding's status: kept by id and label, without foreign keys."""

    finding_id_ref = models.BigIntegerField(db_index=True)
    finding_label = models.CharField(max_length=160)
    from_status = models.CharField(max_length=12, blank=True)
    to_status = models.CharField(max_length=12)
    note = models.TextField(blank=True)
    by = models.CharField(max_length=150)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]
