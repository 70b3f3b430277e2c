"""``pars reconcile``: check SUS extracts against the practice's letters and list the findings.

Letters come from ``--documents DIR``, ``--coded FILE.jsonl`` or, with
neither, the documents already coded in the database (docs/reconciliation.md).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "reconcile",
        help="check SUS activity against the practice's letters: the challenge list",
        description="Read SUS outpatient and admitted patient care extracts (CSV or XLSX, real "
        "SUS/SLAM column names accepted), link them to the practice's coded letters and print "
        "the findings (formats.md section 4). Letters come from --documents DIR (coded as "
        "`pars code` would), --coded FILE.jsonl (any section 1 producer) or, with neither, "
        "the documents already coded in the database.",
    )
    parser.add_argument("--outpatients", metavar="FILE", help="SUS outpatient extract")
    parser.add_argument("--admissions", metavar="FILE", help="SUS admitted patient care extract")
    letters = parser.add_mutually_exclusive_group()
    letters.add_argument("--documents", metavar="DIR", help="folder of letters to code and use")
    letters.add_argument("--coded", metavar="FILE", help="coded documents, JSON lines (section 1)")
    parser.add_argument(
        "--patients",
        metavar="FILE",
        help="practice patient lists (CSV: practice_code, nhs_number[, birth_date]); "
        "enables unknown_patient",
    )
    parser.add_argument("--jsonl", action="store_true", help="print one JSON object per finding")
    parser.add_argument(
        "--truth",
        metavar="FILE",
        help="truth/findings.jsonl of a synthetic world: print precision and recall per type",
    )
    parser.add_argument(
        "--report", metavar="DIR", help="write challenge reports per provider and month"
    )
    parser.add_argument(
        "--report-formats", default="csv,xlsx,pdf", help="comma-separated: csv, xlsx, pdf"
    )
    parser.add_argument(
        "--rejects", metavar="FILE", help="write rejected SUS rows (line, reason) here"
    )
    parser.add_argument(
        "--param",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="override a rule parameter, e.g. referral_window_weeks=30 (see docs/reconciliation.md)",
    )
    parser.add_argument("--params", metavar="FILE", help="rule parameters as a JSON object")
    parser.add_argument(
        "--rules", help="comma-separated finding types to run (default: all on by default)"
    )
    parser.add_argument(
        "--store",
        action="store_true",
        help="also store the findings in the database (status and notes of known findings are "
        "kept; reports then show them)",
    )
    parser.add_argument("--by", default=None, help="who is storing findings (default: the OS user)")
    parser.add_argument(
        "--linkage-backend",
        choices=("duckdb", "spark"),
        default=None,
        help="where Splink scores candidate pairs (same as --param linkage.backend=...): duckdb "
        "(default) or spark (needs the spark extra and Java 17; local[2] unless "
        "PARS_SPARK_MASTER or SPARK_REMOTE is set)",
    )
    parser.add_argument("--jobs", type=int, default=1, help="processes for coding --documents")
    parser.add_argument("--no-progress", action="store_true", help="no progress bars on stderr")
    parser.set_defaults(handler=run)


def _params(args: argparse.Namespace):
    from pars.cli import UserError
    from pars.reconcile.params import ReconcileParams

    try:
        params = ReconcileParams.from_file(args.params) if args.params else ReconcileParams()
        overrides: dict = {}
        for item in args.param:
            name, sep, value = item.partition("=")
            if not sep:
                raise ValueError(f"--param needs NAME=VALUE, got {item!r}")
            overrides[name.strip()] = value
        if args.rules:
            overrides["rules"] = args.rules
        if args.linkage_backend:
            overrides["linkage.backend"] = args.linkage_backend
        return params.with_overrides(overrides)
    except (OSError, ValueError, TypeError) as exc:
        raise UserError(str(exc)) from None


def _letters(args: argparse.Namespace):
    from pars.cli import UserError
    from pars.reconcile.documents import code_documents, iter_jsonl

    if args.coded:
        if not Path(args.coded).is_file():
            raise UserError(f"{args.coded}: no such file")
        path = args.coded
        return lambda: iter_jsonl(path)  # streamed, and re-read only for accruals
    if args.documents:
        if not Path(args.documents).is_dir():
            raise UserError(f"{args.documents}: not a folder")
        try:
            return code_documents(args.documents, jobs=args.jobs, progress=not args.no_progress)
        except ImportError:
            raise UserError(
                "the coding engine (pars.coding.engine) is not installed; use --coded FILE.jsonl"
            ) from None
    # Over the database: the documents app's coded (and quarantined) documents.
    from pars import setup_django

    setup_django()
    from django.db import DatabaseError

    from pars.sus.letters_source import coded_documents

    try:
        objects = list(coded_documents())
    except DatabaseError as exc:
        raise UserError(
            f"cannot read documents from the database ({exc}); run `pars init`"
        ) from None
    if not objects:
        raise UserError(
            "no coded documents in the database; give --documents DIR or --coded FILE.jsonl"
        )
    return objects


def run(args: argparse.Namespace) -> int:
    from pars.cli import UserError
    from pars.reconcile import ReconcileInput, reconcile
    from pars.reconcile.documents import read_letters
    from pars.reconcile.evaluate import format_scores, score
    from pars.reconcile.linkage_spark import SparkUnavailable
    from pars.reconcile.patients import load_patient_lists
    from pars.reconcile.pricing import AccrualPricer
    from pars.reconcile.report import ReportRow, write_reports
    from pars.sus.cli_support import read_with_progress, summary_line, write_rejections
    from pars.sus.reader import SusFileError

    if not args.outpatients and not args.admissions:
        raise UserError("give --outpatients FILE and/or --admissions FILE")
    params = _params(args)
    reports = []
    data = {"outpatient": [], "admission": []}
    try:
        for kind, path in (("outpatient", args.outpatients), ("admission", args.admissions)):
            if path:
                records, report = read_with_progress(path, kind, progress=not args.no_progress)
                data[kind] = records
                reports.append(report)
                print(summary_line(report), file=sys.stderr)
    except SusFileError as exc:
        raise UserError(str(exc)) from None
    if args.rejects:
        write_rejections(reports, args.rejects)
    coded = _letters(args)
    letters, unreadable = read_letters(coded() if callable(coded) else coded)
    activity = [r.activity_date for records in data.values() for r in records]
    pricer = AccrualPricer(coded, as_of=max(activity) if activity else None)
    patients = None
    if args.patients:
        try:
            patients = load_patient_lists(args.patients)
        except (OSError, ValueError) as exc:
            raise UserError(str(exc)) from None
    try:
        result = reconcile(
            ReconcileInput(
                data["outpatient"],
                data["admission"],
                letters,
                patients,
                unreadable=unreadable,
            ),
            params,
            price=pricer,
        )
    except (ValueError, SparkUnavailable) as exc:
        raise UserError(str(exc)) from None
    findings = [f.to_json() for f in result.findings]
    if args.jsonl:
        out = sys.stdout
        for obj in findings:
            out.write(json.dumps(obj) + "\n")
    else:
        _print_summary(result.findings, len(letters), result.links.stats)
    rows = [ReportRow(f) for f in result.findings]
    if args.store:
        rows = _store(result.findings, args)
    if args.report:
        formats = [f.strip() for f in args.report_formats.split(",") if f.strip()]
        written = write_reports(rows, args.report, formats=formats)
        print(f"wrote {len(written)} report files to {args.report}", file=sys.stderr)
    if args.truth:
        from pars.reconcile.documents import iter_jsonl

        if not Path(args.truth).is_file():
            raise UserError(f"{args.truth}: no such file")
        table = format_scores(score(findings, iter_jsonl(args.truth)))
        print(table, file=sys.stderr if args.jsonl else sys.stdout)
    return 0


def _store(findings, args: argparse.Namespace):
    """Upsert the findings; return report rows carrying each finding's stored status and notes."""
    import getpass

    from pars import setup_django

    setup_django()
    from pars.reconcile.report import ReportRow
    from pars.sus.actions import store_findings
    from pars.sus.models import Finding as StoredFinding

    created, updated = store_findings(findings, by=args.by or getpass.getuser())
    print(f"stored findings: {created} new, {updated} already known", file=sys.stderr)
    stored = {
        (f.finding, f.provider_code, f.sus_record, f.document): (f.status, f.notes)
        for f in StoredFinding.objects.only(
            "finding", "provider_code", "sus_record", "document", "status", "notes"
        )
    }
    rows = []
    for f in findings:
        key = (f.finding, f.provider_code or "", f.sus_record or "", f.document or "")
        status, notes = stored.get(key, ("open", ""))
        rows.append(ReportRow(f, status=status, notes=notes))
    return rows


def _print_summary(findings, letters: int, stats: dict) -> None:
    from collections import Counter
    from decimal import Decimal

    counts: Counter = Counter()
    values: dict[str, Decimal] = {}
    for f in findings:
        counts[f.finding] += 1
        values[f.finding] = values.get(f.finding, Decimal(0)) + f.value_gbp
    print(f"{letters} letters; links: " + ", ".join(f"{k} {v}" for k, v in stats.items()))
    print(f"{'finding':28} {'count':>7} {'value_gbp':>14}")
    for name in sorted(counts):
        print(f"{name:28} {counts[name]:7d} {values[name]:14,.2f}")
    total = sum(values.values(), Decimal(0))
    print(f"{'total':28} {sum(counts.values()):7d} {total:14,.2f}")
