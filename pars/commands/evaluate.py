"""``pars evaluate``: code documents with known answers and report accuracy and calibration."""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "evaluate",
        help="measure coding accuracy and confidence calibration against a truth file",
        description="Code the documents in DOCS named by TRUTH.jsonl (as 'pars code' would) and "
        "print per-field accuracy, top confusions, the calibration of 'confidence' and the "
        "accuracy and coverage of auto-accepted fields; also primary diagnosis (ICD-10, 3 "
        "characters), primary procedure (OPCS-4, 3 characters) and NHS number.",
    )
    parser.add_argument("docs", type=Path, metavar="DOCS", help="folder of documents")
    parser.add_argument(
        "truth", type=Path, metavar="TRUTH.jsonl", help="coded truth, one JSON object per line"
    )
    parser.add_argument("--families", metavar="A,B", help="only documents of these style families")
    parser.add_argument("--limit", type=int, help="evaluate only the first N documents")
    parser.add_argument(
        "--model",
        type=Path,
        metavar="FILE",
        help="classifier model to evaluate (default: the one PARS would use)",
    )
    parser.add_argument(
        "--classify-only",
        action="store_true",
        help="read and classify without the coding engine (measures the classifiers alone)",
    )
    parser.add_argument(
        "--speed",
        action="store_true",
        help="also time the classifiers alone on up to 1,000 of the letters (CPU letters/s)",
    )
    parser.add_argument("--json", action="store_true", help="print the report as one JSON object")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from pars.cli import UserError
    from pars.coding.classify.dataset import TruthError
    from pars.coding.evaluate import evaluate, format_report, local_coder

    if args.limit is not None and args.limit < 1:
        raise UserError("--limit must be a positive number")
    families = args.families.split(",") if args.families else None
    if args.model is not None:
        if not args.model.is_file():
            raise UserError(f"model file {args.model} does not exist")
        os.environ["PARS_CLASSIFIER_MODEL"] = str(args.model.resolve())
    try:
        coder = ("classify-only pipeline", local_coder) if args.classify_only else None
        report = evaluate(
            args.docs,
            args.truth,
            families=families,
            limit=args.limit,
            coder=coder,
            speed=args.speed,
        )
    except TruthError as exc:
        raise UserError(str(exc)) from exc
    if args.json:
        print(json.dumps(report.as_dict(), indent=None, sort_keys=True))
    else:
        print(format_report(report))
    return 0
