"""Loading tariffs: the shipped reference years, or a newer file in PARS_DATA_DIR.

A file ``$PARS_DATA_DIR/tariff/<2025-26>.csv`` (written by
``pars cost --import-tariff``) wins over the shipped one for the same year, so
a commissioner can load the published workbook without a new PARS release.
"""

from __future__ import annotations

import csv
import functools
import os
from pathlib import Path

from pars.core.periods import FinancialYear
from pars.tariff.model import HRGMap, MappingRow, Tariff, TariffLookupError, parse_rows

SHIPPED = Path(__file__).with_name("data")


def user_tariff_dir() -> Path | None:
    """Folder for imported tariffs, or None when PARS_DATA_DIR is not set."""
    root = os.environ.get("PARS_DATA_DIR")
    return Path(root).expanduser() / "tariff" if root else None


def _find(slug: str, name: str) -> Path | None:
    user = user_tariff_dir()
    for folder in ([user] if user else []) + [SHIPPED]:
        path = folder / name.format(slug=slug)
        if path.is_file():
            return path
    return None


def load_hrg_map(path: Path | None = None) -> HRGMap:
    """The HRG-lite mapping table (user override, else shipped ``hrg_map.csv``)."""
    path = path or _find("", "hrg_map.csv") or SHIPPED / "hrg_map.csv"
    with path.open(newline="", encoding="utf-8") as handle:
        return HRGMap(
            MappingRow(
                code_type=r["code_type"].strip(),
                prefix=r["prefix"].strip().upper(),
                setting=(r.get("setting") or "").strip(),
                hrg_code=r["hrg_code"].strip().upper(),
                status=(r.get("status") or "").strip(),
                source=(r.get("source") or "").strip(),
            )
            for r in csv.DictReader(handle)
        )


def read_tariff_file(path: Path, financial_year: str, *, hrg_map: HRGMap | None = None) -> Tariff:
    """Load one tariff CSV (TARIFF_COLUMNS); rows are validated, errors name the line."""
    with path.open(newline="", encoding="utf-8-sig") as handle:
        try:
            rows = parse_rows(csv.DictReader(handle))
        except ValueError as exc:
            raise ValueError(f"{path}: {exc}") from exc
    return Tariff(
        str(FinancialYear.parse(financial_year)),
        rows,
        hrg_map or load_hrg_map(),
        file_label=f"tariff/{path.name}",
    )


@functools.cache
def _load(year: str, user_dir: str | None) -> Tariff:
    fy = FinancialYear.parse(year)
    path = _find(fy.slug, "{slug}.csv")
    if path is None:
        raise TariffLookupError(
            f"no tariff for {fy}; shipped years: {', '.join(shipped_years())}"
            " (load one with pars cost --import-tariff)"
        )
    return read_tariff_file(path, str(fy))


def load_tariff(financial_year: str) -> Tariff:
    """The tariff for a financial year like ``2025/26`` (cached per data folder)."""
    try:
        FinancialYear.parse(financial_year)
    except ValueError as exc:
        raise TariffLookupError(str(exc)) from exc
    user = user_tariff_dir()
    return _load(str(FinancialYear.parse(financial_year)), str(user) if user else None)


def tariff_for_date(day) -> Tariff:
    """The tariff in force on a date (financial years run 1 April to 31 March)."""
    return load_tariff(str(FinancialYear.of(day)))


def shipped_years() -> list[str]:
    return sorted(
        str(FinancialYear.parse(p.stem)) for p in SHIPPED.glob("*.csv") if p.stem[:4].isdigit()
    )


def clear_cache() -> None:
    """Forget loaded tariffs (after importing a new file)."""
    _load.cache_clear()
