"""Validated SUS rows, one type per extract, and the rules that validate a raw row.

A row is *rejected* (kept aside with its reason) when it cannot be billed or
checked at all: no record id, no provider, no activity date, no valid TFC, no
price. A missing or invalid NHS number or birth date does *not* reject the
row: real SUS feeds carry blanked and mistyped identifiers, and those rows are
exactly what probabilistic linkage is for. They are kept with the identifier
set to None, the raw text preserved for fuzzy comparison, and a warning.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation

from pars.core.codes import ODSCode, OPCS4Code, PracticeCode
from pars.core.nhs_number import is_valid_nhs_number, normalise_nhs_number

# Birth dates that systems write when the real one is unknown; linkage treats them as missing.
PLACEHOLDER_BIRTH_YEAR_MAX = 1900


class RowError(ValueError):
    """A raw SUS row that cannot be used; the message is the one-line reason (no identifiers)."""


@dataclass(slots=True)
class OutpatientRecord:
    line: int
    attendance_id: str
    nhs_number: str | None
    nhs_number_raw: str
    birth_date: date | None
    practice_code: str | None
    provider_code: str
    appointment_date: date
    treatment_function_code: str
    first_attendance: str
    attended: str
    referral_source: str
    priority_type: str
    referral_received_date: date | None
    hrg_code: str
    tariff_price: Decimal
    warnings: list[str] = field(default_factory=list)

    @property
    def record_id(self) -> str:
        return self.attendance_id

    @property
    def activity_date(self) -> date:
        return self.appointment_date

    @property
    def is_first(self) -> bool:
        return self.first_attendance in {"1", "3"}


@dataclass(slots=True)
class AdmissionRecord:
    line: int
    spell_id: str
    nhs_number: str | None
    nhs_number_raw: str
    birth_date: date | None
    practice_code: str | None
    provider_code: str
    admission_date: date
    discharge_date: date | None
    admission_method: str
    patient_classification: str
    treatment_function_code: str
    primary_diagnosis: str
    primary_procedure: str
    spell_hrg: str
    tariff_price: Decimal
    warnings: list[str] = field(default_factory=list)

    @property
    def record_id(self) -> str:
        return self.spell_id

    @property
    def activity_date(self) -> date:
        return self.admission_date


_DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%Y%m%d", "%d-%m-%Y", "%Y/%m/%d", "%d.%m.%Y")
_EXCEL_EPOCH = date(1899, 12, 30)
_MONEY_NOISE = re.compile(r"[£,\s]")


def parse_date(text: str) -> date | None:
    """Dates as SUS and spreadsheets write them; None when blank, ValueError when not a date."""
    text = text.strip()
    if not text:
        return None
    if len(text) >= 10 and text[4] == "-" and text[7] == "-":
        return date.fromisoformat(text[:10])
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    if text.isdigit() and 20000 <= int(text) <= 80000:  # an Excel serial day number
        return _EXCEL_EPOCH + timedelta(days=int(text))
    raise ValueError(f"not a date: {text[:20]!r}")


def parse_price(text: str) -> Decimal:
    cleaned = _MONEY_NOISE.sub("", text)
    if not cleaned:
        raise RowError("price missing")
    try:
        amount = Decimal(cleaned)
    except InvalidOperation:
        raise RowError("price is not a number") from None
    if not amount.is_finite():
        raise RowError("price is not a number")
    if amount < 0:
        raise RowError("price is negative")
    return amount.quantize(Decimal("0.01"))


def _code(text: str, width: int) -> str:
    """Code values lose their leading zeros in spreadsheets (``3`` for ``03``); put them back."""
    text = text.strip()
    if text.endswith(".0") and text[:-2].isdigit():
        text = text[:-2]
    if text.isdigit() and len(text) < width:
        return text.zfill(width)
    return text.upper()


MAX_ID_LENGTH = 64


def _required(cells: dict[str, str], name: str, label: str) -> str:
    value = cells.get(name, "").strip()
    if not value:
        raise RowError(f"{label} missing")
    return value


def _record_id(cells: dict[str, str], name: str) -> str:
    value = _required(cells, name, name)
    if len(value) > MAX_ID_LENGTH:
        raise RowError(f"{name} longer than {MAX_ID_LENGTH} characters")
    return value


def _activity_date(cells: dict[str, str], name: str, label: str) -> date:
    try:
        value = parse_date(cells.get(name, ""))
    except ValueError:
        raise RowError(f"{label} is not a date") from None
    if value is None:
        raise RowError(f"{label} missing")
    return value


def _optional_date(
    cells: dict[str, str], name: str, label: str, warnings: list[str]
) -> date | None:
    try:
        return parse_date(cells.get(name, ""))
    except ValueError:
        warnings.append(f"{label} is not a date")
        return None


def _identity(
    cells: dict[str, str], warnings: list[str]
) -> tuple[str | None, str, date | None, str | None]:
    raw = normalise_nhs_number(cells.get("nhs_number", "").strip())
    if raw.endswith(".0") and raw[:-2].isdigit():  # spreadsheets turn NHS numbers into floats
        raw = raw[:-2]
    nhs = raw if is_valid_nhs_number(raw) else None
    if nhs is None:
        warnings.append("NHS number missing" if not raw else "NHS number invalid")
    birth = _optional_date(cells, "birth_date", "birth date", warnings)
    if birth is not None and birth.year <= PLACEHOLDER_BIRTH_YEAR_MAX:
        warnings.append("birth date is a placeholder")
        birth = None
    practice_text = cells.get("practice_code", "").strip()
    practice = practice_text.upper() if PracticeCode.is_valid(practice_text) else None
    if practice_text and practice is None:
        warnings.append("practice code invalid")
    return nhs, raw, birth, practice


def _provider(cells: dict[str, str]) -> str:
    text = _required(cells, "provider_code", "provider code")
    if not ODSCode.is_valid(text):
        raise RowError("provider code is not an ODS code")
    return text.upper()


def _tfc(cells: dict[str, str]) -> str:
    text = _code(_required(cells, "treatment_function_code", "treatment function code"), 3)
    if not (len(text) == 3 and text.isdigit()):
        raise RowError("treatment function code is not three digits")
    return text


def parse_outpatient(cells: dict[str, str], line: int) -> OutpatientRecord:
    """Validate one outpatient row (cells keyed by §3 names); RowError says why it is unusable."""
    record_id = _record_id(cells, "attendance_id")
    warnings: list[str] = []
    nhs, raw, birth, practice = _identity(cells, warnings)
    return OutpatientRecord(
        line=line,
        attendance_id=record_id,
        nhs_number=nhs,
        nhs_number_raw=raw,
        birth_date=birth,
        practice_code=practice,
        provider_code=_provider(cells),
        appointment_date=_activity_date(cells, "appointment_date", "appointment date"),
        treatment_function_code=_tfc(cells),
        first_attendance=_code(cells.get("first_attendance", ""), 1),
        attended=_code(cells.get("attended", ""), 1),
        referral_source=_code(cells.get("referral_source", ""), 2),
        priority_type=_code(cells.get("priority_type", ""), 1),
        referral_received_date=_optional_date(
            cells, "referral_received_date", "referral received date", warnings
        ),
        hrg_code=cells.get("hrg_code", "").strip().upper(),
        tariff_price=parse_price(cells.get("tariff_price", "")),
        warnings=warnings,
    )


def _opcs(text: str, warnings: list[str]) -> str:
    text = text.strip()
    if not text:
        return ""
    if OPCS4Code.is_valid(text):
        return OPCS4Code(text).value
    warnings.append("primary procedure is not an OPCS-4 code")
    return ""


def parse_admission(cells: dict[str, str], line: int) -> AdmissionRecord:
    """Validate one admitted patient care spell; RowError says why it is unusable."""
    record_id = _record_id(cells, "spell_id")
    warnings: list[str] = []
    nhs, raw, birth, practice = _identity(cells, warnings)
    admitted = _activity_date(cells, "admission_date", "admission date")
    discharged = _optional_date(cells, "discharge_date", "discharge date", warnings)
    if discharged is not None and discharged < admitted:
        raise RowError("discharge date is before admission date")
    return AdmissionRecord(
        line=line,
        spell_id=record_id,
        nhs_number=nhs,
        nhs_number_raw=raw,
        birth_date=birth,
        practice_code=practice,
        provider_code=_provider(cells),
        admission_date=admitted,
        discharge_date=discharged,
        admission_method=_code(cells.get("admission_method", ""), 2),
        patient_classification=_code(cells.get("patient_classification", ""), 1),
        treatment_function_code=_tfc(cells),
        primary_diagnosis=cells.get("primary_diagnosis", "").strip().upper(),
        primary_procedure=_opcs(cells.get("primary_procedure", ""), warnings),
        spell_hrg=cells.get("spell_hrg", "").strip().upper(),
        tariff_price=parse_price(cells.get("tariff_price", "")),
        warnings=warnings,
    )


SusRecord = OutpatientRecord | AdmissionRecord
