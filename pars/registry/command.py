"""``pars import registry DIR``: load the formats.md §2 CSV files into the registry.

Registered under ``pars import`` through ``pars.commands.import_.IMPORTERS``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pars.registry.csv_rules import FILE_ORDER

# How many problems to show on the terminal; all of them go to the rejects file.
SHOW_PROBLEMS = 20


def register(import_subparsers: argparse._SubParsersAction) -> None:
    parser = import_subparsers.add_parser(
        "registry",
        help="practices, clinicians, list sizes, providers, budgets and contracts (CSV)",
        description="Import the registry CSV files found in DIR ("
        + ", ".join(FILE_ORDER)
        + "; any subset). Good rows are upserted on their natural keys, so re-importing "
        "is safe; bad rows are listed with file, line and column, written to a rejects "
        "CSV in the data folder and left out. Exit status 1 when any row was rejected.",
    )
    parser.add_argument("directory", metavar="DIR", type=Path, help="folder with the CSV files")
    parser.add_argument(
        "--rejects-dir",
        type=Path,
        default=None,
        help="where to write the rejects CSV (default: PARS_DATA_DIR/imports)",
    )
    parser.set_defaults(handler=run)


def _say(line: str = "") -> None:
    sys.stdout.write(line + "\n")


def run(args: argparse.Namespace) -> int:
    from pars.cli import UserError

    directory: Path = args.directory
    if not directory.is_dir():
        raise UserError(f"{directory} is not a folder")

    from pars import setup_django

    setup_django()
    from django.conf import settings
    from django.db import DatabaseError

    from pars.registry.importer import import_registry_dir

    rejects_dir = args.rejects_dir or Path(settings.DATA_DIR) / "imports"
    try:
        report = import_registry_dir(directory, rejects_dir=rejects_dir)
    except DatabaseError as exc:
        raise UserError(f"the database is not ready ({exc}); run `pars init` first") from None
    if not report.any_found:
        raise UserError(f"no registry files in {directory} (expected {', '.join(FILE_ORDER)})")
    for file_report in report.files:
        if not file_report.found:
            _say(f"{file_report.file}: not in {directory}, skipped")
            continue
        if file_report.fatal:
            _say(f"{file_report.file}: not imported: {file_report.fatal}")
            continue
        _say(
            f"{file_report.file}: {file_report.rows_read} rows: {file_report.created} new, "
            f"{file_report.changed} changed, {file_report.unchanged} unchanged, "
            f"{file_report.rejected} rejected"
        )
    row_problems = [p for p in report.problems if p.line]
    if row_problems:
        _say()
        _say(f"{len(row_problems)} row(s) set aside:")
        for problem in row_problems[:SHOW_PROBLEMS]:
            _say(f"  {problem}")
        if len(row_problems) > SHOW_PROBLEMS:
            _say(f"  ... and {len(row_problems) - SHOW_PROBLEMS} more")
    if report.rejects_path is not None:
        _say(f"rejects written to {report.rejects_path}")
    return 0 if report.clean else 1
