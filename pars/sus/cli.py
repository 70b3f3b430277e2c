"""``pars import sus``: load SUS extracts into the database (registered in IMPORTERS)."""

from __future__ import annotations

import argparse
import getpass
import sys


def register(import_subparsers: argparse._SubParsersAction) -> None:
    parser = import_subparsers.add_parser(
        "sus",
        help="SUS outpatient and admitted patient care extracts (CSV or XLSX)",
        description="Import SUS extracts (formats.md section 3; real SUS/SLAM column names are "
        "accepted, see docs/sus-import.md). Each row is validated; rejected rows are listed "
        "with line and reason and the good rows are kept. Importing a provider's month again "
        "replaces it. Every import is recorded (who, when, file hash, counts).",
    )
    parser.add_argument("--outpatients", metavar="FILE", help="SUS outpatient extract")
    parser.add_argument("--admissions", metavar="FILE", help="SUS admitted patient care extract")
    parser.add_argument("--by", default=None, help="who is importing (default: the OS user)")
    parser.add_argument("--rejects", metavar="FILE", help="also write rejected rows to this CSV")
    parser.add_argument("--no-progress", action="store_true", help="no progress bar on stderr")
    parser.set_defaults(handler=run)


def _say(line: str) -> None:
    sys.stdout.write(line + "\n")


def run(args: argparse.Namespace) -> int:
    from pars.cli import UserError

    if not args.outpatients and not args.admissions:
        raise UserError("give --outpatients FILE and/or --admissions FILE")
    from pars import setup_django

    setup_django()
    from pars.sus.actions import import_sus_file
    from pars.sus.cli_support import summary_line, write_rejections
    from pars.sus.reader import SusFileError

    by = args.by or getpass.getuser()
    reports = []
    for kind, path in (("outpatient", args.outpatients), ("admission", args.admissions)):
        if not path:
            continue
        progress = None
        bar = None
        if not args.no_progress:
            from pathlib import Path

            from tqdm import tqdm

            bar = tqdm(
                total=Path(path).stat().st_size if Path(path).is_file() else None,
                unit="B",
                unit_scale=True,
                desc=kind,
                file=sys.stderr,
                leave=False,
            )
            state = {"done": 0}

            def progress(done: int, bar=bar, state=state) -> None:
                bar.update(done - state["done"])
                state["done"] = done

        try:
            outcome = import_sus_file(path, kind, by=by, on_progress=progress)
        except SusFileError as exc:
            raise UserError(str(exc)) from None
        finally:
            if bar is not None:
                bar.close()
        reports.append(outcome.report)
        record = outcome.sus_import
        _say(
            f"{summary_line(outcome.report)}; import #{record.pk}, replaced {record.replaced} stored rows"
        )
        for rejection in outcome.report.rejections[:10]:
            _say(f"  line {rejection.line}: {rejection.reason}")
        if outcome.report.rejected > 10:
            _say(f"  ... and {outcome.report.rejected - 10} more (use --rejects FILE)")
    if args.rejects:
        write_rejections(reports, args.rejects)
    return 0
