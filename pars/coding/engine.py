"""The coding engine (interface 6): files in, formats.md §1 coded documents out.

For each file: read it (``pars.coding.readers``), extract fields from its text
(``pars.coding.extract``, interface 4), classify it (``pars.coding.classify``,
interface 5) and assemble one §1 object with every key present. Values a
format states in structure (an HL7 PID NHS number, a FHIR ServiceRequest's
type) win over anything guessed from the text. Values are checked on the way
out: an NHS number with a bad check digit, a malformed date or an unknown enum
value becomes null rather than wrong.

The extractor and classifier are injectable (``CodingEngine(extractor=...,
classifier=...)``) so tests hand in fakes; by default the real modules are
loaded once per process. ``code_paths`` streams results in input order, across
processes with ``jobs > 1``.
"""

from __future__ import annotations

import csv
import hashlib
import logging
import multiprocessing
import os
import re
import stat
import warnings
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from pars.coding.readers import ReadLimits, ReadResult, default_limits, read_bytes
from pars.coding.types import Extracted
from pars.core.codes import ICD10Code, ODSCode, OPCS4Code, PracticeCode, TreatmentFunctionCode
from pars.core.nhs_number import is_valid_nhs_number, normalise_nhs_number

__all__ = [
    "CODED_FIELDS",
    "STATED_CONFIDENCE",
    "CodingEngine",
    "Classifier",
    "Extractor",
    "code_path",
    "code_paths",
    "expand_paths",
]

logger = logging.getLogger(__name__)

Extractor = Callable[[str, dict | None], Mapping[str, Extracted]]
Classifier = Callable[[str, dict[str, Extracted], dict | None], Mapping[str, Extracted]]

# formats.md §1, in its order. file/sha256/format/error come first, confidence last.
CODED_FIELDS: tuple[str, ...] = (
    "document_type", "direction", "letter_date", "event_date", "nhs_number",
    "patient_birth_date", "patient_name", "clinician", "provider_code", "provider_name",
    "specialty_tfc", "urgency", "service_type", "diagnoses", "procedures", "outcome",
)  # fmt: skip
_LIST_FIELDS = frozenset({"diagnoses", "procedures"})
_DATE_FIELDS = frozenset({"letter_date", "event_date", "patient_birth_date"})
_TEXT_FIELDS = frozenset({"patient_name", "clinician", "provider_name"})
_ENUMS: dict[str, frozenset[str]] = {
    "document_type": frozenset(
        {"referral", "clinic_letter", "discharge_summary", "diagnostic_report", "other"}
    ),
    "direction": frozenset({"outgoing", "incoming"}),
    "urgency": frozenset({"two_week_wait", "urgent", "routine"}),
    "service_type": frozenset(
        {"outpatient", "diagnostic", "community", "internal", "inpatient", "emergency"}
    ),
    "outcome": frozenset(
        {
            "discharged",
            "follow_up",
            "listed_for_procedure",
            "investigations",
            "referred_on",
            "treated",
            "other",
        }
    ),
}
# Confidence given to a value the file's format states in structure (HL7 PID, FHIR subject).
STATED_CONFIDENCE = 0.98
_PRACTICE_FOLDER = re.compile(r"[A-Z]\d{5}")


# -- default collaborators ---------------------------------------------------


def _no_extraction(text: str, hints: dict | None = None) -> dict[str, Extracted]:
    return {}


def _no_classification(
    text: str, extracted: dict[str, Extracted], hints: dict | None = None
) -> dict[str, Extracted]:
    return {}


@lru_cache(maxsize=1)
def default_extractor() -> Extractor:
    """The real field extractor (interface 4), imported once per process."""
    try:
        from pars.coding.extract import extract_fields
    except ImportError as exc:
        if not (exc.name or "").startswith("pars.coding.extract"):
            raise
        logger.warning("pars.coding.extract is not available: fields are not extracted from text")
        return _no_extraction
    return extract_fields


@lru_cache(maxsize=1)
def default_classifier() -> Classifier:
    """The real classifier (interface 5), imported (models loaded) once per process."""
    try:
        from pars.coding.classify import predict_fields
    except ImportError as exc:
        if not (exc.name or "").startswith("pars.coding.classify"):
            raise
        logger.warning("pars.coding.classify is not available: documents are not classified")
        return _no_classification
    return predict_fields


# -- the engine --------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CodingEngine:
    """Reads and codes documents. Picklable when its collaborators are module-level functions."""

    extractor: Extractor | None = None
    classifier: Classifier | None = None
    limits: ReadLimits | None = None
    # Practice code -> its clinicians' names (registry clinicians.csv), so a letter
    # that names the GP by surname only ("Dear Dr Baker") gets the full name.
    clinicians: Mapping[str, tuple[str, ...]] | None = None

    def code_path(self, path: str | os.PathLike[str]) -> dict[str, Any]:
        """One §1 object for one file; a file that cannot be read gets ``error`` set."""
        file = os.fspath(path)
        limits = self.limits or default_limits()
        try:
            info = os.stat(file)
            if stat.S_ISDIR(info.st_mode):
                return empty_document(file, None, "unknown", "a folder, not a file")
            if info.st_size > limits.max_bytes:
                with open(file, "rb") as stream:
                    digest = hashlib.file_digest(stream, "sha256").hexdigest()
                error = (
                    f"file too large ({info.st_size:,} bytes; the limit is {limits.max_bytes:,})"
                )
                return empty_document(file, digest, "unknown", error)
            with open(file, "rb") as stream:
                data = stream.read()
        except FileNotFoundError:
            return empty_document(file, None, "unknown", "file not found")
        except PermissionError:
            return empty_document(file, None, "unknown", "permission denied")
        except OSError as exc:
            reason = f"cannot read the file ({exc.strerror or type(exc).__name__})"
            return empty_document(file, None, "unknown", reason)
        return self.code_bytes(data, file)

    def code_bytes(self, data: bytes, file: str) -> dict[str, Any]:
        """One §1 object for a document held in memory; ``file`` is its path or name."""
        digest = hashlib.sha256(data).hexdigest()
        read = read_bytes(data, os.path.basename(file), limits=self.limits)
        folder_practice = practice_from_path(file)
        if read.error is not None or not read.text:
            document = empty_document(file, digest, read.format, read.error or "no text")
            document["practice_code"] = folder_practice
            return document
        try:
            values = self._code_text(read, file, folder_practice)
        except Exception as exc:
            # A coding bug must not stop a batch; log the type only, never patient text.
            logger.warning("coding failed for a %s document: %s", read.format, type(exc).__name__)
            document = empty_document(
                file, digest, read.format, f"coding failed ({type(exc).__name__})"
            )
            document["practice_code"] = folder_practice
            return document
        document = empty_document(file, digest, read.format, None)
        confidence: dict[str, float] = {}
        for key in CODED_FIELDS:
            suggestion = values.get(key)
            value = clean_value(key, suggestion.value if suggestion is not None else None)
            document[key] = value if value is not None else ([] if key in _LIST_FIELDS else None)
            if value not in (None, []) and suggestion is not None:
                confidence[key] = round(min(1.0, max(0.0, float(suggestion.confidence))), 3)
        _apply_scope_rules(document, confidence)
        document["confidence"] = confidence
        practice = folder_practice or _clean_practice(read.fields.get("practice_code"))
        if practice is None and (hint := values.get("practice_code")) is not None:
            practice = _clean_practice(hint.value)
        document["practice_code"] = practice
        return document

    def _code_text(
        self, read: ReadResult, file: str, folder_practice: str | None
    ) -> dict[str, Extracted]:
        extractor = self.extractor or default_extractor()
        classifier = self.classifier or default_classifier()
        stated = {
            key: Extracted(value, STATED_CONFIDENCE, f"stated in the {read.format} structure")
            for key, value in read.fields.items()
            if key in CODED_FIELDS and clean_value(key, value) not in (None, [])
        }
        hints: dict[str, Any] = {
            **read.fields,
            "format": read.format,
            "file_name": os.path.basename(file),
        }
        if folder_practice:
            hints["practice_code"] = folder_practice
            if self.clinicians and folder_practice in self.clinicians:
                hints["clinicians"] = list(self.clinicians[folder_practice])
        values: dict[str, Extracted] = dict(extractor(read.text or "", hints) or {})
        values.update(stated)
        values.update(classifier(read.text or "", dict(values), hints) or {})
        values.update(stated)  # what the format states beats what the classifier guesses
        return values

    def code_paths(
        self, paths: Iterable[str | os.PathLike[str]], *, jobs: int = 1, progress: bool = False
    ) -> Iterator[dict[str, Any]]:
        """Code files and folders (recursively, sorted), streaming in input order."""
        files = expand_paths(paths)
        results: Iterator[dict[str, Any]]
        pool = None
        if jobs > 1 and len(files) > 1:
            pool = self._start_pool(jobs)
            chunksize = max(1, min(32, len(files) // (jobs * 8)))
            results = pool.imap(_code_in_worker, files, chunksize=chunksize)
        else:
            results = (self.code_path(f) for f in files)
        bar = None
        if progress:
            from tqdm import tqdm

            bar = tqdm(total=len(files), unit="doc", desc="coding", mininterval=0.5, leave=True)
        try:
            for document in results:
                if bar is not None:
                    bar.update(1)
                yield document
        finally:
            if bar is not None:
                bar.close()
            if pool is not None:
                pool.terminate()
                pool.join()

    def warm_up(self) -> None:
        """Load the extractor's lexicons and the classifier's models now, not on the first letter."""
        extractor = self.extractor or default_extractor()
        classifier = self.classifier or default_classifier()
        hints = {"format": "txt", "file_name": "warm-up.txt"}
        try:
            extracted = dict(extractor(_WARM_UP_LETTER, hints) or {})
            classifier(_WARM_UP_LETTER, extracted, hints)
        except Exception as exc:  # the real documents will report it; warming up is best effort
            logger.warning("warming up the coding models failed: %s", type(exc).__name__)

    def _start_pool(self, jobs: int):
        """Worker processes that share the already-loaded models (fork) or load them once (spawn).

        Forking after ``warm_up`` makes workers start in milliseconds instead of
        each re-importing and re-loading lexicons and models.
        """
        methods = multiprocessing.get_all_start_methods()
        if "fork" in methods:
            self.warm_up()
            context = multiprocessing.get_context("fork")
        else:
            context = multiprocessing.get_context("spawn")
        with warnings.catch_warnings():
            # Python 3.12 warns when forking a process with threads (BLAS pools); the
            # workers only run pure-Python coding and never touch those threads' state.
            warnings.simplefilter("ignore", DeprecationWarning)
            return context.Pool(processes=jobs, initializer=_init_worker, initargs=(self,))


_WARM_UP_LETTER = (
    "High Street Surgery\n1 March 2025\nDear Colleague,\n"
    "Re: John Smith, DOB 02/01/1960, NHS No: 943 476 5919\n"
    "Please see this man with a right inguinal hernia for consideration of repair.\n"
    "Yours sincerely,\nDr Sarah Okafor\n"
)
_WORKER_ENGINE: CodingEngine | None = None


def _init_worker(engine: CodingEngine) -> None:
    """Per process: keep the engine and load the models once, not per document."""
    global _WORKER_ENGINE
    _WORKER_ENGINE = engine
    if engine.extractor is None:
        default_extractor()
    if engine.classifier is None:
        default_classifier()


def _code_in_worker(path: str) -> dict[str, Any]:
    assert _WORKER_ENGINE is not None
    return _WORKER_ENGINE.code_path(path)


# -- module-level API (interface 6) -------------------------------------------

_DEFAULT_ENGINE = CodingEngine()


def code_path(
    path: str | os.PathLike[str], *, engine: CodingEngine | None = None
) -> dict[str, Any]:
    """One formats.md §1 object for one file (never raises for a bad file)."""
    return (engine or _DEFAULT_ENGINE).code_path(path)


def code_paths(
    paths: Iterable[str | os.PathLike[str]],
    *,
    jobs: int = 1,
    progress: bool = False,
    engine: CodingEngine | None = None,
) -> Iterator[dict[str, Any]]:
    """§1 objects for files and folders (recursive, sorted), in input order, streaming."""
    return (engine or _DEFAULT_ENGINE).code_paths(paths, jobs=jobs, progress=progress)


# -- helpers -------------------------------------------------------------------


def read_registry_clinicians(path: str | os.PathLike[str]) -> dict[str, tuple[str, ...]]:
    """Practice code -> clinician names from a registry ``clinicians.csv`` (formats.md §2)."""
    names: dict[str, list[str]] = {}
    with open(path, encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            practice = (row.get("practice_code") or "").strip().upper()
            name = (row.get("name") or "").strip()
            if practice and name:
                names.setdefault(practice, []).append(name)
    return {practice: tuple(found) for practice, found in names.items()}


def expand_paths(paths: Iterable[str | os.PathLike[str]]) -> list[str]:
    """Files as given, folders expanded recursively in sorted order; hidden entries skipped.

    Within a folder, entries are visited by name (files and sub-folders
    interleaved), so the order is that of the sorted relative paths.
    """
    files: list[str] = []
    for given in paths:
        path = os.fspath(given)
        if os.path.isdir(path):
            _walk_sorted(path, files)
        else:
            files.append(path)
    return files


def _walk_sorted(folder: str, files: list[str]) -> None:
    try:
        entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
    except OSError:
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if entry.is_dir():
            _walk_sorted(entry.path, files)
        elif entry.is_file():
            files.append(entry.path)


def empty_document(file: str, sha256: str | None, format: str, error: str | None) -> dict[str, Any]:
    """A §1 object with every key present and nothing coded."""
    document: dict[str, Any] = {"file": file, "sha256": sha256, "format": format, "error": error}
    for key in CODED_FIELDS:
        document[key] = [] if key in _LIST_FIELDS else None
    document["confidence"] = {}
    document["document_id"] = os.path.splitext(os.path.basename(file))[0]
    document["practice_code"] = None
    return document


def practice_from_path(file: str) -> str | None:
    """The nearest enclosing folder named like a GP practice ODS code (documents/E82031/x.txt)."""
    folders = os.path.dirname(file).replace("\\", "/").split("/")
    for part in reversed(folders):
        if len(part) == 6 and _PRACTICE_FOLDER.fullmatch(part):
            return part
    return None


def _clean_practice(value: Any) -> str | None:
    if isinstance(value, str) and PracticeCode.is_valid(value):
        return PracticeCode(value).value
    return None


def _apply_scope_rules(document: dict[str, Any], confidence: dict[str, float]) -> None:
    """formats.md §1: urgency only for referrals, outcome only for incoming letters."""
    if document["document_type"] != "referral" and document["urgency"] is not None:
        document["urgency"] = None
        confidence.pop("urgency", None)
    if document["direction"] != "incoming" and document["outcome"] is not None:
        document["outcome"] = None
        confidence.pop("outcome", None)


def clean_value(key: str, value: Any) -> Any:
    """The value in §1 form, or None (or []) when it is not a valid value for ``key``."""
    if value is None:
        return [] if key in _LIST_FIELDS else None
    if key in _DATE_FIELDS:
        return _clean_date(value)
    if key in _ENUMS:
        return value if isinstance(value, str) and value in _ENUMS[key] else None
    if key == "nhs_number":
        if isinstance(value, str | int):
            digits = normalise_nhs_number(str(value))
            return digits if is_valid_nhs_number(digits) else None
        return None
    if key == "specialty_tfc":
        text = str(value).strip() if isinstance(value, str | int) else ""
        return text if TreatmentFunctionCode.is_valid(text) else None
    if key == "provider_code":
        return ODSCode(value).value if isinstance(value, str) and ODSCode.is_valid(value) else None
    if key == "diagnoses":
        return _clean_codes(value, "icd10", ICD10Code)
    if key == "procedures":
        return _clean_codes(value, "opcs4", OPCS4Code)
    if key in _TEXT_FIELDS:
        text = " ".join(str(value).split()) if isinstance(value, str) else ""
        return text or None
    return value


def _clean_date(value: Any) -> str | None:
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip()[:10]).isoformat()
        except ValueError:
            return None
    return None


def _clean_codes(value: Any, key: str, code_type: type) -> list[dict[str, str]]:
    if not isinstance(value, list | tuple):
        return []
    cleaned: list[dict[str, str]] = []
    seen: set[str] = set()
    for item in value:
        if not isinstance(item, Mapping):
            continue
        code = item.get(key)
        if not isinstance(code, str) or not code_type.is_valid(code):
            continue
        normal = code_type(code).value
        if normal in seen:
            continue
        seen.add(normal)
        text = item.get("text")
        cleaned.append({key: normal, "text": text if isinstance(text, str) else ""})
    return cleaned
