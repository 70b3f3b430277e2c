"""Stream a SUS extract (CSV or XLSX) into validated records, never losing the good rows.

Why streaming: a year of SUS for a large group is millions of rows; the reader
holds one row at a time and reports progress through a callback. Why line by
line decoding: extracts stitched together from several systems mix UTF-8 and
Windows-1252 lines, and one bad byte must not cost the whole file.

File-level problems (not a CSV/XLSX, no header, required columns missing) raise
``SusFileError`` with a one-line message; row-level problems become a
``Rejection`` (line number and reason) in the ``ReadReport``.
"""

from __future__ import annotations

import csv
import hashlib
import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from pars.sus.columns import HeaderMap, SusKind, looks_like_header, resolve_header
from pars.sus.records import RowError, SusRecord, parse_admission, parse_outpatient

logger = logging.getLogger(__name__)

ProgressCallback = Callable[[int], None]


class SusFileError(ValueError):
    """The file as a whole cannot be read as the SUS extract asked for."""


@dataclass(frozen=True, slots=True)
class Rejection:
    line: int
    reason: str
    record_id: str | None = None


@dataclass(slots=True)
class ReadReport:
    """What happened to every row of one file: the counts always add up to ``rows``."""

    path: str
    kind: SusKind
    sha256: str = ""
    rows: int = 0
    accepted: int = 0
    warnings: int = 0
    rejections: list[Rejection] = field(default_factory=list)
    unknown_columns: tuple[str, ...] = ()
    duplicated_columns: tuple[str, ...] = ()
    encoding_fallback_lines: int = 0
    preamble_rows: int = 0  # title lines skipped before the header

    @property
    def rejected(self) -> int:
        return len(self.rejections)


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _decoded_lines(
    handle: Iterable[bytes], report: ReadReport, on_progress: ProgressCallback | None
) -> Iterator[str]:
    done = 0
    for number, raw in enumerate(handle, start=1):
        try:
            text = raw.decode("utf-8-sig" if number == 1 else "utf-8")
        except UnicodeDecodeError:
            text = raw.decode("cp1252", errors="replace")
            report.encoding_fallback_lines += 1
        done += len(raw)
        if on_progress is not None and number % 5000 == 0:
            on_progress(done)
        yield text
    if on_progress is not None:
        on_progress(done)


def _csv_rows(
    path: Path, report: ReadReport, on_progress: ProgressCallback | None
) -> Iterator[tuple[int, list[str]]]:
    with path.open("rb") as handle:
        sample = handle.read(8192)
        handle.seek(0)
        if b"\x00" in sample:
            raise SusFileError("not a CSV file (binary content); XLSX files must end in .xlsx")
        first_line = sample.split(b"\n", 1)[0].decode("utf-8", errors="replace")
        delimiter = max((",", "\t", ";", "|"), key=first_line.count)
        reader = csv.reader(_decoded_lines(handle, report, on_progress), delimiter=delimiter)
        try:
            for row in reader:
                yield reader.line_num, row
        except csv.Error as exc:
            report.rejections.append(
                Rejection(reader.line_num, f"unreadable CSV from here on ({exc})")
            )


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _xlsx_rows(path: Path, on_progress: ProgressCallback | None) -> Iterator[tuple[int, list[str]]]:
    import openpyxl  # imported here: only XLSX imports pay for it

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a bad file
        raise SusFileError(f"not a readable XLSX workbook ({type(exc).__name__})") from None
    try:
        sheet = book.worksheets[0]
        for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
            if on_progress is not None and number % 5000 == 0:
                on_progress(number)
            yield number, [_cell_text(value) for value in row]
    finally:
        book.close()


MAX_PREAMBLE_ROWS = 10


def _missing_columns(kind: SusKind, rows: list[list[str]]) -> SusFileError:
    """The error for a file whose first rows hold no usable header: name what is missing."""
    best = min(rows, key=lambda cells: len(resolve_header(cells, kind).missing_required))
    missing = resolve_header(best, kind).missing_required
    found = ", ".join(c.strip() for c in best[:12])
    return SusFileError(
        f"not a SUS {kind} extract: missing column(s) {', '.join(missing)} (found: {found})"
    )


def iter_sus_file(
    path: str | Path,
    kind: SusKind | str,
    report: ReadReport | None = None,
    *,
    on_progress: ProgressCallback | None = None,
) -> Iterator[SusRecord]:
    """Yield the valid records of one extract; rejected rows are added to ``report``.

    ``on_progress`` receives bytes read (CSV) or rows read (XLSX) every few
    thousand rows, so the CLI can draw a progress bar over millions of rows.
    """
    path = Path(path)
    kind = SusKind(kind)
    if report is None:
        report = ReadReport(str(path), kind)
    if not path.is_file():
        raise SusFileError(f"{path} is not a file")
    report.sha256 = file_sha256(path)
    is_xlsx = path.suffix.lower() in {".xlsx", ".xlsm"}
    rows = _xlsx_rows(path, on_progress) if is_xlsx else _csv_rows(path, report, on_progress)
    parse = parse_outpatient if kind is SusKind.OUTPATIENT else parse_admission
    id_field = "attendance_id" if kind is SusKind.OUTPATIENT else "spell_id"
    header: HeaderMap | None = None
    preamble: list[list[str]] = []
    width = 0
    for line, cells in rows:
        if not any(cell.strip() for cell in cells):
            continue
        if header is None:
            candidate = resolve_header(cells, kind)
            if candidate.missing_required:
                # Spreadsheet exports often start with title lines; look a few rows further.
                preamble.append(cells)
                if len(preamble) < MAX_PREAMBLE_ROWS:
                    continue
                raise _missing_columns(kind, preamble)
            header = candidate
            report.preamble_rows = len(preamble)
            report.unknown_columns = header.unknown
            report.duplicated_columns = header.duplicated
            width = len(cells)
            continue
        report.rows += 1
        if len(cells) != width:
            while len(cells) > width and not cells[-1].strip():
                cells = cells[:-1]  # trailing empty cells (spreadsheet export) are harmless
        values = {
            name: (cells[pos] if pos < len(cells) else "") for name, pos in header.positions.items()
        }
        record_id = values.get(id_field, "").strip() or None
        if len(cells) < width:
            report.rejections.append(
                Rejection(
                    line,
                    f"row has {len(cells)} fields, header has {width} (truncated row)",
                    record_id,
                )
            )
            continue
        if len(cells) > width:
            report.rejections.append(
                Rejection(line, f"row has {len(cells)} fields, header has {width}", record_id)
            )
            continue
        try:
            record = parse(values, line)
        except RowError as exc:
            if looks_like_header(cells, kind):
                report.rejections.append(Rejection(line, "repeated header row (skipped)"))
            else:
                report.rejections.append(Rejection(line, str(exc), record_id))
            continue
        report.accepted += 1
        if record.warnings:
            report.warnings += 1
        yield record
    if header is None:
        if preamble:
            raise _missing_columns(kind, preamble)
        raise SusFileError(f"{path.name} is empty: no header row")
    logger.info(
        "sus file read",
        extra={
            "kind": str(kind),
            "rows": report.rows,
            "accepted": report.accepted,
            "rejected": report.rejected,
        },
    )


def read_sus_file(
    path: str | Path, kind: SusKind | str, *, on_progress: ProgressCallback | None = None
) -> tuple[list[SusRecord], ReadReport]:
    """Read a whole extract into memory (fine up to a few million rows); see ``iter_sus_file``."""
    report = ReadReport(str(path), SusKind(kind))
    records = list(iter_sus_file(path, kind, report, on_progress=on_progress))
    return records, report
