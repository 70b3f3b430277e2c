"""Costing: documents/s to link, price and accrue a year; pathway and accrual accuracy on a world.

Over a ``pars synth`` world (``--world DIR``; one is generated when absent,
with plain letters) it reads the coded documents (truth/documents.jsonl, or a
``pars code --jsonl`` output given with ``--coded``), then reports:

- link accuracy: referral-to-letter links right, against truth/pathways.csv
  (issue #6 target: at least 98%);
- accrual accuracy: accruals at ``--cut-off`` for the referrals open then,
  against the SUS tariff_price billed for those pathways after it (target:
  within 10%), with the shipped table and with what ``pars cost`` uses by
  default (calibrated on 11+ months of history);
- the rate: the world's documents replicated (new NHS numbers and ids) to
  ``--documents`` (default 375,000, a Dacorum-scale year) and costed end to
  end (link, price, accrue, clock). Figures only: nothing passes or fails.
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

DACORUM_DOCUMENTS_PER_YEAR = 375_000


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--world", help="a pars synth output folder (default: generate a small one)"
    )
    parser.add_argument(
        "--coded", help="coded documents JSONL to use instead of truth/documents.jsonl"
    )
    parser.add_argument(
        "--cut-off",
        type=date.fromisoformat,
        help="accrual cut-off (default: 18 months before the last letter)",
    )
    parser.add_argument(
        "--documents",
        type=int,
        default=DACORUM_DOCUMENTS_PER_YEAR,
        help="documents to cost for the rate (default 375000; 0 to skip)",
    )
    parser.add_argument(
        "--use-sus", action="store_true", help="let SUS activity up to the cut-off stop accruals"
    )
    parser.add_argument(
        "--calibrate",
        action="store_true",
        help="also measure accruals with assumptions calibrated on the history before the cut-off",
    )


def _world(args: argparse.Namespace) -> Path:
    if args.world:
        return Path(args.world)
    from pars.commands import synth

    folder = Path(tempfile.mkdtemp(prefix="pars-bench-cost-")) / "world"
    parser = argparse.ArgumentParser()
    synth.register(parser.add_subparsers())
    synth.run(
        parser.parse_args(
            [
                "synth",
                str(folder),
                "--practices",
                "2",
                "--patients",
                "10000",
                "--months",
                "36",
                "--plain-letters",
                "--quiet",
            ]
        )
    )
    return folder


def _records(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def _replicate(records: list[dict], target: int) -> list[dict]:
    """Copies of the world with fresh identities, so linking does real work at scale."""
    out: list[dict] = []
    copy = 0
    while len(out) < target:
        for record in records:
            if len(out) >= target:
                break
            clone = dict(record)
            clone["document_id"] = f"{record.get('document_id')}-{copy}"
            if record.get("nhs_number"):
                clone["nhs_number"] = f"{record['nhs_number']}#{copy}"
            if record.get("patient_name"):
                clone["patient_name"] = f"{record['patient_name']} X{copy}"
            out.append(clone)
        copy += 1
    return out


def run(args: argparse.Namespace) -> dict[str, Any]:
    from pars.costing import (
        assumptions_for,
        calibrate,
        cost_letters,
        letters_from_coded,
        load_assumptions,
    )
    from pars.costing.accruals import SusActivity
    from pars.costing.evaluation import (
        accrual_accuracy,
        link_accuracy,
        read_sus_prices,
        read_truth_pathways,
    )

    world = _world(args)
    records = _records(Path(args.coded) if args.coded else world / "truth" / "documents.jsonl")
    letters = letters_from_coded(records)
    truth = read_truth_pathways(world / "truth" / "pathways.csv")
    last = max(lt.date for lt in letters)
    report: dict[str, Any] = {
        "world": str(world),
        "documents": len(records),
        "coded_from": args.coded or "truth",
    }

    started = time.perf_counter()
    full = cost_letters(letters, as_of=last)
    score = link_accuracy(full.pathways, truth)
    report["links"] = {
        "truth_referral_letter_links": score.truth_links,
        "right": score.right,
        "recall": round(score.recall, 4),
        "precision": round(score.precision, 4),
        "letters_grouped_exactly": round(score.letters_grouped_right / max(1, score.letters), 4),
        "seconds": round(time.perf_counter() - started, 2),
    }

    # 18 months each side by default: a pathway open at the cut-off can take more than a year to
    # finish billing, and a shorter tail after it reads as over-accrual (docs/costing.md)
    cut_off = args.cut_off or (last - timedelta(days=548))
    sus_prices = read_sus_prices(world / "sus")
    sus = None
    if args.use_sus:
        from pars.costing.sus_input import read_sus_activity

        activity, _problems = read_sus_activity(
            str(world / "sus" / "sus_outpatients.csv"), str(world / "sus" / "sus_admissions.csv")
        )
        sus = [a for a in activity if a.date <= cut_off]
        assert all(isinstance(a, SusActivity) for a in sus)
    referral_dates = {lt.document_id: lt.date for lt in letters if lt.is_referral}
    tables = {"shipped": load_assumptions()}
    history = cost_letters(letters, as_of=cut_off)
    # what `pars cost` does by default: calibrated with CALIBRATE_MIN_MONTHS of history, else shipped
    tables["default"] = assumptions_for(history.pathways, cut_off, tables["shipped"])
    if args.calibrate:
        tables["calibrated"] = calibrate(history.pathways, cut_off, tables["shipped"])
    report["accruals"] = {}
    for name, table in tables.items():
        at_cut = cost_letters(letters, as_of=cut_off, sus=sus, assumptions=table)
        accuracy = accrual_accuracy(at_cut.accruals, truth, sus_prices, cut_off, referral_dates)
        report["accruals"][name] = {
            "cut_off": cut_off.isoformat(),
            "open_referrals_accrued": accuracy.open_referrals,
            "accrued_gbp": float(accuracy.accrued),
            "billed_after_cut_off_gbp": float(accuracy.billed_after),
            "ratio": None if accuracy.ratio is None else round(accuracy.ratio, 4),
            # over pathways the world closed before it ended (billing complete)
            "ratio_closed_pathways": None
            if accuracy.ratio_closed is None
            else round(accuracy.ratio_closed, 4),
            "referrals_billed_after_but_not_accrued": accuracy.missed_pathways,
            "their_billed_gbp": float(accuracy.missed_billed),
        }

    if args.documents:
        scaled = _replicate(records, args.documents)
        started = time.perf_counter()
        cpu_started = time.process_time()
        scaled_letters = letters_from_coded(scaled)
        result = cost_letters(scaled_letters, as_of=last)
        seconds = time.perf_counter() - started
        cpu_seconds = time.process_time() - cpu_started
        report["rate"] = {
            "documents": len(scaled),
            "seconds": round(seconds, 2),
            "documents_per_second": round(len(scaled) / seconds),
            "events": len(result.events),
            "accruals": len(result.accruals),
            "pathways": len(result.pathways),
            "dacorum_year_seconds": round(DACORUM_DOCUMENTS_PER_YEAR / (len(scaled) / seconds), 1),
            # CPU time of this process: less distorted than wall time on a shared machine
            "cpu_seconds": round(cpu_seconds, 2),
            "documents_per_cpu_second": round(len(scaled) / cpu_seconds),
            "load_average_1min": round(os.getloadavg()[0], 2),
        }
    return report
