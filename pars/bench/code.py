"""Coding throughput: letters/s for text, PDF and DOCX, 1 and 2 processes, peak memory, a Dacorum year.

Builds a corpus (from ``pars synth`` with ``--source synth``, else from a
built-in template set of synthetic referral and clinic letters), then times
reading alone and the whole ``pars code`` pipeline per format. The Dacorum
figure extrapolates the best rate to 375,000 letters a year (issue #4 target:
under 10 minutes; text target: 1,000 letters/s on a 2-core machine). Figures
only: nothing here passes or fails.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import random
import resource
import shutil
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

DACORUM_LETTERS_PER_YEAR = 375_000
TEXT_TARGET_PER_S = 1_000
YEAR_TARGET_MINUTES = 10
FORMATS = ("txt", "pdf", "docx")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--letters", type=int, default=300, help="letters per format (default 300)")
    parser.add_argument(
        "--formats",
        type=_format_list,
        default=list(FORMATS),
        help="comma-separated, of txt,pdf,docx (default all three)",
    )
    parser.add_argument(
        "--jobs", type=_job_list, default=[1, 2], help="process counts to time (default 1,2)"
    )
    parser.add_argument(
        "--source",
        choices=("templates", "synth"),
        default="templates",
        help="where letters come from: the built-in templates or `pars synth` (default templates)",
    )
    parser.add_argument(
        "--corpus", help="keep the generated corpus in this folder (default: temporary)"
    )
    parser.add_argument("--seed", type=int, default=4, help="random seed for the templates")


def _format_list(text: str) -> list[str]:
    formats = [f.strip() for f in text.split(",") if f.strip()]
    unknown = sorted(set(formats) - set(FORMATS))
    if unknown or not formats:
        raise argparse.ArgumentTypeError(f"choose from {','.join(FORMATS)} (got {text!r})")
    return formats


def _job_list(text: str) -> list[int]:
    try:
        jobs = [int(j) for j in text.split(",") if j.strip()]
    except ValueError:
        jobs = []
    if not jobs or min(jobs) < 1:
        raise argparse.ArgumentTypeError(f"give process counts like 1,2 (got {text!r})")
    return jobs


def run(args: argparse.Namespace) -> dict[str, Any]:
    formats = args.formats
    job_counts = args.jobs
    root = Path(args.corpus) if args.corpus else Path(tempfile.mkdtemp(prefix="pars-bench-code-"))
    try:
        started = time.perf_counter()
        if args.source == "synth":
            folders = _synth_corpus(root, formats, args.letters)
        else:
            folders = _template_corpus(root, formats, args.letters, random.Random(args.seed))
        corpus_seconds = time.perf_counter() - started
        result = _measure(folders, job_counts, args.source, corpus_seconds)
        if args.source == "synth":
            result["reader_accuracy"] = reader_accuracy(root / "world")
        return result
    finally:
        if not args.corpus:
            shutil.rmtree(root, ignore_errors=True)


def _no_fields(text: str, hints: dict | None = None) -> dict:
    return {}


def _no_classes(text: str, extracted: dict, hints: dict | None = None) -> dict:
    return {}


def _log(message: str) -> None:
    sys.stderr.write(message + "\n")
    sys.stderr.flush()


def _measure(
    folders: dict[str, Path], job_counts: list[int], source: str, corpus_seconds: float
) -> dict[str, Any]:
    from pars.coding.engine import CodingEngine, default_classifier, default_extractor, expand_paths
    from pars.coding.readers import read_path

    started = time.perf_counter()
    default_extractor()
    default_classifier()
    engine = CodingEngine()
    # Reading + assembling with do-nothing extractor/classifier: the engine's own floor.
    bare = CodingEngine(extractor=_no_fields, classifier=_no_classes)
    first = next(iter(folders.values()))
    engine.code_path(expand_paths([first])[0])  # models and lexicons load once, here
    load_seconds = time.perf_counter() - started

    per_format: dict[str, Any] = {}
    for fmt, folder in folders.items():
        files = expand_paths([folder])
        figures: dict[str, Any] = {"letters": len(files)}
        started, cpu = time.perf_counter(), time.process_time()
        unread = sum(1 for f in files if read_path(f).error)
        figures["read_only_per_s"] = round(len(files) / (time.perf_counter() - started), 1)
        figures["read_only_per_cpu_s"] = round(len(files) / (time.process_time() - cpu), 1)
        figures["unreadable"] = unread
        started = time.perf_counter()
        sum(1 for _ in bare.code_paths([folder], jobs=1))
        figures["engine_without_models_per_s"] = round(
            len(files) / (time.perf_counter() - started), 1
        )
        for jobs in job_counts:
            started, cpu = time.perf_counter(), time.process_time()
            first_at = None
            coded = 0
            for _ in engine.code_paths([folder], jobs=jobs):
                coded += 1
                if first_at is None:
                    first_at = time.perf_counter()
            ended = time.perf_counter()
            figures[f"coded_per_s_jobs{jobs}"] = round(coded / (ended - started), 1)
            if jobs == 1:
                # CPU time is immune to other load on a shared machine; wall time is not.
                figures["coded_per_cpu_s_jobs1"] = round(coded / (time.process_time() - cpu), 1)
            if jobs > 1 and first_at is not None and coded > 1:
                # Without the one-off cost of starting workers and loading their models.
                figures[f"steady_per_s_jobs{jobs}"] = round((coded - 1) / (ended - first_at), 1)
                figures[f"worker_start_s_jobs{jobs}"] = round(first_at - started, 2)
            _log(f"{fmt}: {coded} letters, jobs={jobs}: {coded / (ended - started):.1f} letters/s")
        per_format[fmt] = figures

    self_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    child_peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    best = {
        fmt: max(v for k, v in f.items() if k.startswith("coded_per_s"))
        for fmt, f in per_format.items()
    }
    dacorum = {
        fmt: {
            "minutes": round(DACORUM_LETTERS_PER_YEAR / rate / 60, 1),
            "target_ratio": round(YEAR_TARGET_MINUTES / (DACORUM_LETTERS_PER_YEAR / rate / 60), 2),
        }
        for fmt, rate in best.items()
    }
    if best:
        # An equal mix of the measured formats: the harmonic mean of their rates.
        mixed = len(best) / sum(1 / r for r in best.values())
        dacorum["equal_mix"] = {
            "minutes": round(DACORUM_LETTERS_PER_YEAR / mixed / 60, 1),
            "target_ratio": round(YEAR_TARGET_MINUTES / (DACORUM_LETTERS_PER_YEAR / mixed / 60), 2),
        }
    load_average = os.getloadavg()[0] if hasattr(os, "getloadavg") else None
    result: dict[str, Any] = {
        "source": source,
        "cpu_cores": os.cpu_count(),
        "load_average_1min": round(load_average, 2) if load_average is not None else None,
        "corpus_build_s": round(corpus_seconds, 1),
        "model_load_s": round(load_seconds, 2),
        "formats": per_format,
        "peak_rss_mib": {
            "main_process": round(self_peak, 1),
            "largest_worker": round(child_peak, 1),
        },
        "dacorum_year": {"letters": DACORUM_LETTERS_PER_YEAR, **dacorum},
    }
    if "txt" in best:
        result["text_rate_vs_target"] = round(best["txt"] / TEXT_TARGET_PER_S, 2)
    return result


def reader_accuracy(world: Path) -> dict[str, Any]:
    """Readers against a synthetic world's truth: format found, errors where (and only where) due.

    Every document listed in ``truth/documents.jsonl`` is read; a document the
    generator broke on purpose (empty, truncated PDF) should get an error, every
    other one (including wrong extensions and non-UTF-8 text) should be read,
    with the format the generator wrote. Fields stated in HL7/FHIR structure
    are compared with the truth key by key.
    """
    import json

    from pars.coding.engine import CODED_FIELDS, clean_value
    from pars.coding.readers import read_path

    unreadable_kinds = {"empty", "truncated_pdf"}
    tally: dict[str, dict[str, int]] = {}
    stated: dict[str, dict[str, int]] = {}
    wrong: list[dict[str, Any]] = []
    lines = (world / "truth" / "documents.jsonl").read_text(encoding="utf-8").splitlines()
    for line in lines:
        truth = json.loads(line)
        result = read_path(world / truth["file"])
        broken = truth.get("broken")
        key = truth["format"] if not broken else f"broken:{broken}"
        row = tally.setdefault(key, {"documents": 0, "as_expected": 0})
        row["documents"] += 1
        should_fail = broken in unreadable_kinds
        ok = (
            (result.error is not None)
            if should_fail
            else (result.error is None and result.format == truth["format"])
        )
        row["as_expected"] += ok
        if not ok and len(wrong) < 10:
            wrong.append(
                {
                    "file": truth["file"],
                    "format": result.format,
                    "error": result.error,
                    "broken": broken,
                }
            )
        for field_name, value in result.fields.items():
            if field_name in CODED_FIELDS:
                counts = stated.setdefault(field_name, {"stated": 0, "agrees_with_truth": 0})
                counts["stated"] += 1
                counts["agrees_with_truth"] += clean_value(field_name, value) == truth.get(
                    field_name
                )
    total = sum(r["documents"] for r in tally.values())
    expected = sum(r["as_expected"] for r in tally.values())
    return {
        "documents": total,
        "as_expected_ratio": round(expected / total, 4) if total else None,
        "by_kind": tally,
        "stated_fields": stated,
        "first_unexpected": wrong,
    }


# -- corpus --------------------------------------------------------------------


def _synth_corpus(root: Path, formats: list[str], letters: int) -> dict[str, Path]:
    """Letters written by `pars synth` (other engineers' renderer), grouped by extension."""
    from pars.cli import main
    from pars.commands import COMMAND_MODULES

    if "synth" not in COMMAND_MODULES:
        raise RuntimeError("`pars synth` is not available yet: use --source templates")
    world = root / "world"
    if not (world / "documents").is_dir():
        # One practice writing every format it knows (so the reader accuracy below
        # covers HL7 and FHIR too); a world has about 1.8 documents per patient, of
        # which ~15% are DOCX, the rarest format timed here.
        patients = str(max(500, letters * 4))
        argv = ["synth", str(world), "--practices", "1", "--patients", patients, "--months", "12"]
        with contextlib.redirect_stdout(sys.stderr):  # keep stdout for this benchmark's figures
            code = main([*argv, "--quiet"])
        if code:
            raise RuntimeError(f"pars synth failed with exit code {code}")
    folders: dict[str, Path] = {}
    for fmt in formats:
        found = sorted((world / "documents").rglob(f"*.{fmt}"))[:letters]
        if not found:
            continue
        folder = root / fmt
        for index, path in enumerate(found):
            target = folder / path.parent.name / f"{index:06d}{path.suffix}"
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
        folders[fmt] = folder
    return folders


_GIVEN = ["John", "Mary", "Aisha", "Tomasz", "Priya", "Oluwaseun", "Grace", "Liam", "Mei", "Fatima"]
_FAMILY = [
    "Smith",
    "Okafor",
    "Patel",
    "Nowak",
    "Jones",
    "Chen",
    "Hughes",
    "Begum",
    "Walsh",
    "Evans",
]
_GPS = ["Dr Sarah Okafor", "Dr James Whitfield", "Dr Anjali Rao", "Dr Peter Lund"]
_PROVIDERS = [
    ("RWG", "West Hertfordshire Teaching Hospitals NHS Trust", "Watford General Hospital"),
    ("RQW", "The Princess Alexandra Hospital NHS Trust", "Princess Alexandra Hospital"),
    ("RC9", "Bedfordshire Hospitals NHS Foundation Trust", "Luton and Dunstable Hospital"),
]
_PROBLEMS = [
    ("General Surgery", "right inguinal hernia", "open repair of inguinal hernia"),
    ("Trauma and Orthopaedics", "osteoarthritis of the left knee", "total knee replacement"),
    ("Gastroenterology", "iron deficiency anaemia", "colonoscopy"),
    ("Cardiology", "exertional chest pain", "exercise tolerance test"),
    ("Dermatology", "changing pigmented lesion on the back", "excision biopsy"),
    ("ENT", "recurrent tonsillitis", "tonsillectomy"),
]
_FILLER = (
    "He has tried simple analgesia with limited benefit. There is no history of weight loss. "
    "Past medical history includes hypertension and type 2 diabetes, both well controlled. "
    "Current medication: amlodipine 5 mg once daily, metformin 500 mg twice daily. "
    "No known drug allergies. Lives with his wife and is independent with daily activities. "
)


def _nhs_number(rng: random.Random) -> str:
    from pars.core.nhs_number import nhs_check_digit

    while True:
        first = f"{rng.randint(400_000_000, 799_999_999)}"
        check = nhs_check_digit(first)
        if check is not None:
            return first + str(check)


def _letter(rng: random.Random) -> str:
    """One synthetic referral or clinic letter, 1-2 pages."""
    nhs = _nhs_number(rng)
    name = f"{rng.choice(_GIVEN)} {rng.choice(_FAMILY)}"
    born = date(1935, 1, 1) + timedelta(days=rng.randint(0, 30_000))
    written = date(2025, 4, 1) + timedelta(days=rng.randint(0, 364))
    gp = rng.choice(_GPS)
    code, trust, site = rng.choice(_PROVIDERS)
    specialty, problem, procedure = rng.choice(_PROBLEMS)
    body = _FILLER * rng.randint(2, 6)
    nhs_text = f"{nhs[:3]} {nhs[3:6]} {nhs[6:]}"
    if rng.random() < 0.5:
        return (
            f"High Street Surgery\n1 High Street, Hemel Hempstead HP1 1AA\n\n{written:%d %B %Y}\n\n"
            f"{specialty} Department\n{site}\n{trust}\n\nDear Colleague,\n\n"
            f"Re: {name}  DOB: {born:%d/%m/%Y}  NHS No: {nhs_text}\n\n"
            f"I would be grateful if you could see this patient with {problem}. {body}\n\n"
            f"I would be grateful for your assessment and consideration of {procedure}.\n\n"
            f"Yours sincerely,\n\n{gp}\nGeneral Practitioner\n"
        )
    seen = written - timedelta(days=rng.randint(1, 14))
    return (
        f"{trust}\n{site}\nDepartment of {specialty}\n\nDate dictated: {written:%d/%m/%Y}\n"
        f"Clinic date: {seen:%d/%m/%Y}\n\n{gp}\nHigh Street Surgery\n\n"
        f"Patient: {name}\nDate of birth: {born:%d %B %Y}\nNHS number: {nhs_text}\n\n"
        f"Diagnosis: {problem}\n\nDear {gp.split()[0]} {gp.split()[-1]},\n\n"
        f"I saw {name.split()[0]} in clinic today. {body}\n\n"
        f"Plan: we have listed them for {procedure}. I have not arranged further follow up.\n\n"
        f"Yours sincerely,\n\nMr A Consultant\nConsultant, {specialty}\n"
    )


def _template_corpus(
    root: Path, formats: list[str], letters: int, rng: random.Random
) -> dict[str, Path]:
    texts = [_letter(rng) for _ in range(letters)]
    folders: dict[str, Path] = {}
    for fmt in formats:
        folder = root / fmt / "E82031"
        folder.mkdir(parents=True, exist_ok=True)
        _log(f"building {letters} {fmt} letters")
        for index, text in enumerate(texts):
            path = folder / f"letter-{index:06d}.{fmt}"
            if fmt == "txt":
                path.write_text(text, encoding="utf-8")
            elif fmt == "pdf":
                path.write_bytes(_pdf(text))
            else:
                path.write_bytes(_docx(text))
        folders[fmt] = root / fmt
    return folders


def _pdf(text: str) -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_font("Helvetica", size=11)
    pdf.add_page()
    pdf.multi_cell(0, 6, text)
    return bytes(pdf.output())


def _docx(text: str) -> bytes:
    import io

    import docx

    document = docx.Document()
    lines = text.split("\n")
    document.sections[0].header.paragraphs[0].text = lines[0]
    for line in lines[1:]:
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
