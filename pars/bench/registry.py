"""Registry CSV validation rate (rows/s) and reference-data lookup rates, without a database.

Builds synthetic registry files in memory (practices x months x sex x age band
list sizes, the largest registry file in practice) with a share of bad rows,
and times ``pars.registry.csv_rules.parse_registry_file`` on them; then times
the first load and cached lookups of the shipped reference data. Figures only.
"""

from __future__ import annotations

import argparse
import random
import time
from typing import Any


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--practices", type=int, default=50, help="practices (default 50)")
    parser.add_argument("--months", type=int, default=36, help="months of list sizes (default 36)")
    parser.add_argument(
        "--bad-share", type=float, default=0.01, help="share of rows made invalid (default 0.01)"
    )
    parser.add_argument("--seed", type=int, default=1)


def _list_sizes(practices: int, months: int, bad_share: float, rng: random.Random) -> bytes:
    from pars.registry.csv_rules import AGE_BANDS

    lines = ["practice_code,month,sex,age_band,patients"]
    for p in range(practices):
        code = f"E{82000 + p:05d}"
        for m in range(months):
            month = f"{2023 + m // 12}-{m % 12 + 1:02d}"
            for sex in ("M", "F"):
                for band in AGE_BANDS:
                    patients = str(rng.randint(0, 2000))
                    if rng.random() < bad_share:
                        patients = "-1"
                    lines.append(f"{code},{month},{sex},{band},{patients}")
    return ("\n".join(lines) + "\n").encode()


def run(args: argparse.Namespace) -> dict[str, Any]:
    rng = random.Random(args.seed)
    data = _list_sizes(args.practices, args.months, args.bad_share, rng)
    known = {f"E{82000 + p:05d}" for p in range(args.practices)}

    import pars.refdata as refdata
    from pars.registry.csv_rules import parse_registry_file

    start = time.perf_counter()
    result = parse_registry_file("list_sizes.csv", data, known_practices=known)
    parse_s = time.perf_counter() - start

    timings: dict[str, float] = {}
    for name, load in [
        ("tfcs", refdata.load_tfcs),
        ("opcs4", refdata.load_opcs4),
        ("providers", refdata.load_providers),
        ("icd10_first_lookup", lambda: refdata.icd10_title("K40.9")),
    ]:
        start = time.perf_counter()
        load()
        timings[name] = round(time.perf_counter() - start, 4)

    codes = [
        f"{letter}{n:02d}.{d}" for letter in "ACFKMS" for n in range(0, 100, 7) for d in range(10)
    ]
    refdata.icd10_title.cache_clear()
    start = time.perf_counter()
    found = sum(1 for code in codes if refdata.icd10_title(code))
    icd_s = time.perf_counter() - start

    return {
        "rows": result.rows_read,
        "rows_kept": len(result.rows),
        "rows_rejected": len(result.problems),
        "bytes": len(data),
        "validate_rows_per_s": round(result.rows_read / parse_s),
        "validate_mb_per_s": round(len(data) / parse_s / 1e6, 2),
        "first_load_s": timings,
        "icd10_uncached_lookups_per_s": round(len(codes) / icd_s),
        "icd10_codes_found": found,
        "icd10_codes_tried": len(codes),
    }
