"""Letter rendering throughput: documents/s per file format in one process, and a Dacorum-year estimate.

Renders sample document events (``pars.synth.letters.samples``) in each
format and reports documents per second (wall clock and per CPU-second, best
of ``--repeats`` runs, since the machine is shared), mean bytes per document,
and how long a Dacorum year (375,000 documents) would take on one process at
the world's format weights (all five formats). Figures only: nothing here
passes or fails.
"""

from __future__ import annotations

import argparse
import os
import random
import time
from typing import Any

DACORUM_DOCUMENTS_PER_YEAR = 375_000
DEFAULT_COUNTS = {
    "txt": 5000,
    "hl7v2": 2000,
    "fhir": 2000,
    "pdf": 300,
    "docx": 200,
    "html": 2000,
    "rtf": 2000,
}
# used when the world's own format weights (pars/synth/config.py) cannot be read
FALLBACK_MIX = {"txt": 0.45, "pdf": 0.25, "docx": 0.15, "hl7v2": 0.08, "fhir": 0.07}


def format_mix() -> dict[str, float]:
    """The world's format weights over all five formats, normalised to shares."""
    try:
        from pars.synth.config import WorldConfig

        weights = dict(WorldConfig().format_weights)
    except (ImportError, AttributeError, TypeError):
        weights = dict(FALLBACK_MIX)
    total = sum(weights.values()) or 1.0
    return {f: w / total for f, w in weights.items() if f in DEFAULT_COUNTS}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--formats",
        default=",".join(DEFAULT_COUNTS),
        help="comma-separated, of txt,pdf,docx,hl7v2,fhir,html,rtf",
    )
    parser.add_argument(
        "--scale",
        type=float,
        default=1.0,
        help="multiply the per-format document counts (default 1)",
    )
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument(
        "--repeats",
        type=int,
        default=3,
        help="time each format this many times and keep the best (default 3; the machine is shared)",
    )


def run(args: argparse.Namespace) -> dict[str, Any]:
    from pars.synth.letters import render_document
    from pars.synth.letters.samples import sample_events

    formats = [f.strip() for f in args.formats.split(",") if f.strip()]
    unknown = set(formats) - set(DEFAULT_COUNTS)
    if unknown:
        raise ValueError(f"unknown formats: {', '.join(sorted(unknown))}")
    figures: dict[str, Any] = {"load_average_1min": round(os.getloadavg()[0], 2), "formats": {}}
    for fmt in formats:
        n = max(10, int(DEFAULT_COUNTS[fmt] * args.scale))
        events = sample_events(n, args.seed, file_format=fmt)
        render_document(events[0], random.Random(0))  # warm up: imports and caches are not the rate
        elapsed = cpu = float("inf")
        for _ in range(max(1, args.repeats)):
            rngs = [random.Random(f"{args.seed}:{e.document_id}") for e in events]
            started, cpu_started = time.perf_counter(), time.process_time()
            total_bytes = 0
            for event, rng in zip(events, rngs, strict=True):
                total_bytes += len(render_document(event, rng).content)
            elapsed = min(elapsed, time.perf_counter() - started)
            cpu = min(cpu, max(time.process_time() - cpu_started, 1e-9))
        figures["formats"][fmt] = {
            "documents": n,
            "seconds": round(elapsed, 3),
            "documents_per_s": round(n / elapsed, 1),
            # per CPU-second: the rate on an idle core, robust to other work on the machine
            "documents_per_cpu_s": round(n / cpu, 1),
            "mean_bytes": round(total_bytes / n),
        }
    rates = {f: v["documents_per_cpu_s"] for f, v in figures["formats"].items()}
    mix = format_mix()
    if set(mix) <= set(rates):
        figures["format_mix"] = {f: round(share, 3) for f, share in mix.items()}
        seconds_per_doc = sum(share / rates[f] for f, share in mix.items())
        figures["dacorum_year_cpu_minutes_one_process"] = round(
            DACORUM_DOCUMENTS_PER_YEAR * seconds_per_doc / 60, 1
        )
    if "txt" in rates:
        figures["dacorum_year_txt_only_cpu_minutes_one_process"] = round(
            DACORUM_DOCUMENTS_PER_YEAR / rates["txt"] / 60, 1
        )
    return figures
