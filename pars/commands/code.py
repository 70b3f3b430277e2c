"""``pars code``: read and code letters, print formats.md §1 JSON lines. Needs no database."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "code",
        help="read and code letters into JSON lines (formats.md §1)",
        description="Read letter files or folders (recursively, sorted) in any supported format "
        "(txt, pdf, docx, rtf, html, eml, hl7v2, fhir) and print one coded document per line as "
        'JSON, in input order. A file that cannot be read still gets a line with "error" set. '
        "Exits 1 only if every file failed. Needs no database.",
    )
    parser.add_argument("paths", nargs="+", metavar="PATH", help="files or folders to code")
    parser.add_argument(
        "--jsonl",
        action="store_true",
        help="print JSON lines (the only output format, accepted for clarity in scripts)",
    )
    parser.add_argument(
        "--jobs",
        type=int,
        default=1,
        metavar="N",
        help="worker processes (default 1; 0 = one per CPU core)",
    )
    parser.add_argument("--progress", action="store_true", help="show progress on standard error")
    parser.add_argument(
        "--registry",
        metavar="DIR",
        help="registry folder (formats.md §2): its clinicians.csv completes GP names written "
        "by surname only, for letters in practice folders (documents/E82031/...)",
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from pars.cli import UserError
    from pars.coding.engine import CodingEngine, code_paths, read_registry_clinicians

    missing = [p for p in args.paths if not Path(p).exists()]
    if missing:
        raise UserError(f"no such file or folder: {missing[0]}")
    if args.jobs < 0:
        raise UserError("--jobs must be 0 (one per core) or more")
    jobs = args.jobs or os.cpu_count() or 1
    engine = None
    if args.registry:
        clinicians_csv = Path(args.registry) / "clinicians.csv"
        if not clinicians_csv.is_file():
            raise UserError(f"--registry {args.registry}: no clinicians.csv there")
        try:
            engine = CodingEngine(clinicians=read_registry_clinicians(clinicians_csv))
        except (OSError, UnicodeDecodeError) as exc:
            raise UserError(f"{clinicians_csv}: cannot be read ({exc})") from exc
    total = failed = 0
    out = sys.stdout
    for document in code_paths(args.paths, jobs=jobs, progress=args.progress, engine=engine):
        total += 1
        if document.get("error"):
            failed += 1
        out.write(json.dumps(document, ensure_ascii=False, separators=(",", ":")) + "\n")
        out.flush()
    if args.progress:
        print(f"coded {total - failed} of {total} documents ({failed} unreadable)", file=sys.stderr)
    if total == 0:
        raise UserError("no files found in the given folders")
    return 1 if failed == total else 0
