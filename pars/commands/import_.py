"""``pars import WHAT ...``: load data from files; one sub-importer per kind of data.

To add an importer: write a module with ``register(import_subparsers)`` that
adds its parser and ``set_defaults(handler=fn)`` (copy
``pars/registry/command.py``), then append its module path to ``IMPORTERS``.
"""

from __future__ import annotations

import argparse
import importlib

IMPORTERS: list[str] = [
    "pars.registry.command",
    "pars.sus.cli",
]


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "import",
        help="import data files (registry, ...)",
        description="Import data files into the PARS database. Run `pars import WHAT --help` "
        "for the files each importer reads.",
    )
    import_subparsers = parser.add_subparsers(dest="importer", metavar="WHAT", title="importers")
    for module_path in IMPORTERS:
        importlib.import_module(module_path).register(import_subparsers)
    parser.set_defaults(handler=_missing_importer, import_parser=parser)


def _missing_importer(args: argparse.Namespace) -> int:
    args.import_parser.print_help()
    return 2
