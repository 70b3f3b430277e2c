"""Writes to the SUS tables, each one function and one transaction (the Django shell).

``import_sus_file`` replaces the provider-months a file covers, so importing a
month again never duplicates it; ``store_findings`` upserts findings keeping
their status; ``set_finding_status`` moves a finding and writes its history.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from django.db import connection, transaction

from pars.reconcile.findings import Finding as FindingRecord
from pars.sus.models import Finding, FindingEvent, SusAdmission, SusImport, SusOutpatient
from pars.sus.reader import ProgressCallback, ReadReport, iter_sus_file
from pars.sus.records import AdmissionRecord, OutpatientRecord

BATCH = 5000


def _label(by: Any) -> str:
    """Who acted, as text: a user's username, or the name given (e.g. the OS user on the CLI)."""
    return by.get_username() if hasattr(by, "get_username") else str(by)


def _audit(action: str, by: Any, target_type: str, target_id: object, detail: dict) -> None:
    from pars.audit.record import record_event

    user = by if hasattr(by, "get_username") else None
    record_event(
        action=action,
        by=user,
        target_type=target_type,
        target_id=str(target_id),
        detail={"by": _label(by), **detail},
    )


def _common(record: OutpatientRecord | AdmissionRecord, import_id: int, day: date) -> dict:
    """The columns both kinds of SUS row carry; ``day`` (the activity date) sets the month."""
    return {
        "sus_import_id": import_id,
        "line": record.line,
        "practice_code": record.practice_code or "",
        "provider_code": record.provider_code,
        "month": day.isoformat()[:7],
        "nhs_number": record.nhs_number or "",
        "nhs_number_raw": record.nhs_number_raw[:20],
        "birth_date": record.birth_date,
        "treatment_function_code": record.treatment_function_code,
        "tariff_price": record.tariff_price,
        "warnings": record.warnings,
    }


def _outpatient(record: OutpatientRecord, import_id: int) -> dict:
    """Column values of one SusOutpatient row, keyed by attribute name."""
    return {
        **_common(record, import_id, record.appointment_date),
        "attendance_id": record.attendance_id,
        "appointment_date": record.appointment_date,
        "first_attendance": record.first_attendance[:2],
        "attended": record.attended[:2],
        "referral_source": record.referral_source[:3],
        "priority_type": record.priority_type[:2],
        "referral_received_date": record.referral_received_date,
        "hrg_code": record.hrg_code[:8],
    }


def _admission(record: AdmissionRecord, import_id: int) -> dict:
    """Column values of one SusAdmission row, keyed by attribute name."""
    return {
        **_common(record, import_id, record.admission_date),
        "spell_id": record.spell_id,
        "admission_date": record.admission_date,
        "discharge_date": record.discharge_date,
        "admission_method": record.admission_method[:3],
        "patient_classification": record.patient_classification[:2],
        "primary_diagnosis": record.primary_diagnosis[:8],
        "primary_procedure": record.primary_procedure[:6],
        "spell_hrg": record.spell_hrg[:8],
    }


def _insert(model, rows: list[dict]) -> None:
    """Insert many rows with one prepared statement.

    Why not bulk_create: building 300,000 model instances costs more than the
    insert itself. Values go through each field's own database preparation
    (JSON) or the backend's adapters (dates, decimals), so this stays correct
    on SQLite and PostgreSQL.
    """
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    quote = connection.ops.quote_name
    sql = (
        f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(quote(f.column) for f in fields)}) "
        f"VALUES ({', '.join(['%s'] * len(fields))})"
    )
    prepared = {f.attname: f for f in fields if f.get_internal_type() == "JSONField"}
    values = [
        tuple(
            prepared[f.attname].get_db_prep_save(row[f.attname], connection)
            if f.attname in prepared
            else row[f.attname]
            for f in fields
        )
        for row in rows
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, values)


@dataclass(frozen=True, slots=True)
class ImportOutcome:
    sus_import: SusImport
    report: ReadReport


def import_sus_file(
    path: str | Path, kind: str, *, by: Any, on_progress: ProgressCallback | None = None
) -> ImportOutcome:
    """Import one extract; the provider-months it covers replace what was stored for them.

    Streams: rows are validated and inserted in batches of ``BATCH``, so a file
    of millions of rows never sits in memory. All in one transaction: the first
    time a batch meets a (provider, month), the stored rows of that month are
    deleted; stored rows with the same provider and record id are deleted too;
    a file that turns out unreadable leaves the database as it was.
    """
    report = ReadReport(str(path), kind)  # type: ignore[arg-type]
    model = SusOutpatient if kind == "outpatient" else SusAdmission
    build = _outpatient if kind == "outpatient" else _admission
    id_field = "attendance_id" if kind == "outpatient" else "spell_id"
    cleared: set[tuple[str, str]] = set()
    seen: set[tuple[str, str]] = set()
    repeated: list[dict] = []
    replaced = 0

    def flush(batch: list) -> int:
        deleted = 0
        months = {(r.provider_code, r.activity_date.isoformat()[:7]) for r in batch} - cleared
        for provider, month in sorted(months):
            deleted += model.objects.filter(provider_code=provider, month=month).delete()[0]
            cleared.add((provider, month))
        by_provider: dict[str, list[str]] = {}
        for record in batch:
            by_provider.setdefault(record.provider_code, []).append(record.record_id)
        for provider, ids in by_provider.items():
            for start in range(0, len(ids), 500):
                deleted += model.objects.filter(
                    provider_code=provider, **{f"{id_field}__in": ids[start : start + 500]}
                ).delete()[0]
        _insert(model, [build(record, sus_import.pk) for record in batch])
        return deleted

    with transaction.atomic():
        sus_import = SusImport.objects.create(
            kind=kind, file_name=Path(path).name[:255], imported_by=_label(by)[:150]
        )
        batch = []
        for record in iter_sus_file(path, kind, report, on_progress=on_progress):
            key = (record.provider_code, record.record_id)
            if key in seen:  # the same record twice in one file: the first one stands
                repeated.append(
                    {
                        "line": record.line,
                        "reason": "record id repeated in file",
                        "record_id": record.record_id,
                    }
                )
                continue
            seen.add(key)
            batch.append(record)
            if len(batch) >= BATCH:
                replaced += flush(batch)
                batch = []
        if batch:
            replaced += flush(batch)
        sus_import.sha256 = report.sha256
        sus_import.rows = report.rows
        sus_import.accepted = report.accepted - len(repeated)
        sus_import.rejected = report.rejected + len(repeated)
        sus_import.warnings = report.warnings
        sus_import.months = [list(pair) for pair in sorted(cleared)]
        sus_import.rejections = [
            {"line": r.line, "reason": r.reason, "record_id": r.record_id}
            for r in report.rejections
        ] + repeated
        sus_import.replaced = replaced
        sus_import.save()
        _audit(
            "sus.import",
            by,
            "sus_import",
            sus_import.pk,
            {
                "kind": kind,
                "file": sus_import.file_name,
                "sha256": sus_import.sha256,
                "rows": sus_import.rows,
                "accepted": sus_import.accepted,
                "rejected": sus_import.rejected,
                "replaced": replaced,
            },
        )
    return ImportOutcome(sus_import, report)


def store_findings(findings: Iterable[FindingRecord], *, by: Any) -> tuple[int, int]:
    """Upsert findings on (type, provider, record, document); status and notes are kept.

    Returns (created, updated). A new finding gets an ``open`` history event.
    """
    created = updated = 0
    with transaction.atomic():
        for f in findings:
            obj, was_created = Finding.objects.update_or_create(
                finding=f.finding,
                provider_code=f.provider_code or "",
                sus_record=f.sus_record or "",
                document=f.document or "",
                defaults={
                    "sus_kind": f.sus_kind or "",
                    "practice_code": f.practice_code or "",
                    "nhs_number": f.nhs_number or "",
                    "activity_date": f.activity_date,
                    "month": f.month or "",
                    "value_gbp": f.value_gbp,
                    "detail": f.detail,
                    "match_weight": f.match_weight,
                    "link_method": f.link_method or "",
                },
            )
            if was_created:
                created += 1
                FindingEvent.objects.create(
                    finding_id_ref=obj.pk,
                    finding_label=str(obj)[:160],
                    to_status=obj.status,
                    note="found by reconciliation",
                    by=_label(by)[:150],
                )
            else:
                updated += 1
    return created, updated


def set_finding_status(finding: Finding, *, status: str, note: str = "", by: Any) -> Finding:
    """Move a finding to a new status (open, challenged, accepted, rejected) with its history."""
    if status not in Finding.Status.values:
        raise ValueError(f"unknown status {status!r}; one of {', '.join(Finding.Status.values)}")
    with transaction.atomic():
        locked = Finding.objects.select_for_update().get(pk=finding.pk)
        previous = locked.status
        locked.status = status
        if note:
            locked.notes = f"{locked.notes}\n{note}".strip()
        locked.save(update_fields=["status", "notes", "updated_at"])
        FindingEvent.objects.create(
            finding_id_ref=locked.pk,
            finding_label=str(locked)[:160],
            from_status=previous,
            to_status=status,
            note=note,
            by=_label(by)[:150],
        )
        _audit(
            "sus.finding_status",
            by,
            "sus_finding",
            locked.pk,
            {"finding": locked.finding, "from": previous, "to": status},
        )
    return locked
