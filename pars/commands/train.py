"""``pars train``: build the categorical classifier model from coded documents."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "train",
        help="train the document classifiers from coded documents",
        description="Train the classifiers for document type, direction, specialty, urgency, "
        "service type and outcome from DOCS and TRUTH.jsonl (formats.md §1 objects with a 'file' "
        "key relative to DOCS or its parent; the synth layout OUTDIR/truth/documents.jsonl works). "
        "Calibrates confidences on held-out style families. Writes PARS_DATA_DIR/models/"
        "classifier.npz unless --out is given; a model there is preferred to the shipped one.",
    )
    parser.add_argument("docs", type=Path, metavar="DOCS", help="folder of documents")
    parser.add_argument(
        "truth", type=Path, metavar="TRUTH.jsonl", help="coded truth, one JSON object per line"
    )
    parser.add_argument("--out", type=Path, metavar="FILE", help="where to write the model (.npz)")
    parser.add_argument("--families", metavar="A,B", help="only documents of these style families")
    parser.add_argument(
        "--folds", type=int, default=5, help="cross-validation folds for calibration (default 5)"
    )
    parser.add_argument(
        "--target",
        type=float,
        default=0.98,
        help="accuracy the auto-accept thresholds must reach on held-out letters (default 0.98)",
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from pars.cli import UserError
    from pars.coding.classify.dataset import TruthError
    from pars.coding.classify.model import app_model_path
    from pars.coding.train import train

    if not 0.5 <= args.target <= 1.0:
        raise UserError("--target must be between 0.5 and 1")
    if args.folds < 2:
        raise UserError("--folds must be at least 2")
    out = args.out or app_model_path()
    families = args.families.split(",") if args.families else None
    try:
        report = train(
            args.docs,
            args.truth,
            out=out,
            families=families,
            folds=args.folds,
            target=args.target,
            progress=lambda message: print(message, file=sys.stderr, flush=True),
        )
    except TruthError as exc:
        raise UserError(str(exc)) from exc
    except ValueError as exc:
        raise UserError(str(exc)) from exc
    size_kib = report.model_path.stat().st_size / 1024
    print(f"model {report.version} written to {report.model_path} ({size_kib:.0f} KiB)")
    print(f"trained on {report.documents} documents; families: {', '.join(report.families) or '-'}")
    print("held-out (unseen style family) accuracy, model weight, auto-accept threshold:")
    for name, accuracy in report.held_out_accuracy.items():
        print(
            f"  {name:<16}{accuracy:>8.4f}  w={report.model_weights.get(name, 0):.2f}"
            f"  accept>={report.thresholds.get(name, 1.01):.3f}"
        )
    return 0
