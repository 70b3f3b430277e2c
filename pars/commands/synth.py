"""``pars synth``: write a synthetic NHS world (practices, letters, SUS extracts, ground truth)."""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from datetime import date
from pathlib import Path


def register(subparsers: argparse._SubParsersAction) -> None:
    from pars.synth.config import DEFAULT_FORMATS, FORMATS, SCALES

    parser = subparsers.add_parser(
        "synth",
        help="write a synthetic practice group: letters, SUS extracts and ground truth",
        description="Simulate a group of GP practices for a period (default: the 12 months "
        "ending at the end of the last complete month) and write OUTDIR/registry, "
        "OUTDIR/documents, OUTDIR/sus and OUTDIR/truth. The same seed gives byte-identical "
        "output. Synthetic data only: no real patient is described.",
    )
    parser.add_argument(
        "outdir", type=Path, help="folder to write (created; must be empty or absent)"
    )
    parser.add_argument(
        "--scale", choices=sorted(SCALES), help="named size (practices, patients, months)"
    )
    parser.add_argument("--practices", type=int, help="number of practices (default 5)")
    parser.add_argument("--patients", type=int, help="registered patients in all (default 40000)")
    parser.add_argument("--months", type=int, help="length of the period in months (default 12)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument(
        "--end-date", type=date.fromisoformat, help="last day of the period, YYYY-MM-DD"
    )
    parser.add_argument("--formats", default=",".join(DEFAULT_FORMATS),
                        help=f"file formats to mix, comma-separated, from {','.join(FORMATS)} "
                        f"(default {','.join(DEFAULT_FORMATS)}; docx is slow to write)")  # fmt: skip
    parser.add_argument("--families", help="letter style families to use, comma-separated")
    parser.add_argument("--sus-nhs-noise", type=float, default=0.0,
                        help="share of SUS NHS numbers blanked or mistyped (truth keeps the real ones)")  # fmt: skip
    parser.add_argument(
        "--unreferred-rate",
        type=float,
        help="share of patients' GP-type first attendances billed with no referral",
    )
    parser.add_argument(
        "--c2c-rate",
        type=float,
        help="consultant-to-consultant referrals per attended GP first appointment",
    )
    parser.add_argument(
        "--duplicate-rate", type=float, help="share of SUS outpatient rows sent twice"
    )
    parser.add_argument(
        "--dna-charged-rate", type=float, help="share of not-attended appointments charged"
    )
    parser.add_argument(
        "--mismatch-rate", type=float, help="share of spells billed with another procedure"
    )
    parser.add_argument(
        "--never-billed-rate", type=float, help="share of GP-referred pathways never billed"
    )
    parser.add_argument(
        "--broken-rate", type=float, help="share of documents written deliberately broken"
    )
    parser.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1),
                        help="processes rendering letters (default: up to 2)")  # fmt: skip
    parser.add_argument("--plain-letters", action="store_true",
                        help="write bare text letters (fast smoke worlds) instead of the styled renderer")  # fmt: skip
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from pars.cli import UserError
    from pars.synth.config import FORMATS, SCALES, WorldConfig
    from pars.synth.pricing import TariffPricer
    from pars.synth.render import load_renderer, plain_renderer
    from pars.synth.world import build_world, write_world

    formats = tuple(f.strip().lower() for f in args.formats.split(",") if f.strip())
    unknown = [f for f in formats if f not in FORMATS]
    if unknown or not formats:
        raise UserError(
            f"unknown format(s) {', '.join(unknown) or '(none)'}; choose from {', '.join(FORMATS)}"
        )
    families = (
        tuple(f.strip() for f in args.families.split(",") if f.strip()) if args.families else None
    )
    sizes = dict(SCALES[args.scale or "default"])
    for key in ("practices", "patients", "months"):
        if getattr(args, key) is not None:
            sizes[key] = getattr(args, key)
    if sizes.get("practices", 1) < 1 or sizes.get("patients", 1) < sizes.get("practices", 1) * 100:
        raise UserError("need at least one practice and 100 patients per practice")
    if not 1 <= sizes.get("months", 12) <= 60:
        raise UserError("--months must be between 1 and 60")
    for name in ("sus_nhs_noise", "unreferred_rate", "c2c_rate", "duplicate_rate", "dna_charged_rate",
                 "mismatch_rate", "never_billed_rate", "broken_rate"):  # fmt: skip
        value = getattr(args, name)
        if value is not None and not 0 <= value <= 1:
            raise UserError(f"--{name.replace('_', '-')} must be between 0 and 1")
    if args.outdir.exists() and any(args.outdir.iterdir()):
        raise UserError(f"{args.outdir} is not empty; choose a new folder")
    renderer = plain_renderer if args.plain_letters else load_renderer()
    if renderer is None:
        raise UserError(
            "the letter renderer (pars.synth.letters) is not installed; use --plain-letters"
        )
    if families and not args.plain_letters:
        from pars.synth.letters import style_families

        known = {family.name for family in style_families()}
        missing = [name for name in families if name not in known]
        if missing:
            raise UserError(
                f"unknown style families: {', '.join(missing)}; known: {', '.join(sorted(known))}"
            )
    config = WorldConfig(seed=args.seed, end_date=args.end_date, formats=formats, families=families,
                         sus_nhs_noise=args.sus_nhs_noise).with_overrides(
        **sizes,
        unreferred_rate=args.unreferred_rate,
        consultant_to_consultant_rate=args.c2c_rate,
        duplicate_rate=args.duplicate_rate,
        dna_charged_rate=args.dna_charged_rate,
        procedure_mismatch_rate=args.mismatch_rate,
        never_billed_rate=args.never_billed_rate,
        broken_rate=args.broken_rate,
    )  # fmt: skip
    started = time.perf_counter()
    world = build_world(config, TariffPricer())
    simulated = time.perf_counter() - started
    progress = None
    if not args.quiet:
        from tqdm import tqdm

        total = len(world.documents)

        def progress(items):
            return tqdm(items, total=total, unit="doc", file=sys.stderr, desc="letters")

    try:
        result = write_world(
            world, args.outdir, renderer, jobs=max(1, args.jobs), progress=progress
        )
    except ValueError as exc:  # e.g. an unknown style family named in --families
        raise UserError(str(exc)) from exc
    elapsed = time.perf_counter() - started
    times = os.times()
    cpu = times.user + times.system + times.children_user + times.children_system
    result["seconds"] = {
        "simulate": round(simulated, 1),
        "total": round(elapsed, 1),
        "cpu_all_processes": round(cpu, 1),
    }
    result["load_average_1min"] = round(os.getloadavg()[0], 2)
    result["documents_per_second"] = round(len(world.documents) / max(elapsed - simulated, 1e-9), 1)
    print(json.dumps(result, indent=2))
    return 0
