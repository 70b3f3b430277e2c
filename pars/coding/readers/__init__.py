"""Document readers (interface 3): bytes of any letter format -> text + stated fields.

``read_path(path)`` / ``read_bytes(data, name)`` return a :class:`ReadResult`
and never raise for a bad file: empty, huge, encrypted, truncated, zip bombs
and binary junk all come back with ``error`` set to one plain sentence.

The format is decided from the content (magic bytes, structure); the file name
only breaks ties, so a PDF named ``.docx`` is still read as a PDF. Readers are
a plug-in family with one shape (``base.Reader``); to add a format copy
``rtf.py`` and add an instance to ``READERS`` below, before ``TextReader``.

Limits (``ReadLimits``) default from the environment: ``PARS_MAX_DOCUMENT_BYTES``
(20 MB) and ``PARS_OCR`` (true: OCR text-less PDFs when ocrmypdf/tesseract exists).
"""

from __future__ import annotations

import logging
import os
from functools import lru_cache
from pathlib import Path

from pars.coding.readers.base import (
    ReadContext,
    Reader,
    ReadError,
    ReadLimits,
    ReadResult,
    decode_text,
    normalise_text,
)
from pars.coding.readers.docx import DOCXReader
from pars.coding.readers.eml import EmailReader
from pars.coding.readers.fhir import FHIRReader
from pars.coding.readers.hl7v2 import HL7v2Reader
from pars.coding.readers.html import HTMLReader
from pars.coding.readers.pdf import PDFReader
from pars.coding.readers.rtf import RTFReader
from pars.coding.readers.text import TextReader

__all__ = [
    "READERS",
    "ReadContext",
    "ReadError",
    "ReadLimits",
    "ReadResult",
    "Reader",
    "decode_text",
    "default_limits",
    "detect_reader",
    "normalise_text",
    "read_bytes",
    "read_path",
]

logger = logging.getLogger(__name__)

# Most specific first; TextReader claims everything and must stay last.
READERS: tuple[Reader, ...] = (
    PDFReader(),
    DOCXReader(),
    RTFReader(),
    HL7v2Reader(),
    FHIRReader(),
    EmailReader(),
    HTMLReader(),
    TextReader(),
)

HEAD_BYTES = 4096

# Formats PARS recognises but cannot read: a clear refusal beats "binary data".
_REFUSED: tuple[tuple[bytes, str], ...] = (
    (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        "legacy Word .doc or password-protected Office file: save it as DOCX or PDF",
    ),
    (b"\x89PNG\r\n\x1a\n", "an image (PNG), not a letter: scan it to PDF"),
    (b"\xff\xd8\xff", "an image (JPEG), not a letter: scan it to PDF"),
    (b"GIF8", "an image (GIF), not a letter"),
    (b"II*\x00", "an image (TIFF), not a letter: scan it to PDF"),
    (b"MM\x00*", "an image (TIFF), not a letter: scan it to PDF"),
    (b"\x1f\x8b", "a gzip archive, not a letter: unpack it first"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive, not a letter: unpack it first"),
    (b"Rar!", "a RAR archive, not a letter: unpack it first"),
)


@lru_cache(maxsize=1)
def default_limits() -> ReadLimits:
    """Limits from the environment (read once per process)."""
    from pars.config import env_bool, env_int

    return ReadLimits(
        max_bytes=env_int("PARS_MAX_DOCUMENT_BYTES", ReadLimits().max_bytes),
        ocr=env_bool("PARS_OCR", True),
    )


def detect_reader(head: bytes, name: str = "") -> Reader:
    """The reader whose sniff claims ``head`` first (content first, name as tie-break)."""
    for reader in READERS:
        if reader.sniff(head, name):
            return reader
    return READERS[-1]


def read_bytes(data: bytes, name: str = "", *, limits: ReadLimits | None = None) -> ReadResult:
    """Read one document held in memory. Never raises for a bad file."""
    return _read(data, name, limits or default_limits(), 0)


def read_path(path: str | os.PathLike[str], *, limits: ReadLimits | None = None) -> ReadResult:
    """Read one file; its size is checked before any byte is loaded."""
    limits = limits or default_limits()
    file_path = Path(path)
    try:
        size = file_path.stat().st_size
        if file_path.is_dir():
            return ReadResult.failed("unknown", "a folder, not a file")
        if size > limits.max_bytes:
            return ReadResult.failed(
                "unknown", f"file too large ({size:,} bytes; the limit is {limits.max_bytes:,})"
            )
        data = file_path.read_bytes()
    except FileNotFoundError:
        return ReadResult.failed("unknown", "file not found")
    except PermissionError:
        return ReadResult.failed("unknown", "permission denied")
    except OSError as exc:
        return ReadResult.failed(
            "unknown", f"cannot read the file ({exc.strerror or type(exc).__name__})"
        )
    return _read(data, file_path.name, limits, 0)


def _read(data: bytes, name: str, limits: ReadLimits, depth: int) -> ReadResult:
    if not data or not data.strip():
        return ReadResult.failed("unknown", "empty file")
    if len(data) > limits.max_bytes:
        return ReadResult.failed(
            "unknown", f"file too large ({len(data):,} bytes; the limit is {limits.max_bytes:,})"
        )
    head = data[:HEAD_BYTES]
    for magic, reason in _REFUSED:
        if head.startswith(magic):
            return ReadResult.failed("unknown", f"unsupported file: {reason}")
    reader = detect_reader(head, name)
    context = ReadContext(limits=limits, depth=depth, read_nested=_read_nested(limits))
    try:
        result = reader.read(data, context)
        if result.error is None and not result.text:
            return ReadResult.failed(reader.format, "the file holds no text")
        return result
    except ReadError as exc:
        message = str(exc)
        expected = _expected_format(name)
        if expected and expected != reader.format and reader.format == "txt":
            message = f"not a {expected.upper()} file despite its name: {message}"
        return ReadResult.failed(reader.format, message)
    except (MemoryError, RecursionError) as exc:
        return ReadResult.failed(reader.format, f"file too complex to read ({type(exc).__name__})")
    except (
        Exception
    ) as exc:  # a reader bug must not stop a batch; log the type only (no patient data)
        logger.warning("reader %s failed unexpectedly: %s", reader.format, type(exc).__name__)
        return ReadResult.failed(
            reader.format, f"unexpected error reading {reader.format} ({type(exc).__name__})"
        )


def _read_nested(limits: ReadLimits):
    def nested(data: bytes, name: str, depth: int) -> ReadResult:
        return _read(data, name, limits, depth)

    return nested


def _expected_format(name: str) -> str | None:
    suffix = Path(name).suffix.lower().lstrip(".")
    return {"pdf": "pdf", "docx": "docx", "rtf": "rtf", "hl7": "hl7v2", "eml": "eml"}.get(suffix)
