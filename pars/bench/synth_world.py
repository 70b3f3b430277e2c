"""Synthetic world: simulation and writing rates of pars synth (patients/s, documents/s, documents per patient)."""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from datetime import date
from pathlib import Path


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--patients", type=int, default=5000, help="patients (default 5000)")
    parser.add_argument("--practices", type=int, default=2, help="practices (default 2)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument(
        "--jobs", type=int, default=min(2, os.cpu_count() or 1), help="render processes"
    )
    parser.add_argument("--formats", default="txt,pdf,hl7v2,fhir", help="formats to write")
    parser.add_argument(
        "--plain-letters", action="store_true", help="bare text letters (no styles)"
    )


def run(args: argparse.Namespace) -> dict:
    from pars.synth.config import WorldConfig
    from pars.synth.pricing import TariffPricer
    from pars.synth.render import load_renderer, plain_renderer
    from pars.synth.world import build_world, write_world

    config = WorldConfig(
        practices=args.practices,
        patients=args.patients,
        seed=args.seed,
        end_date=date(2026, 10, 31),
        formats=tuple(f.strip() for f in args.formats.split(",") if f.strip()),
    )
    renderer = plain_renderer if args.plain_letters else (load_renderer() or plain_renderer)
    cpu0, wall0 = time.process_time(), time.perf_counter()
    world = build_world(config, TariffPricer())
    simulate_cpu, simulate_wall = time.process_time() - cpu0, time.perf_counter() - wall0
    children0 = os.times()
    with tempfile.TemporaryDirectory(prefix="pars-bench-synth-") as folder:
        wall1 = time.perf_counter()
        write_world(world, Path(folder) / "world", renderer, jobs=args.jobs)
        write_wall = time.perf_counter() - wall1
    children1 = os.times()
    write_cpu = (
        children1.user + children1.system + children1.children_user + children1.children_system
    ) - (children0.user + children0.system + children0.children_user + children0.children_system)
    documents = len(world.documents)
    return {
        "patients": args.patients,
        "documents": documents,
        "documents_per_patient_year": round(documents / args.patients, 2),
        "simulate_patients_per_cpu_s": round(args.patients / max(simulate_cpu, 1e-9), 1),
        "simulate_wall_s": round(simulate_wall, 2),
        "write_documents_per_wall_s": round(documents / max(write_wall, 1e-9), 1),
        "write_documents_per_cpu_s": round(documents / max(write_cpu, 1e-9), 1),
        "renderer": "plain" if renderer is plain_renderer else "letters",
        "jobs": args.jobs,
        "load_average_1min": round(os.getloadavg()[0], 2),
    }
