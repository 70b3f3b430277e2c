"""Importer for the published NHS Payment Scheme prices workbook (Annex A layout).

The workbook is downloaded by hand from england.nhs.uk (domain.md §3.2); this
module turns it into a PARS tariff CSV so a new year can be loaded without a
code change. It reads:

- sheet ``1 APC & OPROC``: one row per HRG with the Annex A column headers
  (domain.md §3.1); a dash means "no price in this setting";
- an outpatient attendance sheet: the first sheet whose header row has a
  "treatment function code" column, with first / follow-up, single /
  multi-professional price columns;
- optionally an MFF sheet: a header with an organisation code column and an
  "MFF" / "payment index" column.

Title rows above the header are skipped: the header row is found by its
"HRG code" / "treatment function code" cell. Each row keeps its source
(``workbook.xlsx!1 APC & OPROC:row 17``).
"""

from __future__ import annotations

import csv
import logging
import re
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal, InvalidOperation
from pathlib import Path

from pars.tariff.model import TARIFF_COLUMNS, TariffRow

log = logging.getLogger(__name__)

APC_SHEET = "1 APC & OPROC"

#: Annex A "APC & OPROC" headers (normalised) -> (our setting or field).
APC_HEADERS: dict[str, str] = {
    "hrg code": "code",
    "hrg name": "name",
    "outpatient procedure tariff (£)": "outpatient_procedure",
    "combined day case / ordinary elective spell tariff (£)": "combined",
    "day case spell tariff (£)": "day_case",
    "ordinary elective spell tariff (£)": "elective",
    "ordinary elective long stay trim point (days)": "elective_trim",
    "non-elective spell tariff (£)": "non_elective",
    "non-elective long stay trim point (days)": "non_elective_trim",
    "per day long stay payment (for days exceeding trim point) (£)": "xbd",
    "% applied in calculation of reduced short stay emergency tariff": "ssem",
    "reduced short stay emergency tariff (£)": "ssem_price",
}


class WorkbookError(ValueError):
    """The workbook is not in the Annex A layout; the message says what is missing."""


def _norm(value: object) -> str:
    return re.sub(r"\s+", " ", str(value or "")).strip().lower()


def _number(value: object) -> Decimal | None:
    """A price cell: numbers, "£1,234", or a dash / blank for "no price"."""
    if value is None:
        return None
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        number = Decimal(str(value))
        return number if number.is_finite() else None
    text = str(value).strip().replace(",", "").replace("£", "").rstrip("%").strip()
    if text in ("", "-", "–", "—", "n/a", "N/A"):
        return None
    try:
        number = Decimal(text)
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def _header_row(rows: Sequence[Sequence[object]], marker: str) -> int | None:
    for index, row in enumerate(rows[:40]):
        if any(_norm(cell) == marker for cell in row):
            return index
    return None


def _apc_rows(sheet_rows: list[tuple], label: str) -> Iterator[TariffRow]:
    header_at = _header_row(sheet_rows, "hrg code")
    if header_at is None:
        raise WorkbookError(f"sheet {APC_SHEET!r} has no 'HRG code' header row")
    columns: dict[str, int] = {}
    for position, cell in enumerate(sheet_rows[header_at]):
        field = APC_HEADERS.get(_norm(cell))
        if field:
            columns[field] = position
    for needed in ("code", "combined", "day_case", "elective", "non_elective"):
        if needed not in columns:
            raise WorkbookError(f"sheet {APC_SHEET!r} lacks the column for {needed}")

    def cell(row: Sequence[object], field: str) -> object:
        position = columns.get(field)
        return row[position] if position is not None and position < len(row) else None

    for offset, row in enumerate(sheet_rows[header_at + 1 :], start=header_at + 2):
        code = str(cell(row, "code") or "").strip().upper()
        if not re.fullmatch(r"[A-Z]{2}\d{2}[A-Z]", code):
            continue
        name = str(cell(row, "name") or "").strip()
        xbd = _number(cell(row, "xbd"))
        ssem = _number(cell(row, "ssem"))
        if ssem is not None and ssem <= 1:
            ssem = ssem * 100  # a cell formatted as a percentage holds 0.3
        elective_trim = _number(cell(row, "elective_trim"))
        non_elective_trim = _number(cell(row, "non_elective_trim"))
        source = f"{label}!{APC_SHEET}:row {offset}"
        for setting in ("outpatient_procedure", "combined", "day_case", "elective", "non_elective"):
            price = _number(cell(row, setting))
            if price is None:
                continue
            trim = None
            if setting in ("combined", "elective"):
                trim = elective_trim
            elif setting == "non_elective":
                trim = non_elective_trim
            yield TariffRow(
                kind="apc",
                code=code,
                setting=setting,
                price=price,
                trim_point_days=int(trim) if trim is not None else None,
                xbd_per_day=xbd if trim is not None else None,
                ssem_percent=ssem if setting == "non_elective" else None,
                name=name,
                status="imported",
                source=source,
            )


def _outpatient_columns(header: Sequence[object]) -> dict[str, int]:
    found: dict[str, int] = {}
    for position, cell in enumerate(header):
        text = _norm(cell)
        if "treatment function code" in text or text in ("tfc", "tfc code"):
            found.setdefault("code", position)
            continue
        if "price" not in text and "tariff" not in text and "attendance" not in text:
            continue
        first = "first" in text
        follow = "follow" in text
        if not (first or follow) or "non-face" in text or "non face" in text:
            continue
        multi = "multi" in text
        setting = ("first" if first else "follow_up") + ("_multi" if multi else "")
        found.setdefault(setting, position)
    return found


def _outpatient_rows(name: str, sheet_rows: list[tuple], label: str) -> Iterator[TariffRow]:
    header_at = next(
        (
            i
            for i, row in enumerate(sheet_rows[:40])
            if any("treatment function code" in _norm(c) for c in row)
        ),
        None,
    )
    if header_at is None:
        return
    columns = _outpatient_columns(sheet_rows[header_at])
    if "code" not in columns or "first" not in columns:
        raise WorkbookError(f"sheet {name!r} lacks a TFC or first-attendance price column")
    for offset, row in enumerate(sheet_rows[header_at + 1 :], start=header_at + 2):
        raw = row[columns["code"]] if columns["code"] < len(row) else None
        code = str(int(raw)) if isinstance(raw, int | float) else str(raw or "").strip()
        code = code.zfill(3) if code.isdigit() else code
        if not re.fullmatch(r"\d{3}", code):
            continue
        for setting in ("first", "follow_up", "first_multi", "follow_up_multi"):
            position = columns.get(setting)
            price = _number(row[position]) if position is not None and position < len(row) else None
            if price is None:
                continue
            yield TariffRow(
                kind="op",
                code=code,
                setting=setting,
                price=price,
                status="imported",
                source=f"{label}!{name}:row {offset}",
            )


def _mff_rows(name: str, sheet_rows: list[tuple], label: str) -> Iterator[TariffRow]:
    for header_at, header in enumerate(sheet_rows[:40]):
        texts = [_norm(c) for c in header]
        code_at = next((i for i, t in enumerate(texts) if "code" in t and "hrg" not in t), None)
        index_at = next(
            (i for i, t in enumerate(texts) if "payment index" in t or t.startswith("mff")), None
        )
        if code_at is None or index_at is None:
            continue
        for offset, row in enumerate(sheet_rows[header_at + 1 :], start=header_at + 2):
            code = str(row[code_at] or "").strip().upper() if code_at < len(row) else ""
            value = _number(row[index_at]) if index_at < len(row) else None
            if re.fullmatch(r"[A-Z0-9]{3}", code) and value is not None:
                yield TariffRow(
                    kind="mff",
                    code=code,
                    setting="payment_index",
                    price=value,
                    status="imported",
                    source=f"{label}!{name}:row {offset}",
                )
        return


def read_workbook(path: Path) -> list[TariffRow]:
    """All price rows of an Annex A workbook (APC & OPROC, outpatient, MFF if present)."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a non-workbook
        raise WorkbookError(f"{path.name} is not a readable .xlsx workbook ({exc})") from exc
    try:
        if APC_SHEET not in book.sheetnames:
            raise WorkbookError(f"{path.name} has no sheet {APC_SHEET!r} (Annex A layout)")
        label = path.name
        rows = list(
            _apc_rows([tuple(r) for r in book[APC_SHEET].iter_rows(values_only=True)], label)
        )
        for name in book.sheetnames:
            if name == APC_SHEET:
                continue
            sheet_rows = [tuple(r) for r in book[name].iter_rows(values_only=True)]
            rows.extend(_outpatient_rows(name, sheet_rows, label))
            if "mff" in name.lower() or "market forces" in name.lower():
                rows.extend(_mff_rows(name, sheet_rows, label))
    finally:
        book.close()
    if not any(r.kind == "op" for r in rows):
        raise WorkbookError(f"{path.name} has no outpatient attendance sheet (TFC prices)")
    return rows


def write_tariff_csv(rows: Iterable[TariffRow], path: Path) -> int:
    """Write rows in the PARS tariff CSV layout; returns how many were written."""
    path.parent.mkdir(parents=True, exist_ok=True)
    count = 0
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=TARIFF_COLUMNS, lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow(
                {
                    "kind": row.kind,
                    "code": row.code,
                    "setting": row.setting,
                    "price": str(row.price),
                    "trim_point_days": "" if row.trim_point_days is None else row.trim_point_days,
                    "xbd_per_day": "" if row.xbd_per_day is None else str(row.xbd_per_day),
                    "ssem_percent": "" if row.ssem_percent is None else str(row.ssem_percent),
                    "name": row.name,
                    "status": row.status,
                    "source": row.source,
                }
            )
            count += 1
    return count


def import_workbook(path: Path, financial_year: str, out_dir: Path) -> tuple[Path, int]:
    """Import a workbook as ``out_dir/<year>.csv``.

    Rows the workbook does not carry (non-tariff local prices, and the MFF when
    it has no MFF sheet) are carried over from the nearest loaded year, with
    their source saying so, so the new year prices everything the old one did.
    """
    from pars.core.periods import FinancialYear
    from pars.tariff.loader import clear_cache, load_tariff, shipped_years

    fy = FinancialYear.parse(financial_year)
    rows = read_workbook(path)
    kinds = {r.kind for r in rows}
    previous_year = max(
        (y for y in shipped_years() if FinancialYear.parse(y) <= fy),
        default=shipped_years()[0],
    )
    previous = load_tariff(previous_year)
    carried = 0
    for row in previous.rows.values():
        if row.kind == "local" or (row.kind == "mff" and "mff" not in kinds):
            rows.append(
                TariffRow(
                    **{
                        **{f: getattr(row, f) for f in TariffRow.__slots__},
                        "source": f"carried from {previous.file_label}: {row.source}",
                    }
                )
            )
            carried += 1
    target = out_dir / f"{fy.slug}.csv"
    count = write_tariff_csv(rows, target)
    clear_cache()
    log.info("imported %d tariff rows (%d carried over) into %s", count, carried, target)
    return target, count
