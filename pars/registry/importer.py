"""Write validated registry files to the database: upsert on natural keys, keep rejects aside.

The rules live in ``csv_rules`` (pure); this module only resolves references
against the database, upserts the good rows one file per transaction and
writes the set-aside rows to a rejects CSV, so a re-import of the same files
changes nothing and a bad row never costs the good ones.
"""

from __future__ import annotations

import csv
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.db import models, transaction

from pars.refdata import load_providers
from pars.registry.csv_rules import FILE_ORDER, SPECS, Problem, parse_registry_file
from pars.registry.models import Budget, Clinician, Contract, ListSize, Practice, Provider

logger = logging.getLogger(__name__)

REJECTS_HEADER = ["file", "line", "column", "value", "problem"]


@dataclass(slots=True)
class FileReport:
    """What happened to one file: rows read, new, changed, unchanged and rejected."""

    file: str
    found: bool = True
    rows_read: int = 0
    created: int = 0
    changed: int = 0
    unchanged: int = 0
    rejected: int = 0
    fatal: str | None = None


@dataclass(slots=True)
class ImportReport:
    files: list[FileReport] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    rejects_path: Path | None = None

    @property
    def clean(self) -> bool:
        return not self.problems

    @property
    def any_found(self) -> bool:
        return any(report.found for report in self.files)


@dataclass(frozen=True, slots=True)
class _Target:
    """How one file's typed rows become model rows."""

    model: type[models.Model]
    unique: tuple[str, ...]
    to_fields: Callable[[dict[str, Any], dict[str, int]], dict[str, Any]]
    parent: str | None = None  # "practice" or "provider": which id map to_fields needs


def _practice_fields(row: dict[str, Any], ids: dict[str, int]) -> dict[str, Any]:
    return {
        "code": row["practice_code"],
        "name": row["name"],
        "address": row["address"],
        "postcode": row["postcode"],
        "group_code": row["group_code"],
    }


def _provider_fields(row: dict[str, Any], ids: dict[str, int]) -> dict[str, Any]:
    sites = [s for s in row.get("site_names", "").split("|") if s]
    return {"code": row["provider_code"], "name": row["name"], "site_names": sites}


def _clinician_fields(row: dict[str, Any], ids: dict[str, int]) -> dict[str, Any]:
    return {
        "practice_id": ids[row["practice_code"]],
        "clinician_id": row["clinician_id"],
        "name": row["name"],
        "role": row["role"],
        "start_date": row["start_date"],
        "end_date": row["end_date"],
    }


def _list_size_fields(row: dict[str, Any], ids: dict[str, int]) -> dict[str, Any]:
    return {
        "practice_id": ids[row["practice_code"]],
        "month": row["month"],
        "sex": row["sex"],
        "age_band": row["age_band"],
        "patients": row["patients"],
    }


def _budget_fields(row: dict[str, Any], ids: dict[str, int]) -> dict[str, Any]:
    return {
        "practice_id": ids[row["practice_code"]],
        "financial_year": row["financial_year"],
        "point_of_delivery": row["point_of_delivery"],
        "amount": row["amount"],
    }


def _contract_fields(row: dict[str, Any], ids: dict[str, int]) -> dict[str, Any]:
    return {
        "provider_id": ids[row["provider_code"]],
        "financial_year": row["financial_year"],
        "point_of_delivery": row["point_of_delivery"],
        "tfc": row["tfc"],
        "planned_activity": row["planned_activity"],
        "planned_value": row["planned_value"],
    }


TARGETS: dict[str, _Target] = {
    "practices.csv": _Target(Practice, ("code",), _practice_fields),
    "providers.csv": _Target(Provider, ("code",), _provider_fields),
    "clinicians.csv": _Target(
        Clinician, ("practice_id", "clinician_id"), _clinician_fields, "practice"
    ),
    "list_sizes.csv": _Target(
        ListSize, ("practice_id", "month", "sex", "age_band"), _list_size_fields, "practice"
    ),
    "budgets.csv": _Target(
        Budget, ("practice_id", "financial_year", "point_of_delivery"), _budget_fields, "practice"
    ),
    "contracts.csv": _Target(
        Contract,
        ("provider_id", "financial_year", "point_of_delivery", "tfc"),
        _contract_fields,
        "provider",
    ),
}


def _find(directory: Path, name: str) -> Path | None:
    """The file called ``name`` in ``directory``, matching the name case-insensitively."""
    exact = directory / name
    if exact.is_file():
        return exact
    for candidate in sorted(directory.iterdir()):
        if candidate.is_file() and candidate.name.lower() == name:
            return candidate
    return None


def _upsert(target: _Target, records: list[dict[str, Any]], report: FileReport) -> None:
    """Insert new rows and update changed ones, counting each kind; unchanged rows are left alone."""
    model = target.model
    value_fields = [name for name in records[0] if name not in target.unique] if records else []
    existing = {
        tuple(values[: len(target.unique)]): values[len(target.unique) :]
        for values in model.objects.values_list(*target.unique, *value_fields)
    }
    to_write = []
    for record in records:
        key = tuple(record[name] for name in target.unique)
        values = tuple(record[name] for name in value_fields)
        if key not in existing:
            report.created += 1
        elif tuple(existing[key]) != values:
            report.changed += 1
        else:
            report.unchanged += 1
            continue
        to_write.append(model(**record))
    if to_write:
        names = {f.attname: f.name for f in model._meta.concrete_fields}
        model.objects.bulk_create(
            to_write,
            batch_size=1000,
            update_conflicts=True,
            unique_fields=[names[name] for name in target.unique],
            update_fields=[names[name] for name in value_fields],
        )


def import_registry_dir(
    directory: Path, *, rejects_dir: Path, by: Any | None = None
) -> ImportReport:
    """Import every formats.md §2 file present in ``directory`` (missing ones are skipped).

    Rejected rows are written to ``rejects_dir/registry-rejects-<UTC time>.csv``.
    Each file read writes one audit event (``registry.import``) with its counts,
    in the same transaction as its rows; ``by`` is the acting user (None: the CLI).
    """
    report = ImportReport()
    practice_ids = dict(Practice.objects.values_list("code", "id"))
    provider_ids = dict(Provider.objects.values_list("code", "id"))
    for name in FILE_ORDER:
        path = _find(directory, name)
        if path is None:
            report.files.append(FileReport(file=name, found=False))
            continue
        file_report = FileReport(file=name)
        report.files.append(file_report)
        spec = SPECS[name]
        result = parse_registry_file(
            name,
            path.read_bytes(),
            known_practices=practice_ids.keys() if spec.practice_column else None,
            known_providers=provider_ids.keys() if spec.provider_column else None,
        )
        file_report.rows_read = result.rows_read
        file_report.rejected = sum(1 for p in result.problems if p.line)
        report.problems.extend(result.problems)
        if result.fatal:
            file_report.fatal = str(result.problems[-1])
            _audit(file_report, by)
            continue
        target = TARGETS[name]
        ids = practice_ids if target.parent == "practice" else provider_ids
        records = [target.to_fields(row, ids) for row in result.rows]
        if name == "providers.csv":
            for record in records:
                record["source"] = "import"
        with transaction.atomic():
            _upsert(target, records, file_report)
            _audit(file_report, by)
        if name == "practices.csv":
            practice_ids = dict(Practice.objects.values_list("code", "id"))
        elif name == "providers.csv":
            provider_ids = dict(Provider.objects.values_list("code", "id"))
        logger.info(
            "registry file imported: %s (%d new, %d changed, %d unchanged, %d rejected)",
            name,
            file_report.created,
            file_report.changed,
            file_report.unchanged,
            file_report.rejected,
        )
    if report.problems:
        report.rejects_path = write_rejects(report.problems, rejects_dir)
    return report


def _audit(file_report: FileReport, by: Any | None) -> None:
    from pars.audit.record import record_event

    record_event(
        action="registry.import",
        by=by,
        target_type="registry_file",
        target_id=file_report.file,
        detail={
            "rows_read": file_report.rows_read,
            "created": file_report.created,
            "changed": file_report.changed,
            "unchanged": file_report.unchanged,
            "rejected": file_report.rejected,
            "refused": file_report.fatal is not None,
        },
    )


def write_rejects(problems: list[Problem], rejects_dir: Path) -> Path:
    """Write problems as CSV (file, line, column, value, problem); returns the path."""
    rejects_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    path = rejects_dir / f"registry-rejects-{stamp}.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(REJECTS_HEADER)
        for problem in problems:
            value = problem.value
            if value is not None:
                value = value.encode("utf-8", errors="backslashreplace").decode("utf-8")
            writer.writerow(
                [problem.file, problem.line, problem.column or "", value or "", problem.message]
            )
    return path


@transaction.atomic
def sync_reference_providers() -> dict[str, int]:
    """Add the shipped NHS providers to the registry; refresh those it added before.

    Providers loaded by a registry import (``source="import"``) are the
    deployment's own data and are left as they are.
    """
    existing = {p.code: p for p in Provider.objects.all()}
    created = updated = 0
    for info in load_providers():
        current = existing.get(info.code)
        if current is None:
            Provider.objects.create(
                code=info.code, name=info.name, site_names=list(info.site_names), source="refdata"
            )
            created += 1
        elif current.source == "refdata" and (
            current.name != info.name or current.site_names != list(info.site_names)
        ):
            current.name = info.name
            current.site_names = list(info.site_names)
            current.save(update_fields=["name", "site_names"])
            updated += 1
    return {"created": created, "updated": updated, "total": Provider.objects.count()}
