"""Reading and validating the registry CSV files of formats.md §2, without Django.

Why a separate, pure module: the same rules serve ``pars import registry``, the
portal's upload form and the tests, and they must be provable without a
database. Each file is checked row by row; a bad row becomes a ``Problem``
naming the file, line and column, and is set aside, while every good row is
kept. Only problems that make the whole file unreadable (empty, not UTF-8 in
its header, a required column missing) are fatal for that file.

Rows come back as plain dicts of typed values (``date``, ``Decimal``, ``int``,
``str``), keyed by the formats.md column names.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from pars.core.codes import PracticeCode
from pars.core.periods import FinancialYear
from pars.refdata import is_known_tfc

__all__ = [
    "AGE_BANDS",
    "CLINICIAN_ROLES",
    "FILE_ORDER",
    "POINTS_OF_DELIVERY",
    "SPECS",
    "FileResult",
    "FileSpec",
    "Problem",
    "parse_registry_file",
]

AGE_BANDS: tuple[str, ...] = ("0-4", "5-14", "15-44", "45-64", "65-74", "75-84", "85+")
CLINICIAN_ROLES: tuple[str, ...] = ("gp", "nurse", "pharmacist", "physio", "other")
SEXES: tuple[str, ...] = ("M", "F")
POINTS_OF_DELIVERY: tuple[str, ...] = (
    "outpatient_first",
    "outpatient_follow_up",
    "outpatient_procedure",
    "elective",
    "day_case",
    "non_elective",
    "diagnostic_imaging",
    "prescribing",
)

_POSTCODE = re.compile(r"[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}")
_MONTH = re.compile(r"(\d{4})-(\d{2})")
_PROVIDER = re.compile(r"[A-Z0-9]{3}|[A-Z0-9]{5}")
_PRACTICE = PracticeCode.pattern
_MONEY_MAX = Decimal("999999999999.99")


class RowError(ValueError):
    """A value that breaks a rule; the message is one plain sentence for the user."""


@dataclass(frozen=True, slots=True)
class Problem:
    """Why one row (or the whole file, with ``line`` 0) was set aside."""

    file: str
    line: int
    column: str | None
    value: str | None
    message: str

    def __str__(self) -> str:
        where = self.file if self.line == 0 else f"{self.file} line {self.line}"
        if self.column:
            where += f", column {self.column}"
        return f"{where}: {self.message}"


@dataclass(slots=True)
class FileResult:
    """The outcome of reading one file: good rows (with their line numbers) and problems."""

    file: str
    rows: list[dict[str, Any]] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    fatal: bool = False
    rows_read: int = 0


# --- cell validators: text in, typed value out, RowError with a plain reason ---


def _required(text: str) -> str:
    if not text:
        raise RowError("is empty; a value is required")
    return text


def _practice_code(text: str) -> str:
    cleaned = text.upper()
    if not _PRACTICE.fullmatch(cleaned):
        raise RowError(f"{text!r} is not a GP practice ODS code (a letter and five digits)")
    return cleaned


def _provider_code(text: str) -> str:
    cleaned = text.strip().upper()
    if _PRACTICE.fullmatch(cleaned):
        raise RowError(f"{text!r} is a GP practice code, not a provider code")
    if not _PROVIDER.fullmatch(cleaned):
        raise RowError(
            f"{text!r} is not a provider ODS code (3 characters for a trust, 5 for a site)"
        )
    return cleaned


def _optional_postcode(text: str) -> str:
    if not text:
        return ""
    cleaned = re.sub(r"\s+", " ", text.upper())
    if not _POSTCODE.fullmatch(cleaned):
        raise RowError(f"{text!r} is not a UK postcode")
    compact = cleaned.replace(" ", "")
    return f"{compact[:-3]} {compact[-3:]}"


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise RowError(f"{text!r} is not a date like 2025-04-01") from None


def _optional_iso_date(text: str) -> date | None:
    return _iso_date(text) if text else None


def _month(text: str) -> date:
    match = _MONTH.fullmatch(text)
    if not match or not 1 <= int(match.group(2)) <= 12 or int(match.group(1)) < 1900:
        raise RowError(f"{text!r} is not a month like 2025-04 (YYYY-MM)")
    return date(int(match.group(1)), int(match.group(2)), 1)


def _one_of(choices: Iterable[str], *, case: Callable[[str], str] = str.lower):
    allowed = tuple(choices)

    def check(text: str) -> str:
        value = case(text)
        if value not in allowed:
            raise RowError(f"{text!r} is not one of {', '.join(allowed)}")
        return value

    return check


def _count(text: str) -> int:
    if not re.fullmatch(r"\d{1,12}", text):
        raise RowError(f"{text!r} is not a whole number of zero or more")
    return int(text)


def _money(text: str) -> Decimal:
    cleaned = text.replace(",", "").removeprefix("£")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise RowError(f"{text!r} is not an amount of money like 1234.50") from None
    if not value.is_finite() or value < 0 or value > _MONEY_MAX:
        raise RowError(f"{text!r} is not an amount of money of zero or more")
    if value != value.quantize(Decimal("0.01")):
        raise RowError(f"{text!r} has more than two decimal places")
    return value.quantize(Decimal("0.01"))


def _financial_year(text: str) -> str:
    try:
        return str(FinancialYear.parse(text))
    except ValueError:
        raise RowError(f"{text!r} is not a financial year like 2025/26") from None


def _optional_tfc(text: str) -> str:
    if not text:
        return ""
    if not is_known_tfc(text):
        raise RowError(f"{text!r} is not a known Treatment Function Code")
    return text


def _site_names(text: str) -> str:
    return "|".join(part.strip() for part in text.split("|") if part.strip())


@dataclass(frozen=True, slots=True)
class FileSpec:
    """The columns of one registry file, how to check each, and its natural key."""

    name: str
    columns: dict[str, Callable[[str], Any]]
    key: tuple[str, ...]
    optional: frozenset[str] = frozenset()
    practice_column: str | None = None
    provider_column: str | None = None


SPECS: dict[str, FileSpec] = {
    spec.name: spec
    for spec in [
        FileSpec(
            "practices.csv",
            {
                "practice_code": _practice_code,
                "name": _required,
                "address": str,
                "postcode": _optional_postcode,
                "group_code": str.upper,
            },
            key=("practice_code",),
        ),
        FileSpec(
            "providers.csv",
            {"provider_code": _provider_code, "name": _required, "site_names": _site_names},
            key=("provider_code",),
            optional=frozenset({"site_names"}),
        ),
        FileSpec(
            "clinicians.csv",
            {
                "clinician_id": lambda text: _required(text).upper(),
                "practice_code": _practice_code,
                "name": _required,
                "role": _one_of(CLINICIAN_ROLES),
                "start_date": _optional_iso_date,
                "end_date": _optional_iso_date,
            },
            key=("practice_code", "clinician_id"),
            practice_column="practice_code",
        ),
        FileSpec(
            "list_sizes.csv",
            {
                "practice_code": _practice_code,
                "month": _month,
                "sex": _one_of(SEXES, case=str.upper),
                "age_band": _one_of(AGE_BANDS, case=lambda s: s.replace(" ", "")),
                "patients": _count,
            },
            key=("practice_code", "month", "sex", "age_band"),
            practice_column="practice_code",
        ),
        FileSpec(
            "budgets.csv",
            {
                "practice_code": _practice_code,
                "financial_year": _financial_year,
                "point_of_delivery": _one_of(POINTS_OF_DELIVERY),
                "amount": _money,
            },
            key=("practice_code", "financial_year", "point_of_delivery"),
            practice_column="practice_code",
        ),
        FileSpec(
            "contracts.csv",
            {
                "provider_code": _provider_code,
                "financial_year": _financial_year,
                "point_of_delivery": _one_of(POINTS_OF_DELIVERY),
                "planned_activity": _count,
                "planned_value": _money,
                "tfc": _optional_tfc,
            },
            key=("provider_code", "financial_year", "point_of_delivery", "tfc"),
            optional=frozenset({"tfc"}),
            provider_column="provider_code",
        ),
    ]
}

# Files that others refer to come first, so references can be checked against them.
FILE_ORDER: tuple[str, ...] = (
    "practices.csv",
    "providers.csv",
    "clinicians.csv",
    "list_sizes.csv",
    "budgets.csv",
    "contracts.csv",
)


def _decode(name: str, data: bytes) -> tuple[str | None, Problem | None]:
    """Text of the file, keeping undecodable bytes as surrogates so rows can be judged alone."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, Problem(name, 0, None, None, "is UTF-16; save it as UTF-8 (CSV UTF-8)")
    text = data.decode("utf-8", errors="surrogateescape")
    return text.removeprefix("\ufeff"), None


_UNDECODABLE = re.compile("[\udc80-\udcff]")


def _has_undecodable(text: str) -> bool:
    return _UNDECODABLE.search(text) is not None


def _first_bad_byte(text: str) -> str:
    match = _UNDECODABLE.search(text)
    return f"0x{ord(match.group()) - 0xDC00:02X}" if match else "?"


def parse_registry_file(
    name: str,
    data: bytes,
    *,
    known_practices: Collection[str] | None = None,
    known_providers: Collection[str] | None = None,
) -> FileResult:
    """Validate one registry file (``name`` is its formats.md §2 file name).

    ``known_practices`` / ``known_providers``: codes a row may refer to (from
    the same import and the database); ``None`` skips that reference check.
    Later rows repeating an earlier row's natural key are set aside, naming
    the line that was kept, so a file cannot silently overwrite itself.
    """
    spec = SPECS[name]
    result = FileResult(file=name)

    def fatal(message: str) -> FileResult:
        result.problems.append(Problem(name, 0, None, None, message))
        result.fatal = True
        return result

    if not data.strip():
        return fatal("is empty; expected a header line and rows")
    text, problem = _decode(name, data)
    if problem is not None:
        result.problems.append(problem)
        result.fatal = True
        return result
    assert text is not None
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except (StopIteration, csv.Error) as exc:
        return fatal(f"has no readable header line ({exc})")
    if _has_undecodable("".join(header)):
        return fatal(
            f"is not UTF-8 (byte {_first_bad_byte(''.join(header))} in the header); "
            "save it as UTF-8 (CSV UTF-8)"
        )
    header = [column.strip().lower() for column in header]
    if not any(header):
        return fatal("is empty; expected a header line and rows")
    required = [c for c in spec.columns if c not in spec.optional]
    missing = [c for c in required if c not in header]
    if missing:
        return fatal(
            f"missing column(s) {', '.join(missing)}; expected header "
            f"{','.join(required)} (found {','.join(header)})"
        )
    duplicated = sorted({c for c in header if c and header.count(c) > 1})
    if duplicated:
        return fatal(f"column(s) {', '.join(duplicated)} appear more than once in the header")
    positions = {column: header.index(column) for column in spec.columns if column in header}
    undecodable = _has_undecodable(text)

    seen_keys: dict[tuple[Any, ...], int] = {}
    previous_end = reader.line_num
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            line = previous_end + 1
            result.problems.append(Problem(name, line, None, None, f"is not valid CSV ({exc})"))
            result.rows_read += 1
            previous_end = reader.line_num
            continue
        line = previous_end + 1
        previous_end = reader.line_num
        if not cells or not any(cell.strip() for cell in cells):
            continue  # blank line
        result.rows_read += 1
        row_problem = _check_row(
            spec, cells, header, positions, line, known_practices, known_providers, undecodable
        )
        if isinstance(row_problem, Problem):
            result.problems.append(row_problem)
            continue
        row = row_problem
        key = tuple(row[column] for column in spec.key)
        if key in seen_keys:
            result.problems.append(
                Problem(
                    name,
                    line,
                    ",".join(spec.key),
                    "/".join(str(part) for part in key if part != ""),
                    f"duplicate of line {seen_keys[key]} (same {', '.join(spec.key)}); "
                    f"line {seen_keys[key]} was kept",
                )
            )
            continue
        seen_keys[key] = line
        result.rows.append(row)
        result.lines.append(line)
    return result


def _check_row(
    spec: FileSpec,
    cells: list[str],
    header: list[str],
    positions: dict[str, int],
    line: int,
    known_practices: Collection[str] | None,
    known_providers: Collection[str] | None,
    undecodable: bool,
) -> dict[str, Any] | Problem:
    """A typed row, or the first problem found in it."""
    name = spec.name
    joined = "".join(cells) if undecodable else ""
    if undecodable and _has_undecodable(joined):
        return Problem(
            name,
            line,
            None,
            None,
            f"is not UTF-8 (byte {_first_bad_byte(joined)}); save the file as UTF-8 (CSV UTF-8)",
        )
    if len(cells) != len(header):
        return Problem(
            name, line, None, None, f"has {len(cells)} fields; the header has {len(header)}"
        )
    row: dict[str, Any] = {}
    for column, check in spec.columns.items():
        raw = cells[positions[column]].strip() if column in positions else ""
        try:
            row[column] = check(raw)
        except RowError as exc:
            return Problem(name, line, column, raw, str(exc))
    ends_too_early = (
        spec.name == "clinicians.csv"
        and row["start_date"]
        and row["end_date"]
        and row["end_date"] < row["start_date"]
    )
    if ends_too_early:
        return Problem(
            name, line, "end_date", cells[positions["end_date"]].strip(), "is before start_date"
        )
    if spec.practice_column and known_practices is not None:
        code = row[spec.practice_column]
        if code not in known_practices:
            return Problem(
                name,
                line,
                spec.practice_column,
                code,
                f"practice {code} is not in practices.csv or the registry",
            )
    if spec.provider_column and known_providers is not None:
        code = row[spec.provider_column]
        if code not in known_providers:
            return Problem(
                name,
                line,
                spec.provider_column,
                code,
                f"provider {code} is not in providers.csv or the registry",
            )
    return row
