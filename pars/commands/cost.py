"""``pars cost``: price activity from coded documents, accrue open referrals, compare with budgets.

Works over a folder of documents (coded as ``pars code`` would) or a JSONL
file of coded documents; "over the database" comes when the documents app
stores coded letters (then this command will read them when neither
``--documents`` nor ``--coded`` is given).
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

from pars.cli import UserError


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "cost",
        help="price activity on the tariff, accrue open referrals, compare with budgets and contracts",
        description="Derive activity events from coded documents, link them into pathways, price "
        "them on the NHS Payment Scheme tariff (formats.md §5) and add accruals for referrals still "
        "open at --as-of. Summaries: --budgets, --contracts, --rtt, --pathways.",
    )
    source = parser.add_mutually_exclusive_group()
    source.add_argument(
        "--documents",
        metavar="DIR",
        help="code the documents in DIR (recursively); default: the coded documents in the database",
    )
    source.add_argument(
        "--coded",
        metavar="FILE",
        help="coded documents as JSONL (pars code --jsonl); '-' for stdin",
    )
    parser.add_argument(
        "--as-of", metavar="DATE", help="as-at date for accruals and waits (default: today)"
    )
    parser.add_argument(
        "--registry", metavar="DIR", help="folder with budgets.csv and contracts.csv"
    )
    parser.add_argument(
        "--outpatients",
        metavar="FILE",
        help="SUS outpatient extract: billed activity stops accruals",
    )
    parser.add_argument("--admissions", metavar="FILE", help="SUS admitted patient care extract")
    parser.add_argument(
        "--assumptions",
        metavar="FILE",
        help="accrual assumptions CSV (default: PARS_DATA_DIR's, else shipped)",
    )
    parser.add_argument(
        "--calibrate-accruals",
        metavar="FILE",
        help="write assumptions re-estimated from these documents' completed pathways to FILE",
    )
    calibration = parser.add_mutually_exclusive_group()
    calibration.add_argument(
        "--calibrate",
        action="store_true",
        help="accrue with assumptions re-estimated from these documents' history before --as-of, "
        "however short (default: only with --calibrate-min-months of history and no --assumptions)",
    )
    calibration.add_argument(
        "--no-calibrate",
        action="store_true",
        help="accrue with the assumptions table as it is (shipped, PARS_DATA_DIR's or --assumptions)",
    )
    parser.add_argument(
        "--calibrate-min-months",
        type=float,
        default=11.0,  # pars.costing.pipeline.CALIBRATE_MIN_MONTHS (a test keeps them equal)
        metavar="N",
        help="months of letters answering referrals before --as-of needed to calibrate by default "
        "(default 11)",
    )
    parser.add_argument("--jobs", type=int, default=1, help="coding processes for --documents")
    output = parser.add_mutually_exclusive_group()
    output.add_argument(
        "--jsonl", action="store_true", help="one JSON object per line on standard output"
    )
    output.add_argument("--csv", metavar="FILE", help="write CSV to FILE")
    view = parser.add_mutually_exclusive_group()
    view.add_argument(
        "--budgets",
        action="store_true",
        help="per practice and point of delivery: budget, actual, accruals, forecast",
    )
    view.add_argument(
        "--contracts",
        action="store_true",
        help="per provider and point of delivery: plan, actual, forecast",
    )
    view.add_argument(
        "--rtt", action="store_true", help="18-week clocks per pathway, with a summary"
    )
    view.add_argument(
        "--pathways", action="store_true", help="each pathway's letters and why they were linked"
    )
    tariff = parser.add_argument_group("loading a tariff")
    tariff.add_argument(
        "--import-tariff",
        metavar="XLSX",
        help="import an NHS Payment Scheme Annex A workbook into PARS_DATA_DIR/tariff",
    )
    tariff.add_argument("--year", metavar="YYYY/YY", help="financial year of --import-tariff")
    parser.set_defaults(handler=run)


def _as_of(text: str | None) -> date:
    if not text:
        return date.today()
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise UserError(f"--as-of {text!r} is not a date like 2025-09-30") from exc


def _coded_records(args: argparse.Namespace):
    if args.coded:
        handle = sys.stdin if args.coded == "-" else None
        if handle is None:
            path = Path(args.coded)
            if not path.is_file():
                raise UserError(f"--coded {args.coded}: no such file")
            handle = path.open(encoding="utf-8")
        with handle:
            for number, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                try:
                    record = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise UserError(f"--coded line {number} is not JSON ({exc.msg})") from exc
                if not isinstance(record, dict):
                    raise UserError(f"--coded line {number} is not a JSON object")
                yield record
        return
    if args.documents:
        folder = Path(args.documents)
        if not folder.exists():
            raise UserError(f"--documents {args.documents}: no such folder")
        try:
            from pars.coding.engine import code_paths
        except ImportError as exc:  # the coding engine is another engineer's work in progress
            raise UserError(f"the coding engine is not available ({exc}); use --coded") from exc
        yield from code_paths([folder], jobs=max(1, args.jobs))
        return
    from pars import setup_django

    setup_django()
    from django.db import DatabaseError

    from pars.documents.export import iter_coded_documents

    try:
        yield from iter_coded_documents()
    except DatabaseError as exc:
        raise UserError(
            f"cannot read coded documents from the database ({exc}); run `pars init`, "
            "or give --documents DIR or --coded FILE"
        ) from exc


def _sus(args: argparse.Namespace):
    if not args.outpatients and not args.admissions:
        return None
    from pars.costing.sus_input import read_sus_activity

    try:
        records, problems = read_sus_activity(args.outpatients, args.admissions)
    except (OSError, ValueError) as exc:
        raise UserError(str(exc)) from exc
    for problem in problems[:5]:
        print(problem, file=sys.stderr)
    if len(problems) > 5:
        print(f"... and {len(problems) - 5} more SUS rows set aside", file=sys.stderr)
    return records


def _emit(records: list[dict], args: argparse.Namespace, columns: list[str] | None = None) -> None:
    if args.csv:
        columns = columns or (list(records[0]) if records else [])
        with open(args.csv, "w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(
                handle, fieldnames=columns, extrasaction="ignore", lineterminator="\n"
            )
            writer.writeheader()
            writer.writerows(records)
        print(f"wrote {len(records)} rows to {args.csv}", file=sys.stderr)
        return
    for record in records:
        print(json.dumps(record, default=_json_default))


def _json_default(value):
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(type(value).__name__)


def run(args: argparse.Namespace) -> int:
    if args.import_tariff:
        return _import_tariff(args)
    from pars.costing import (
        assumptions_for,
        budget_lines,
        calibrate,
        contract_lines,
        cost_letters,
        letters_from_coded,
        load_assumptions,
    )
    from pars.costing.assumptions import AssumptionTable, write_table

    as_of = _as_of(args.as_of)
    try:
        assumptions = load_assumptions(Path(args.assumptions) if args.assumptions else None)
    except (OSError, ValueError) as exc:
        raise UserError(f"accrual assumptions: {exc}") from exc
    plan = None
    if args.budgets or args.contracts:
        name = "budgets.csv" if args.budgets else "contracts.csv"
        plan = Path(args.registry) / name if args.registry else None
        if plan is not None and not plan.is_file():
            raise UserError(f"--registry {args.registry}: no {name}")
    skipped: dict[str, int] = {}
    letters = letters_from_coded(_coded_records(args), skipped)
    sus = _sus(args)
    if args.calibrate_accruals:
        from pars.pathways import link_pathways

        pathways = link_pathways([lt for lt in letters if lt.date <= as_of])
        table = calibrate(pathways, as_of, assumptions)
        write_table(table, Path(args.calibrate_accruals))
        print(f"wrote calibrated accrual assumptions to {args.calibrate_accruals}", file=sys.stderr)
        return 0
    choose = None
    if args.calibrate or not (args.no_calibrate or args.assumptions):
        base = assumptions

        def choose(history: list) -> AssumptionTable:
            """Calibrate on the linked history (``pars cost``'s default), and say what was used."""
            if args.calibrate:
                table = calibrate(history, as_of, base)
            else:
                table = assumptions_for(history, as_of, base, min_months=args.calibrate_min_months)
            rows = sorted(t for t, row in table.rows.items() if row.status == "calibrated")
            print(
                f"accrual assumptions: {len(rows)} rows calibrated on the history to {as_of} "
                f"({', '.join(rows)}); others from {base.origin}"
                if rows
                else f"accrual assumptions: {base.origin} (not calibrated: under "
                f"{args.calibrate_min_months:g} months since the first reply to a referral, or too few pathways)",
                file=sys.stderr,
            )
            return table

    result = cost_letters(
        letters, as_of=as_of, sus=sus, assumptions=assumptions, choose_assumptions=choose
    )
    if skipped:
        print(
            "skipped: " + ", ".join(f"{n} {why}" for why, n in sorted(skipped.items())),
            file=sys.stderr,
        )

    if args.budgets or args.contracts:
        try:
            if args.budgets:
                lines = budget_lines(plan, result.events, result.accruals, as_of)
            else:
                lines = contract_lines(plan, result.events, result.accruals, as_of)
        except ValueError as exc:
            raise UserError(str(exc)) from exc
        key = "practice_code" if args.budgets else "provider_code"
        records = [line.as_record(key) for line in lines]
        if args.jsonl or args.csv:
            _emit(records, args)
        else:
            _print_plan_table(records, key)
        return 0
    if args.rtt:
        records = [
            {
                "pathway": c.pathway_id,
                "start": c.start.isoformat(),
                "start_basis": c.start_basis,
                "stop": c.stop.isoformat() if c.stop else None,
                "stop_code": c.stop_code,
                "stop_document": c.stop_document,
                "open": c.open,
                "weeks": c.weeks,
                "breach_18_weeks": c.breached,
            }
            for c in result.clocks
        ]
        if args.jsonl or args.csv:
            _emit(records, args)
        else:
            _print_rtt(result)
        return 0
    if args.pathways:
        records = [
            {
                "pathway": p.pathway_id,
                "provider_initiated": p.provider_initiated,
                "provider": p.provider_trust,
                "specialty_tfc": p.specialty_tfc,
                "start": p.start_date.isoformat() if p.start_date else None,
                "letters": [
                    {
                        "document": link.letter.document_id,
                        "date": link.letter.date.isoformat(),
                        "reason": link.reason,
                    }
                    for link in p.links
                ],
            }
            for p in result.pathways
        ]
        if args.csv:
            flat = [
                {
                    "pathway": r["pathway"],
                    "document": x["document"],
                    "date": x["date"],
                    "reason": x["reason"],
                }
                for r in records
                for x in r["letters"]
            ]
            _emit(flat, args)
        else:
            _emit(records, args)
        return 0
    records = result.records()
    if args.jsonl or args.csv:
        _emit(records, args, _COLUMNS)
    else:
        _print_summary(result)
    return 0


_COLUMNS = [
    "event",
    "date",
    "financial_year",
    "document",
    "pathway",
    "nhs_number",
    "practice_code",
    "clinician",
    "provider_code",
    "specialty_tfc",
    "hrg_code",
    "price_gbp",
    "price_source",
    "mff",
    "accrual",
    "detail",
    "link_reason",
]


def _print_summary(result) -> None:
    from collections import Counter

    counts: Counter = Counter()
    values: dict[str, Decimal] = {}
    for event in result.events + result.accruals:
        counts[event.event] += 1
        values[event.event] = values.get(event.event, Decimal(0)) + event.price_gbp
    print(f"as at {result.as_of}: {len(result.pathways)} pathways")
    print(f"{'event':<24}{'count':>8}{'value £':>16}")
    for event, count in sorted(counts.items()):
        print(f"{event:<24}{count:>8}{values[event]:>16,.2f}")
    print(
        "(use --jsonl or --csv FILE for the events; --budgets, --contracts, --rtt, --pathways for summaries)"
    )


def _print_rtt(result) -> None:
    from pars.pathways import summarise

    summary = summarise(result.clocks)
    share = summary.share_open_within_18_weeks
    print(
        f"as at {result.as_of}: {summary.open} open clocks, {summary.open_breaches} waiting over 18 weeks"
    )
    print(
        f"share of open pathways within 18 weeks: {share:.1%}"
        if share is not None
        else "no open pathways"
    )
    done = summary.share_completed_within_18_weeks
    if done is not None:
        print(f"completed: {summary.completed}, within 18 weeks: {done:.1%}")
    if summary.transferred:
        print(f"transferred to another provider: {summary.transferred}")
    if summary.nullified:
        print(f"nullified by a missed first appointment: {summary.nullified}")
    if summary.median_open_weeks is not None:
        print(f"median wait of open pathways: {summary.median_open_weeks} weeks")


def _print_plan_table(records: list[dict], key: str) -> None:
    print(
        f"{key:<14}{'year':<9}{'point of delivery':<22}{'plan £':>14}{'actual £':>14}{'accrued £':>14}{'forecast £':>14}{'variance £':>14}"
    )
    for r in records:
        plan = "" if r["planned_value"] is None else f"{r['planned_value']:,.0f}"
        var = "" if r["variance"] is None else f"{r['variance']:,.0f}"
        print(
            f"{r[key]:<14}{r['financial_year']:<9}{r['point_of_delivery']:<22}{plan:>14}"
            f"{r['actual_value']:>14,.0f}{r['accrued_value']:>14,.0f}{r['forecast_value']:>14,.0f}{var:>14}"
        )


def _import_tariff(args: argparse.Namespace) -> int:
    from pars.config import data_dir
    from pars.tariff.workbook import WorkbookError, import_workbook

    if not args.year:
        raise UserError("--import-tariff needs --year, e.g. --year 2027/28")
    path = Path(args.import_tariff)
    if not path.is_file():
        raise UserError(f"--import-tariff {args.import_tariff}: no such file")
    try:
        target, count = import_workbook(path, args.year, data_dir() / "tariff")
    except (WorkbookError, ValueError) as exc:
        raise UserError(str(exc)) from exc
    print(f"imported {count} tariff rows into {target}")
    return 0
