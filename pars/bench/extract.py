"""Field extraction: letters/s of extract_fields, its cost against one regex scan, and accuracy on a synth corpus.

Times ``pars.coding.extract.extract_fields`` alone over the text of a corpus
(a ``pars synth`` OUTDIR given with ``--corpus``, else a small built-in set of
synthetic letters), next to the cost of one compiled-regex scan of the same
texts (the floor any coder pays), so the ratio stays meaningful on a busy
machine. With a synth corpus it also compares every extracted field with
OUTDIR/truth/documents.jsonl. Figures only: nothing here passes or fails.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

FIELDS = (
    "nhs_number",
    "patient_birth_date",
    "letter_date",
    "event_date",
    "patient_name",
    "clinician",
    "provider_code",
    "provider_name",
)

_SAMPLE_LETTERS = (
    """The Surgery, 12 High Street, Watford WD17 1AA\nTel: 01923 123456\n\nDate: 14/03/2025\n\n"""
    """To: Orthopaedic Department, Watford General Hospital\n\nDear Colleague,\n\n"""
    """Re: Mrs Jane SMITH  DOB: 02.05.1948  NHS No: 943 476 5919  Hosp No: 1234567890\n\n"""
    """Thank you for seeing this 76 year old lady with severe OA of the right knee.\n"""
    """PMH: hypertension, AF, previous appendicectomy in 1978.\n"""
    """I would be grateful if you could consider her for a total knee replacement.\n\n"""
    """Yours sincerely\n\nDr Sarah Okafor\nGeneral Practitioner\n""",
    """Lister Hospital\nUrology Department\nClinic date: 3 March 2025\nTyped: 05.03.25\n\n"""
    """Dr Helen Ward\nParkside Surgery\n\nDear Dr Ward\n\nRe: Mr Peter JONES, DOB 01/01/1950, """
    """NHS 401 023 2137\n\nDiagnosis: benign prostatic hyperplasia, LUTS\n\nI saw Mr Jones in """
    """clinic today with poor stream and nocturia. There is no haematuria. Flexible cystoscopy """
    """was normal. He has a background of type 2 diabetes and previous TURP in 2012.\n\n"""
    """Plan: tamsulosin, review in 6 months.\n\nYours sincerely\n\nMr A Patel FRCS(Urol)\n"""
    """Consultant Urologist\ncc: patient\n""",
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--corpus", help="a `pars synth` OUTDIR (default: built-in sample letters)")
    parser.add_argument("--limit", type=int, default=1000, help="letters to use (default 1000)")
    parser.add_argument("--repeat", type=int, default=3, help="timing passes; the best is kept")
    parser.add_argument(
        "--errors", type=int, default=0, help="print up to N mismatches per field to stderr"
    )
    parser.add_argument(
        "--registry-hints",
        action="store_true",
        help="pass each practice's clinician names (OUTDIR/registry/clinicians.csv) as hints",
    )


def _clinicians_by_practice(root: Path) -> dict[str, list[str]]:
    import csv

    names: dict[str, list[str]] = {}
    path = root / "registry" / "clinicians.csv"
    if path.exists():
        with path.open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                names.setdefault(row["practice_code"], []).append(row["name"])
    return names


def _load_corpus(
    root: Path, limit: int, registry_hints: bool = False
) -> list[tuple[str, dict[str, Any] | None, dict]]:
    from pars.coding.readers import read_path

    clinicians = _clinicians_by_practice(root) if registry_hints else {}
    truth_path = root / "truth" / "documents.jsonl"
    items = []
    with truth_path.open(encoding="utf-8") as fh:
        for line in fh:
            truth = json.loads(line)
            if truth.get("broken"):
                continue
            read = read_path(root / truth["file"])
            if read.error or not read.text:
                continue
            hints = {**read.fields, "format": read.format}
            if truth.get("practice_code"):
                hints["practice_code"] = truth["practice_code"]
                if truth["practice_code"] in clinicians:
                    hints["clinicians"] = clinicians[truth["practice_code"]]
            items.append((read.text, truth, hints))
            if len(items) >= limit:
                break
    return items


def _norm(value: Any) -> Any:
    if isinstance(value, str):
        return " ".join(value.lower().replace(".", " ").split())
    return value


def _category(items: list[dict] | None, key: str) -> str | None:
    if not items:
        return None
    return str(items[0][key])[:3]


def _accuracy(results: list[tuple[dict, dict]], show: int) -> dict[str, Any]:
    """Per field: accuracy over all letters, coverage, and precision where a value was given."""
    report: dict[str, Any] = {}
    errors: dict[str, int] = Counter()
    for field in (*FIELDS, "diagnosis_main_category", "procedure_main_category"):
        right = given = given_right = total = 0
        for predicted, truth in results:
            if field == "diagnosis_main_category":
                want = _category(truth.get("diagnoses"), "icd10")
                got = _category(predicted["diagnoses"].value, "icd10")
            elif field == "procedure_main_category":
                want = _category(truth.get("procedures"), "opcs4")
                got = _category(predicted["procedures"].value, "opcs4")
            else:
                want = _norm(truth.get(field))
                got = _norm(predicted[field].value)
            total += 1
            right += got == want
            if got is not None:
                given += 1
                given_right += got == want
            if got != want and errors[field] < show:
                errors[field] += 1
                sys.stderr.write(
                    f"[{field}] {truth.get('document_id')} {truth.get('style_family')} "
                    f"want={want!r} got={got!r}\n"
                )
        report[field] = {
            "accuracy": round(right / total, 4) if total else None,
            "coverage": round(given / total, 4) if total else None,
            "precision": round(given_right / given, 4) if given else None,
        }
    invalid = sum(
        1
        for predicted, _ in results
        if predicted["nhs_number"].value is not None
        and not _valid_nhs(predicted["nhs_number"].value)
    )
    report["nhs_number"]["invalid_numbers_output"] = invalid
    return report


def _valid_nhs(value: str) -> bool:
    from pars.core.nhs_number import is_valid_nhs_number

    return is_valid_nhs_number(value)


def run(args: argparse.Namespace) -> dict[str, Any]:
    from pars.coding.extract import extract_fields

    if args.corpus:
        items = _load_corpus(Path(args.corpus), args.limit, args.registry_hints)
    else:
        items = [(text, None, {}) for text in _SAMPLE_LETTERS] * max(1, args.limit // 2)
    if not items:
        raise ValueError("no readable letters in the corpus")
    texts = [(text, hints) for text, _, hints in items]
    extract_fields(texts[0][0], texts[0][1])  # load lexicons and providers once

    baseline = re.compile(r"\b\d{3}[ -]?\d{3}[ -]?\d{4}\b")
    best_extract = best_scan = float("inf")
    for _ in range(max(1, args.repeat)):
        started = time.perf_counter()
        for text, _hints in texts:
            baseline.findall(text)
        best_scan = min(best_scan, time.perf_counter() - started)
        started = time.perf_counter()
        for text, hints in texts:
            extract_fields(text, hints)
        best_extract = min(best_extract, time.perf_counter() - started)

    n = len(texts)
    chars = sum(len(t) for t, _ in texts)
    result: dict[str, Any] = {
        "letters": n,
        "mean_chars": round(chars / n),
        "extract_letters_per_s": round(n / best_extract, 1),
        "extract_ms_per_letter": round(1000 * best_extract / n, 3),
        "one_regex_scan_letters_per_s": round(n / best_scan, 1),
        "extract_cost_in_regex_scans": round(best_extract / best_scan, 1),
        "source": str(args.corpus) if args.corpus else "built-in sample letters",
    }
    if args.corpus:
        results = [(extract_fields(text, hints), truth) for text, truth, hints in items]
        result["accuracy"] = _accuracy(results, args.errors)
        result["by_style_family"] = _by_family(results)
    return result


def _by_family(results: list[tuple[dict, dict]]) -> dict[str, dict[str, float]]:
    """NHS number and letter date accuracy per style family, to spot a family that fails."""
    totals: Counter[str] = Counter()
    right: dict[str, Counter[str]] = {"nhs_number": Counter(), "letter_date": Counter()}
    for predicted, truth in results:
        family = truth.get("style_family") or "?"
        totals[family] += 1
        for field in right:
            right[field][family] += _norm(predicted[field].value) == _norm(truth.get(field))
    return {
        family: {field: round(right[field][family] / count, 3) for field in right}
        for family, count in sorted(totals.items())
    }
