"""The ``pars`` command: parse, dispatch, turn user errors into one line and an exit code.

Each subcommand lives in ``pars/commands/<name>.py`` and exposes
``register(subparsers)``, which adds its parser and sets ``handler`` to a
function ``(args) -> int``. Real work lives in the engines, not here.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from pars import __version__
from pars.commands import COMMAND_MODULES


class UserError(Exception):
    """A problem the user can fix (bad path, bad option); printed without a traceback."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="pars",
        description="PARS, the Patient Activity Reporting Service: capture, code, price and "
        "validate hospital activity from the practice side.",
    )
    parser.add_argument("--version", action="version", version=f"pars {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", title="commands")
    for module_name in COMMAND_MODULES:
        importlib.import_module(f"pars.commands.{module_name}").register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler = getattr(args, "handler", None)
    if handler is None:
        parser.print_help()
        return 2
    try:
        return int(handler(args) or 0)
    except UserError as exc:
        print(f"pars {args.command}: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
