"""The challenge report: findings per provider and month, as CSV, XLSX and a printable PDF.

A commissioner sends one report to each provider each month; each line is a
finding with its value, reason, status (open, challenged, accepted, rejected)
and notes, and the report ends with totals per finding type. The report takes
plain rows, so the same code serves ``pars reconcile --report`` (findings from
files, all ``open``) and the database (findings with their current status).
"""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from pars.reconcile.findings import Finding

COLUMNS = (
    "finding",
    "sus_record",
    "document",
    "activity_date",
    "nhs_number",
    "practice_code",
    "value_gbp",
    "status",
    "detail",
    "notes",
)


@dataclass(frozen=True, slots=True)
class ReportRow:
    finding: Finding
    status: str = "open"
    notes: str = ""

    def cells(self) -> list[str]:
        f = self.finding
        return [
            f.finding,
            f.sus_record or "",
            f.document or "",
            f.activity_date or "",
            f.nhs_number or "",
            f.practice_code or "",
            f"{f.value_gbp:.2f}",
            self.status,
            f.detail,
            self.notes,
        ]


def group_by_provider_month(rows: Iterable[ReportRow]) -> dict[tuple[str, str], list[ReportRow]]:
    groups: dict[tuple[str, str], list[ReportRow]] = defaultdict(list)
    for row in rows:
        provider = (row.finding.provider_code or "unknown")[:3]
        groups[(provider, row.finding.month or "undated")].append(row)
    return dict(sorted(groups.items()))


def totals(rows: Sequence[ReportRow]) -> list[tuple[str, int, Decimal]]:
    """(finding type, count, value) per type, then "total"."""
    counts: dict[str, int] = defaultdict(int)
    values: dict[str, Decimal] = defaultdict(Decimal)
    for row in rows:
        counts[row.finding.finding] += 1
        values[row.finding.finding] += row.finding.value_gbp
    out = [(name, counts[name], values[name]) for name in sorted(counts)]
    out.append(("total", sum(counts.values()), sum(values.values(), Decimal(0))))
    return out


def write_csv(rows: Sequence[ReportRow], path: Path) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        writer.writerows(row.cells() for row in rows)
    return path


def write_xlsx(rows: Sequence[ReportRow], path: Path, *, title: str) -> Path:
    import openpyxl
    from openpyxl.styles import Font

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Findings"
    sheet.append(list(COLUMNS))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        cells: list[object] = row.cells()
        cells[6] = float(row.finding.value_gbp)
        sheet.append(cells)
    summary = book.create_sheet("Totals")
    summary.append([title])
    summary.append(["finding", "count", "value_gbp"])
    for name, count, value in totals(rows):
        summary.append([name, count, float(value)])
    book.save(path)
    return path


def _latin1(text: str) -> str:
    """fpdf2's core fonts are Latin-1; replace what they cannot draw instead of failing."""
    return text.replace("£", "GBP ").encode("latin-1", errors="replace").decode("latin-1")


def write_pdf(rows: Sequence[ReportRow], path: Path, *, title: str) -> Path:
    from fpdf import FPDF

    pdf = FPDF(orientation="L", format="A4")
    pdf.set_auto_page_break(auto=True, margin=12)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 14)
    pdf.cell(0, 8, _latin1(title), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 9)
    pdf.cell(0, 6, "Totals by finding type", new_x="LMARGIN", new_y="NEXT")
    for name, count, value in totals(rows):
        pdf.cell(80, 5, _latin1(name))
        pdf.cell(20, 5, str(count), align="R")
        pdf.cell(30, 5, f"{value:,.2f}", align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    widths = (48, 30, 34, 22, 24, 18, 22, 75)
    heads = ("finding", "SUS record", "document", "date", "NHS number", "status", "GBP", "reason")
    pdf.set_font("Helvetica", "B", 8)
    for width, head in zip(widths, heads, strict=True):
        pdf.cell(width, 6, head, border=1)
    pdf.ln()
    pdf.set_font("Helvetica", "", 7)
    for row in rows:
        f = row.finding
        values = (
            f.finding,
            f.sus_record or "",
            f.document or "",
            f.activity_date or "",
            f.nhs_number or "",
            row.status,
            f"{f.value_gbp:,.2f}",
            f.detail[:70],
        )
        for width, value in zip(widths, values, strict=True):
            pdf.cell(width, 5, _latin1(value), border=1)
        pdf.ln()
    pdf.output(str(path))
    return path


def write_reports(
    rows: Iterable[ReportRow],
    outdir: str | Path,
    *,
    formats: Sequence[str] = ("csv", "xlsx", "pdf"),
) -> list[Path]:
    """One file per provider, month and format: ``challenge-RWG-2025-06.csv``..."""
    out = Path(outdir)
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for (provider, month), group in group_by_provider_month(rows).items():
        stem = out / f"challenge-{provider}-{month}"
        title = f"PARS challenge report: provider {provider}, {month}"
        if "csv" in formats:
            written.append(write_csv(group, stem.with_suffix(".csv")))
        if "xlsx" in formats:
            written.append(write_xlsx(group, stem.with_suffix(".xlsx"), title=title))
        if "pdf" in formats:
            written.append(write_pdf(group, stem.with_suffix(".pdf"), title=title))
    return written
