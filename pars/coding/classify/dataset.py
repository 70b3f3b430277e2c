"""Coded-document truth files and the letters they describe, for training and evaluation.

A truth file is JSON Lines, one formats.md §1 object per document plus a
``file`` key. ``file`` is relative to the documents folder, to its parent, or
(synth layout: OUTDIR/truth/documents.jsonl) to the folder above ``truth/``.
Reading and extraction go through the readers (interface 3) and extractors
(interface 4) when they are installed; until then plain-text reading and no
extraction, so training still works on text letters.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

log = logging.getLogger(__name__)

_TEXT_SUFFIXES = {".txt", ".text", ".eml", ".html", ".htm", ".hl7", ".json", ".xml", ".csv", ""}


class TruthError(ValueError):
    """The truth file or documents folder is unusable (message says why, no patient data)."""


@dataclass(slots=True)
class TruthRow:
    path: Path
    truth: dict
    family: str | None
    line: int


@dataclass(slots=True)
class LoadedDocument:
    row: TruthRow
    text: str | None
    extracted: dict = field(default_factory=dict)
    hints: dict = field(default_factory=dict)
    error: str | None = None


def _candidates(file_value: str, docs: Path, truth_path: Path) -> Iterator[Path]:
    relative = Path(file_value)
    if relative.is_absolute():
        yield relative
        return
    yield docs / relative
    yield docs.parent / relative
    yield truth_path.parent.parent / relative
    yield truth_path.parent / relative
    if relative.parts and relative.parts[0] == docs.name:
        yield docs.joinpath(*relative.parts[1:])


def load_truth(
    docs: Path,
    truth_path: Path,
    *,
    families: Iterable[str] | None = None,
    include_broken: bool = False,
) -> list[TruthRow]:
    """Read a truth file and resolve each document's path; unknown files are an error."""
    docs, truth_path = Path(docs), Path(truth_path)
    if not truth_path.is_file():
        raise TruthError(f"truth file {truth_path} does not exist")
    if not docs.exists():
        raise TruthError(f"documents folder {docs} does not exist")
    wanted = {name.strip() for name in families or [] if name.strip()}
    rows: list[TruthRow] = []
    missing = 0
    with truth_path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                truth = json.loads(line)
            except json.JSONDecodeError as exc:
                raise TruthError(f"{truth_path}:{number}: not valid JSON ({exc.msg})") from exc
            if not isinstance(truth, dict) or not truth.get("file"):
                raise TruthError(f"{truth_path}:{number}: each line needs a 'file' key")
            family = truth.get("style_family")
            if wanted and family not in wanted:
                continue
            if truth.get("broken") and not include_broken:
                continue
            path = next(
                (p for p in _candidates(str(truth["file"]), docs, truth_path) if p.is_file()), None
            )
            if path is None:
                missing += 1
                continue
            rows.append(TruthRow(path=path, truth=truth, family=family, line=number))
    if missing:
        log.warning("%d documents named in the truth file were not found", missing)
    if not rows:
        raise TruthError("no documents found for the truth file (check DOCS, TRUTH and --families)")
    return rows


def read_text(path: Path) -> tuple[str | None, dict, str | None]:
    """(text, structured fields, error) through the readers when present, else plain text."""
    try:
        from pars.coding.readers import read_path
    except ImportError:
        read_path = None
    if read_path is not None:
        result = read_path(path)
        return result.text, dict(result.fields or {}), result.error
    if path.suffix.lower() not in _TEXT_SUFFIXES:
        return None, {}, f"no reader for {path.suffix} (document readers not installed)"
    data = path.read_bytes()
    return data.decode("utf-8", errors="replace"), {}, None


Extractor = Callable[[str, dict | None], dict]
_warned: set[str] = set()


def extract(text: str | None, hints: dict, extractor: Extractor | None = None) -> dict:
    """Entity fields (diagnoses, procedures...) through the extractors when present.

    A failing extractor must not stop training or evaluation of the
    classifiers: it is logged once (no patient data) and treated as "nothing
    extracted".
    """
    if not text:
        return {}
    if extractor is None:
        try:
            from pars.coding.extract import extract_fields as extractor
        except ImportError:
            return {}
    try:
        return dict(extractor(text, hints or None) or {})
    except Exception as exc:  # noqa: BLE001 - another engine's failure is reported, not fatal
        kind = type(exc).__name__
        if kind not in _warned:
            _warned.add(kind)
            log.warning("field extraction failed (%s); continuing without extracted fields", kind)
        return {}


def no_extraction(text: str, hints: dict | None = None) -> dict:
    """An extractor that finds nothing (tests, or training on the text alone)."""
    return {}


def load_documents(
    rows: list[TruthRow], *, extractor: Extractor | None = None
) -> list[LoadedDocument]:
    """Read and extract every document of a truth file."""
    loaded = []
    for row in rows:
        try:
            text, hints, error = read_text(row.path)
        except OSError as exc:
            text, hints, error = None, {}, f"cannot read: {exc.strerror}"
        extracted = extract(text, hints, extractor) if text else {}
        loaded.append(
            LoadedDocument(row=row, text=text, extracted=extracted, hints=hints, error=error)
        )
    return loaded
