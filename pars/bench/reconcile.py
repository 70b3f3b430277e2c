"""Reconciliation: SUS rows/s read and reconciled for a year of a large group; accuracy on a world.

Two parts, figures only (nothing passes or fails):

- rate: a generated year of SUS for ``--patients`` (default 150,000: about
  300,000 outpatient rows and 40,000 spells) with ``--nhs-noise`` of the NHS
  numbers blanked or mistyped, plus the practice's coded letters and patient
  lists (pars.reconcile.fakeworld, written by a child process so its memory
  is not counted). It times reading and validating both extracts, linkage
  (DuckDB join + Splink) and the rules, and reports rows/s, CPU seconds and
  the process's peak memory. ``--database`` also times ``pars import sus``
  of the same files into a fresh SQLite database.
- accuracy (with ``--world DIR``, a ``pars synth`` output): precision and
  recall per finding type against truth/findings.jsonl, reconciling against
  truth/documents.jsonl (isolates reconciliation) and, with ``--coded FILE``,
  against another coder's output (e.g. ``pars code --jsonl``).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

_CREATED: list[Path] = []


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--patients", type=int, default=150_000, help="group size for the rate (0: skip)"
    )
    parser.add_argument(
        "--nhs-noise", type=float, default=0.05, help="share of SUS NHS numbers spoiled"
    )
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--database", action="store_true", help="also time the database import")
    parser.add_argument("--world", help="a pars synth output folder: measure precision/recall")
    parser.add_argument("--coded", help="coded documents JSONL to measure as well (with --world)")


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _generate(folder: Path, patients: int, noise: float, seed: int) -> dict:
    code = (
        "import json, sys\n"
        "from pars.reconcile.fakeworld import make_world\n"
        f"w = make_world({str(folder)!r}, patients={patients}, nhs_noise={noise}, seed={seed}, "
        "spell_rate=0.33)\n"
        "print(json.dumps(w.counts))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def _rate(args: argparse.Namespace) -> dict[str, Any]:
    from pars.reconcile import ReconcileInput, reconcile
    from pars.reconcile.documents import load_coded_jsonl
    from pars.reconcile.evaluate import score
    from pars.reconcile.patients import load_patient_lists
    from pars.sus.reader import read_sus_file

    folder = Path(tempfile.mkdtemp(prefix="pars-bench-reconcile-"))
    _CREATED.append(folder)
    counts = _generate(folder, args.patients, args.nhs_noise, args.seed)
    baseline = _peak_mib()
    wall0, cpu0 = time.perf_counter(), time.process_time()
    outpatients, op_report = read_sus_file(folder / "sus_outpatients.csv", "outpatient")
    admissions, apc_report = read_sus_file(folder / "sus_admissions.csv", "admission")
    wall1, cpu1 = time.perf_counter(), time.process_time()
    letters = load_coded_jsonl(folder / "coded.jsonl")
    patients = load_patient_lists(folder / "patients.csv")
    wall2, cpu2 = time.perf_counter(), time.process_time()
    result = reconcile(ReconcileInput(outpatients, admissions, letters, patients))
    wall3, cpu3 = time.perf_counter(), time.process_time()
    rows = len(outpatients) + len(admissions)
    truth = [json.loads(line) for line in (folder / "findings.jsonl").read_text().splitlines()]
    scores = score([f.to_json() for f in result.findings], truth)
    figures: dict[str, Any] = {
        "patients": args.patients,
        "nhs_noise": args.nhs_noise,
        "outpatient_rows": len(outpatients),
        "spells": len(admissions),
        "letters": counts["letters"],
        "rejected_rows": op_report.rejected + apc_report.rejected,
        "read_s": round(wall1 - wall0, 2),
        "read_cpu_s": round(cpu1 - cpu0, 2),
        "read_rows_per_s": round(rows / max(wall1 - wall0, 1e-9)),
        "load_letters_s": round(wall2 - wall1, 2),
        "reconcile_s": round(wall3 - wall2, 2),
        "reconcile_cpu_s": round(cpu3 - cpu2, 2),
        "linkage_s": round(result.timings["linkage_s"], 2),
        "total_s": round(wall3 - wall0, 2),
        "total_cpu_s": round(cpu3 - cpu0, 2),
        "rows_per_s_end_to_end": round(rows / max(wall3 - wall0, 1e-9)),
        "peak_memory_mib": round(_peak_mib(), 1),
        "memory_before_read_mib": round(baseline, 1),
        "findings": len(result.findings),
        "links": result.links.stats,
        "planted_findings_precision_recall": {
            k: f"{s.precision:.4f} / {s.recall:.4f}" for k, s in scores.items()
        },
    }
    if args.database:
        figures["database_import"] = _database(folder, rows)
    return figures


def _database(folder: Path, rows: int) -> dict[str, Any]:
    """``pars import sus`` into a fresh SQLite database, in a child process (its own settings)."""
    data = Path(tempfile.mkdtemp(prefix="pars-bench-db-"))
    _CREATED.append(data)
    env = {**os.environ, "PARS_DATA_DIR": str(data)}
    env.pop("PARS_DATABASE_URL", None)
    subprocess.run([sys.executable, "-m", "pars", "init"], check=True, env=env, capture_output=True)
    started = time.perf_counter()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pars",
            "import",
            "sus",
            "--outpatients",
            str(folder / "sus_outpatients.csv"),
            "--admissions",
            str(folder / "sus_admissions.csv"),
            "--by",
            "bench",
            "--no-progress",
        ],
        check=True,
        env=env,
        capture_output=True,
    )
    seconds = time.perf_counter() - started
    return {"seconds": round(seconds, 2), "rows_per_s": round(rows / seconds)}


def _accuracy(world: Path, coded: str | None) -> dict[str, Any]:
    from pars.reconcile import ReconcileInput, reconcile
    from pars.reconcile.documents import iter_jsonl, load_coded_jsonl
    from pars.reconcile.evaluate import score
    from pars.reconcile.patients import load_patient_lists
    from pars.sus.reader import read_sus_file

    outpatients, _ = read_sus_file(world / "sus" / "sus_outpatients.csv", "outpatient")
    admissions, _ = read_sus_file(world / "sus" / "sus_admissions.csv", "admission")
    patients = load_patient_lists(world / "truth" / "patients.csv")
    truth = list(iter_jsonl(world / "truth" / "findings.jsonl"))
    inputs = {"truth_documents": world / "truth" / "documents.jsonl"}
    if coded:
        inputs["coded"] = Path(coded)
    out: dict[str, Any] = {}
    for label, path in inputs.items():
        letters = load_coded_jsonl(path)
        result = reconcile(ReconcileInput(outpatients, admissions, letters, patients))
        scores = score([f.to_json() for f in result.findings], truth)
        out[label] = {
            k: {
                "truth": s.true_positives + s.false_negatives,
                "found": s.true_positives + s.false_positives,
                "precision": round(s.precision, 4),
                "recall": round(s.recall, 4),
            }
            for k, s in scores.items()
        }
    return out


def run(args: argparse.Namespace) -> dict[str, Any]:
    figures: dict[str, Any] = {}
    if args.patients:
        try:
            figures["rate"] = _rate(args)
        finally:  # the generated world and database are large: never leave them behind
            for folder in _CREATED:
                shutil.rmtree(folder, ignore_errors=True)
    if args.world:
        figures["accuracy"] = _accuracy(Path(args.world), args.coded)
    return figures
