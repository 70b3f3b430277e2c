"""Reading SUS files for commands: progress bar, rejects file, one-line errors."""

from __future__ import annotations

import csv
import sys
from pathlib import Path

from pars.sus.reader import ReadReport, SusFileError, iter_sus_file
from pars.sus.records import SusRecord


def read_with_progress(
    path: str | Path, kind: str, *, progress: bool = True
) -> tuple[list[SusRecord], ReadReport]:
    """Read one extract, drawing a tqdm bar on stderr (bytes for CSV, rows for XLSX)."""
    path = Path(path)
    if not path.is_file():
        raise SusFileError(f"{path}: no such file")
    report = ReadReport(str(path), kind)  # type: ignore[arg-type]
    if not progress:
        return list(iter_sus_file(path, kind, report)), report
    from tqdm import tqdm

    xlsx = path.suffix.lower() in {".xlsx", ".xlsm"}
    bar = tqdm(
        total=None if xlsx else path.stat().st_size,
        unit="row" if xlsx else "B",
        unit_scale=True,
        desc=f"{kind} {path.name}",
        file=sys.stderr,
        leave=False,
    )
    state = {"done": 0}

    def advance(done: int) -> None:
        bar.update(done - state["done"])
        state["done"] = done

    try:
        records = list(iter_sus_file(path, kind, report, on_progress=advance))
    finally:
        bar.close()
    return records, report


def summary_line(report: ReadReport) -> str:
    extra = []
    if report.warnings:
        extra.append(f"{report.warnings} with warnings")
    if report.encoding_fallback_lines:
        extra.append(f"{report.encoding_fallback_lines} lines not UTF-8 (read as Windows-1252)")
    if report.unknown_columns:
        extra.append(f"ignored columns: {', '.join(report.unknown_columns[:8])}")
    tail = f" ({'; '.join(extra)})" if extra else ""
    return (
        f"{report.kind} {Path(report.path).name}: {report.rows} rows, {report.accepted} accepted, "
        f"{report.rejected} rejected{tail}"
    )


def write_rejections(reports: list[ReadReport], path: str | Path) -> int:
    """All rejected rows, with file, line and reason (no patient identifiers)."""
    count = 0
    with Path(path).open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["file", "kind", "line", "record_id", "reason"])
        for report in reports:
            for rejection in report.rejections:
                writer.writerow(
                    [
                        report.path,
                        report.kind,
                        rejection.line,
                        rejection.record_id or "",
                        rejection.reason,
                    ]
                )
                count += 1
    return count
