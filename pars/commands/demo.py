"""``pars demo``: the whole pipeline on a synthetic practice group, then the portal.

Each stage is the same code a user runs by hand (``pars synth``, ``pars import
registry``, ``pars code``, ``pars cost``, ``pars reconcile``), called in process
with its output kept under ``PARS_DATA_DIR/demo/``, so the demo shows what the
commands do rather than a special path. Safe to re-run: the synthetic world is
reused when it exists, imports are idempotent and documents are deduplicated.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import shutil
import sys
import time
from collections import Counter
from pathlib import Path

from pars.cli import UserError

DEMO_PASSWORD = "pars-demo-password"  # printed on screen; demo data is synthetic only


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "demo",
        help="run the whole pipeline on a synthetic practice group, then serve the portal",
        description="Generate a synthetic practice group, import its registry, code its letters, "
        "price the activity, reconcile its SUS extracts, print a summary, then serve the portal "
        "on http://127.0.0.1:8000 with demo logins. Safe to re-run.",
    )
    parser.add_argument(
        "--practices", type=int, default=4, help="practices in the group (default 4)"
    )
    parser.add_argument(
        "--patients", type=int, default=16000, help="registered patients in all (default 16000)"
    )
    parser.add_argument("--months", type=int, default=12, help="months of activity (default 12)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument(
        "--end-date", help="last day of the simulated period (default: end of last month)"
    )
    parser.add_argument("--jobs", type=int, default=2, help="coding processes (default 2)")
    parser.add_argument("--fresh", action="store_true", help="regenerate the synthetic world")
    parser.add_argument(
        "--no-serve", action="store_true", help="stop after the pipeline and the summary"
    )
    parser.add_argument("--port", type=int, default=8000, help="portal port (default 8000)")
    parser.set_defaults(handler=run)


def _step(title: str) -> float:
    print(f"\n== {title}", flush=True)
    return time.monotonic()


def _done(started: float, what: str) -> None:
    print(f"   {what} ({time.monotonic() - started:.1f} s)", flush=True)


def _call(argv: list[str], stdout_path: Path | None = None) -> None:
    """Run one ``pars`` command in process; a failing stage stops the demo with its name."""
    from pars.cli import main

    if stdout_path is None:
        code = main(argv)
    else:
        with stdout_path.open("w", encoding="utf-8") as handle, contextlib.redirect_stdout(handle):
            code = main(argv)
    if code not in (0, None):
        raise UserError(f"stage `pars {' '.join(argv[:2])}` failed with exit code {code}")


def run(args: argparse.Namespace) -> int:
    from pars.config import data_dir

    folder = data_dir() / "demo"
    world = folder / "world"
    folder.mkdir(parents=True, exist_ok=True)

    started = _step("1/6 synthetic practice group")
    if args.fresh and world.exists():
        shutil.rmtree(world)
    if (world / "truth" / "documents.jsonl").exists():
        _done(started, f"reusing {world} (use --fresh to regenerate)")
    else:
        if world.exists():
            shutil.rmtree(world)  # a half-written world from an interrupted run
        argv = [
            "synth",
            str(world),
            "--practices",
            str(args.practices),
            "--patients",
            str(args.patients),
            "--months",
            str(args.months),
            "--seed",
            str(args.seed),
            "--jobs",
            str(args.jobs),
            "--quiet",
        ]
        if args.end_date:
            argv += ["--end-date", args.end_date]
        _call(argv)
        _done(started, f"written to {world}")

    started = _step("2/6 database and registry")
    _call(["init"])
    _call(["import", "registry", str(world / "registry")])
    _done(started, "reference data and registry loaded")

    started = _step("3/6 coding letters")
    coded_path = folder / "coded.jsonl"
    _call(
        [
            "code",
            str(world / "documents"),
            "--jsonl",
            "--jobs",
            str(args.jobs),
            "--registry",
            str(world / "registry"),
        ],
        stdout_path=coded_path,
    )
    coded = [
        json.loads(line) for line in coded_path.read_text(encoding="utf-8").splitlines() if line
    ]
    stored = _store_documents(world, coded)
    errors = sum(1 for d in coded if d.get("error"))
    _done(
        started,
        f"{len(coded)} documents coded ({errors} unreadable, quarantined); {stored} new in the database",
    )

    started = _step("4/6 pricing activity and accruals")
    priced_path = folder / "priced_activity.jsonl"
    as_of = _world_end(world)
    _call(
        ["cost", "--coded", str(coded_path), "--as-of", as_of, "--jsonl"], stdout_path=priced_path
    )
    priced = [
        json.loads(line) for line in priced_path.read_text(encoding="utf-8").splitlines() if line
    ]
    _done(started, f"{len(priced)} priced events as at {as_of}")

    started = _step("5/6 reconciling SUS against the letters")
    findings_path = folder / "findings.jsonl"
    _call(
        [
            "reconcile",
            "--outpatients",
            str(world / "sus" / "sus_outpatients.csv"),
            "--admissions",
            str(world / "sus" / "sus_admissions.csv"),
            "--coded",
            str(coded_path),
            "--report",
            str(folder / "challenge"),
            "--rejects",
            str(folder / "sus_rejects.csv"),
            "--no-progress",
            "--store",
            "--jsonl",
        ],
        stdout_path=findings_path,
    )
    findings = [
        json.loads(line) for line in findings_path.read_text(encoding="utf-8").splitlines() if line
    ]
    _done(started, f"{len(findings)} findings")

    _step("6/6 summary")
    _print_summary(coded, priced, findings, folder)
    logins = _demo_users()
    print(f"\nDemo logins (password for all: {DEMO_PASSWORD}):")
    for username, description in logins:
        print(f"   {username:<24} {description}")
    if args.no_serve:
        print("\nPortal not started (--no-serve). Start it with: pars serve")
        return 0
    from pars.commands.serve import serve

    serve(host="127.0.0.1", port=args.port)
    return 0


def _world_end(world: Path) -> str:
    """The last activity date of the world, so accruals are valued as at its end."""
    latest = ""
    with (world / "truth" / "documents.jsonl").open(encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            for key in ("letter_date", "event_date"):
                value = record.get(key) or ""
                latest = max(latest, value)
    if not latest:
        raise UserError("the synthetic world has no dated documents")
    return latest


def _store_documents(world: Path, coded: list[dict]) -> int:
    """Receive each letter into the encrypted store and record its coding (idempotent)."""
    from pars import setup_django

    setup_django()
    from django.conf import settings

    from pars.documents.actions import receive_document, record_coding
    from pars.documents.blobstore import EncryptedBlobStore, storage_key
    from pars.registry.models import Practice

    store = EncryptedBlobStore(
        Path(settings.DATA_DIR) / "documents", storage_key(Path(settings.DATA_DIR))
    )
    practices = {p.code: p for p in Practice.objects.all()}
    new = 0
    total = len(coded)
    for index, record in enumerate(coded, start=1):
        practice = practices.get(record.get("practice_code") or "")
        if practice is None:
            continue
        path = Path(record["file"])
        data = path.read_bytes() if path.exists() else b""
        document, created = receive_document(
            practice=practice, data=data, original_name=path.name, store=store
        )
        if created:
            record_coding(document=document, coded=record, source="pars-demo")
            new += 1
        if index % 2000 == 0 or index == total:
            print(f"   stored {index}/{total}", file=sys.stderr, flush=True)
    return new


def _print_summary(
    coded: list[dict], priced: list[dict], findings: list[dict], folder: Path
) -> None:
    types = Counter(d.get("document_type") or "unreadable" for d in coded)
    print("Documents by type: " + ", ".join(f"{k} {v}" for k, v in sorted(types.items())))
    events = Counter(p["event"] for p in priced)
    actual = sum(float(p.get("price_gbp") or 0) for p in priced if not p.get("accrual"))
    accrued = sum(float(p.get("price_gbp") or 0) for p in priced if p.get("accrual"))
    print("Priced events: " + ", ".join(f"{k} {v}" for k, v in sorted(events.items())))
    print(f"Activity value £{actual:,.2f}; accruals for open referrals £{accrued:,.2f}")
    by_type: Counter = Counter()
    value: Counter = Counter()
    for finding in findings:
        by_type[finding["finding"]] += 1
        value[finding["finding"]] += float(finding.get("value_gbp") or 0)
    for name in sorted(by_type):
        print(f"Findings {name:<26} {by_type[name]:>6}  £{value[name]:>12,.2f}")
    print(f"\nWhere to look: {folder}")
    print(
        "   coded.jsonl, priced_activity.jsonl, findings.jsonl, challenge/ (CSV, XLSX, PDF), sus_rejects.csv"
    )


def _demo_users() -> list[tuple[str, str]]:
    """Personas for the demo portal; idempotent."""
    from django.contrib.auth import get_user_model

    from pars.accounts.models import Membership, Role
    from pars.registry.models import Practice

    user_model = get_user_model()
    first = Practice.objects.order_by("code").first()
    personas: list[tuple[str, str, str, object, bool]] = [
        ("demo-admin", "administrator (all data, admin site)", Role.ADMIN, None, True),
        ("demo-commissioner", "commissioner (whole group)", Role.COMMISSIONER, None, False),
        ("demo-coder", "coder (whole group)", Role.CODER, None, False),
    ]
    if first is not None:
        personas.append(
            (
                f"demo-gp-{first.code.lower()}",
                f"GP at {first.code} (own practice only)",
                Role.GP,
                first,
                False,
            )
        )
        personas.append(
            (
                f"demo-manager-{first.code.lower()}",
                f"practice manager at {first.code}",
                Role.PRACTICE_MANAGER,
                first,
                False,
            )
        )
    shown = []
    for username, description, role, practice, superuser in personas:
        user = user_model.objects.filter(username=username).first()
        if user is None:
            user = user_model.objects.create_user(username=username, password=DEMO_PASSWORD)
        user.is_superuser = user.is_staff = superuser
        user.save()
        Membership.objects.get_or_create(user=user, role=role, practice=practice)
        shown.append((username, description))
    return shown
