"""``pars init``: create or upgrade the database and load the shipped reference data."""

from __future__ import annotations

import argparse


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "init",
        help="create or upgrade the database and load reference data",
        description="Create or upgrade the PARS database (SQLite in PARS_DATA_DIR unless "
        "PARS_DATABASE_URL is set) and load the reference data shipped in the package. Safe to re-run.",
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from pars import setup_django

    setup_django()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    print("database ready")
    return 0
