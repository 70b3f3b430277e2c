"""``pars init``: create or upgrade the database and load the shipped reference data."""

from __future__ import annotations

import argparse


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "init",
        help="create or upgrade the database and load reference data",
        description="Create or upgrade the PARS database (SQLite in PARS_DATA_DIR unless "
        "PARS_DATABASE_URL is set) and load the reference data shipped in the package "
        "(Treatment Function Codes, OPCS-4 procedures, ICD-10, financial years, NHS "
        "providers). Safe to re-run.",
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from pars import setup_django

    setup_django()
    from django.core.management import call_command

    from pars.refdata.loading import load_reference_data
    from pars.registry.importer import sync_reference_providers

    call_command("migrate", interactive=False, verbosity=0)
    print("database ready")
    for table, count in load_reference_data().items():
        print(f"{table}: {count}")
    providers = sync_reference_providers()
    print(
        f"NHS providers: {providers['total']} in the registry "
        f"({providers['created']} added, {providers['updated']} refreshed)"
    )
    return 0
