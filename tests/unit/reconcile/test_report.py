"""Challenge reports: one CSV, XLSX and PDF per provider and month, with totals."""

import csv
from decimal import Decimal

import openpyxl

from pars.reconcile.findings import Finding
from pars.reconcile.report import ReportRow, totals, write_reports


def _finding(kind, record, provider, day, value):
    return Finding(
        kind, record, None, "9434765919", provider, Decimal(value), "why £", activity_date=day
    )


ROWS = [
    ReportRow(_finding("dna_charged", "A", "RWG", "2025-06-02", "90.00")),
    ReportRow(
        _finding("dna_charged", "B", "RWG02", "2025-06-09", "10.50"),
        status="challenged",
        notes="sent",
    ),
    ReportRow(_finding("consultant_to_consultant", "C", "RWG", "2025-06-30", "160.00")),
    ReportRow(_finding("dna_charged", "D", "RWH", "2025-06-02", "90.00")),
    ReportRow(_finding("dna_charged", "E", "RWG", "2025-07-01", "90.00")),
]


def test_totals():
    assert totals([r for r in ROWS if r.finding.provider_code.startswith("RWG")][:3]) == [
        ("consultant_to_consultant", 1, Decimal("160.00")),
        ("dna_charged", 2, Decimal("100.50")),
        ("total", 3, Decimal("260.50")),
    ]


def test_files_per_provider_and_month(tmp_path):
    written = write_reports(ROWS, tmp_path)
    names = sorted(p.name for p in written)
    assert names == sorted(
        f"challenge-{p}-{m}.{ext}"
        for p, m in [("RWG", "2025-06"), ("RWG", "2025-07"), ("RWH", "2025-06")]
        for ext in ("csv", "xlsx", "pdf")
    )
    with (tmp_path / "challenge-RWG-2025-06.csv").open() as handle:
        lines = list(csv.DictReader(handle))
    assert [line["sus_record"] for line in lines] == ["A", "B", "C"]
    assert lines[1]["status"] == "challenged" and lines[1]["notes"] == "sent"
    book = openpyxl.load_workbook(tmp_path / "challenge-RWG-2025-06.xlsx")
    total_row = list(book["Totals"].iter_rows(values_only=True))[-1]
    assert total_row == ("total", 3, 260.5)
    assert (tmp_path / "challenge-RWG-2025-06.pdf").read_bytes().startswith(b"%PDF")


def test_only_asked_formats(tmp_path):
    written = write_reports(ROWS[:1], tmp_path, formats=["csv"])
    assert [p.suffix for p in written] == [".csv"]
