"""The tariff engine: prices by financial year, with every amount traceable to a row.

Pure Python (no Django) so the CLI, the web app, the SUS reconciliation and the
synthetic-world generator all price activity the same way. A ``Tariff`` holds
one financial year's rows (outpatient prices by TFC, HRG prices by setting,
non-tariff local prices and the MFF payment index per provider) plus the
HRG-lite mapping from procedures and diagnoses to HRGs (domain.md §3, §4).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from pars.core.codes import ICD10Code, OPCS4Code, TreatmentFunctionCode

#: Columns of a tariff CSV (shipped reference tariffs and imported workbooks).
TARIFF_COLUMNS = [
    "kind",
    "code",
    "setting",
    "price",
    "trim_point_days",
    "xbd_per_day",
    "ssem_percent",
    "name",
    "status",
    "source",
]
ROW_KINDS = ("op", "apc", "local", "mff")
OUTPATIENT_SETTINGS = ("first", "follow_up", "first_multi", "follow_up_multi")
SPELL_SETTINGS = (
    "outpatient_procedure",
    "day_case",
    "elective",
    "non_elective",
    "diagnostic_imaging",
)
#: Settings a price row may carry: the spell settings plus the Annex A
#: "combined day case / ordinary elective" price.
APC_ROW_SETTINGS = (*SPELL_SETTINGS, "combined")

#: Which price rows serve a spell setting, in order of preference (domain.md §3.1:
#: the combined DC/EL price wins where one exists).
_SETTING_ROWS: dict[str, tuple[str, ...]] = {
    "outpatient_procedure": ("outpatient_procedure",),
    "day_case": ("combined", "day_case", "elective"),
    "elective": ("combined", "elective"),
    "non_elective": ("non_elective",),
    "diagnostic_imaging": ("diagnostic_imaging",),
}
#: National outpatient attendance HRGs (WF01/WF02: single / multi-professional).
_ATTENDANCE_HRG = {
    "first": "WF01B",
    "follow_up": "WF01A",
    "first_multi": "WF02B",
    "follow_up_multi": "WF02A",
}
_PENNY = Decimal("0.01")


class TariffLookupError(LookupError):
    """No price for this code, setting or year; the message says which."""


@dataclass(frozen=True, slots=True)
class PriceQuote:
    """One priced item: ``amount`` = ``base_amount`` x ``mff``, rounded to the penny.

    ``source`` names the tariff file and row (``tariff/2025-26.csv#op:110:first``)
    so every pound PARS reports can be traced back to where it came from.
    """

    amount: Decimal
    base_amount: Decimal
    hrg_code: str | None
    source: str
    mff: float
    detail: str = ""
    status: str = ""  # "confirmed" / "indicative" / "imported", from the row


@dataclass(frozen=True, slots=True)
class TariffRow:
    kind: str
    code: str
    setting: str
    price: Decimal
    trim_point_days: int | None = None
    xbd_per_day: Decimal | None = None
    ssem_percent: Decimal | None = None
    name: str = ""
    status: str = ""
    source: str = ""

    @property
    def key(self) -> str:
        return (
            f"{self.kind}:{self.code}"
            if self.kind == "mff"
            else f"{self.kind}:{self.code}:{self.setting}"
        )


@dataclass(frozen=True, slots=True)
class MappingRow:
    """HRG-lite: a procedure (OPCS-4) or diagnosis (ICD-10) prefix and the HRG it groups to."""

    code_type: str  # "opcs4" or "icd10"
    prefix: str
    setting: str  # "" = any setting
    hrg_code: str
    status: str = ""
    source: str = ""


class HRGMap:
    """Longest-prefix lookup from OPCS-4 / ICD-10 codes to HRGs.

    The real HRG4+ grouper is not open (domain.md §4), so PARS groups by code
    prefix; CC splits cannot be reproduced and each family maps to one split.
    """

    def __init__(self, rows: Iterable[MappingRow]):
        self.rows = list(rows)
        self._by_type: dict[str, list[MappingRow]] = {}
        for row in self.rows:
            self._by_type.setdefault(row.code_type, []).append(row)
        for entries in self._by_type.values():
            entries.sort(key=lambda r: (-len(r.prefix), r.setting == ""))

    def lookup(self, code_type: str, code: str, setting: str) -> MappingRow | None:
        compact = code.replace(".", "")
        for row in self._by_type.get(code_type, ()):
            if row.setting and row.setting != setting:
                continue
            if compact.startswith(row.prefix.replace(".", "")):
                return row
        return None


def _money(value: Decimal) -> Decimal:
    return value.quantize(_PENNY, rounding=ROUND_HALF_UP)


class Tariff:
    """One financial year's prices. Build with ``load_tariff`` or ``Tariff(rows, ...)``."""

    def __init__(
        self,
        financial_year: str,
        rows: Iterable[TariffRow],
        hrg_map: HRGMap,
        *,
        file_label: str,
    ):
        self.financial_year = financial_year
        self.file_label = file_label  # e.g. "tariff/2025-26.csv"
        self.hrg_map = hrg_map
        self.rows: dict[str, TariffRow] = {}
        for row in rows:
            self.rows[row.key] = row
        # quotes are pure functions of their arguments: remember them
        self._quotes: dict[tuple, PriceQuote | TariffLookupError] = {}

    def _remember(self, key: tuple, compute) -> PriceQuote:
        found = self._quotes.get(key)
        if found is None:
            try:
                found = compute()
            except TariffLookupError as exc:
                found = exc
            if len(self._quotes) < 200_000:
                self._quotes[key] = found
        if isinstance(found, TariffLookupError):
            raise TariffLookupError(*found.args)
        return found

    def __repr__(self) -> str:
        return f"Tariff({self.financial_year!r}, {len(self.rows)} rows from {self.file_label})"

    def _source(self, row: TariffRow) -> str:
        return f"{self.file_label}#{row.key}"

    # -- market forces factor -------------------------------------------------
    def mff(self, provider_code: str | None) -> float:
        """MFF payment index for a provider (a site code uses its trust's); 1.0 if unknown.

        Unknown providers get 1.0 rather than an error because PARS meets
        independent-sector and out-of-area providers it has no index for; the
        quote's ``mff`` shows that no adjustment was made.
        """
        row = self._mff_row(provider_code)
        return float(row.price) if row else 1.0

    def _mff_row(self, provider_code: str | None) -> TariffRow | None:
        if not provider_code:
            return None
        code = provider_code.strip().upper()
        return self.rows.get(f"mff:{code}") or self.rows.get(f"mff:{code[:3]}")

    def _quote(
        self,
        row: TariffRow,
        base: Decimal,
        provider_code: str | None,
        hrg_code: str | None,
        detail: str,
    ) -> PriceQuote:
        if row.kind == "local":
            # Non-tariff items carry a locally agreed price: no MFF on top.
            return PriceQuote(
                _money(base),
                _money(base),
                hrg_code,
                self._source(row),
                1.0,
                (detail + "; " if detail else "") + "non-tariff local price, no MFF",
                row.status,
            )
        mff_row = self._mff_row(provider_code)
        index = mff_row.price if mff_row else Decimal(1)
        return PriceQuote(
            _money(base * index),
            _money(base),
            hrg_code,
            self._source(row),
            float(index),
            detail,
            row.status,
        )

    # -- outpatient attendances ----------------------------------------------
    def outpatient_price(
        self,
        *,
        tfc: str,
        first: bool,
        provider_code: str | None = None,
        multi_professional: bool = False,
    ) -> PriceQuote:
        """Price of one outpatient attendance by TFC, first or follow-up, x MFF.

        A multi-professional attendance falls back to the single-professional
        price when the year has none (the detail says so). TFCs outside the
        national tariff (therapies, mental health) are priced from local rows.
        """
        key = ("op", tfc, first, provider_code, multi_professional)
        return self._remember(
            key, lambda: self._outpatient_price(tfc, first, provider_code, multi_professional)
        )

    def _outpatient_price(
        self, tfc: str, first: bool, provider_code: str | None, multi_professional: bool
    ) -> PriceQuote:
        if not TreatmentFunctionCode.is_valid(tfc):
            raise TariffLookupError(f"{tfc!r} is not a Treatment Function Code")
        code = TreatmentFunctionCode(tfc).value
        base_setting = "first" if first else "follow_up"
        wanted = [f"{base_setting}_multi", base_setting] if multi_professional else [base_setting]
        for setting in wanted:
            for kind in ("op", "local"):
                row = self.rows.get(f"{kind}:{code}:{setting}")
                if row is None:
                    continue
                detail = ""
                if multi_professional and setting == base_setting:
                    detail = "no multi-professional price; single-professional price used"
                hrg = _ATTENDANCE_HRG[setting] if kind == "op" else None
                return self._quote(row, row.price, provider_code, hrg, detail)
        raise TariffLookupError(
            f"no {base_setting.replace('_', '-')} outpatient price for TFC {code} in {self.financial_year}"
        )

    # -- spells and procedures -----------------------------------------------
    def hrg_price(
        self,
        hrg_code: str,
        *,
        setting: str,
        provider_code: str | None = None,
        length_of_stay: int = 0,
    ) -> PriceQuote:
        """Price of a known HRG in a setting, with long-stay and short-stay rules, x MFF.

        Elective and non-elective spells add the per-day payment for each day
        beyond the trim point; a non-elective spell of 0-1 days gets the
        reduced short-stay percentage where the HRG has one (domain.md §3.1).
        """
        if setting not in _SETTING_ROWS:
            raise TariffLookupError(
                f"unknown setting {setting!r}; expected one of {SPELL_SETTINGS}"
            )
        hrg = hrg_code.strip().upper()
        for row_setting in _SETTING_ROWS[setting]:
            for kind in ("apc", "local"):
                row = self.rows.get(f"{kind}:{hrg}:{row_setting}")
                if row is None:
                    continue
                base = row.price
                notes = []
                if setting in ("elective", "non_elective") and row.trim_point_days is not None:
                    excess = max(0, length_of_stay - row.trim_point_days)
                    if excess and row.xbd_per_day:
                        base += excess * row.xbd_per_day
                        notes.append(
                            f"{excess} excess bed day(s) beyond trim point {row.trim_point_days} "
                            f"at £{row.xbd_per_day}"
                        )
                if (
                    setting == "non_elective"
                    and length_of_stay <= 1
                    and row.ssem_percent is not None
                ):
                    base = base * row.ssem_percent / 100
                    notes.append(f"short-stay emergency: {row.ssem_percent}% of spell price")
                return self._quote(row, base, provider_code, hrg, "; ".join(notes))
        raise TariffLookupError(f"no {setting} price for HRG {hrg} in {self.financial_year}")

    def group(
        self, *, setting: str, procedures: Sequence[str] = (), diagnosis: str | None = None
    ) -> list[tuple[str, MappingRow]]:
        """HRG-lite grouping: (code, mapping row) for each procedure that maps, else the diagnosis."""
        found: list[tuple[str, MappingRow]] = []
        for procedure in procedures:
            if not OPCS4Code.is_valid(procedure):
                raise TariffLookupError(f"{procedure!r} is not an OPCS-4 code")
            row = self.hrg_map.lookup("opcs4", OPCS4Code(procedure).value, setting)
            if row:
                found.append((OPCS4Code(procedure).value, row))
        if not found and diagnosis:
            if not ICD10Code.is_valid(diagnosis):
                raise TariffLookupError(f"{diagnosis!r} is not an ICD-10 code")
            row = self.hrg_map.lookup("icd10", ICD10Code(diagnosis).value, setting)
            if row:
                found.append((ICD10Code(diagnosis).value, row))
        return found

    def spell_price(
        self,
        *,
        setting: str,
        procedure: str | None = None,
        diagnosis: str | None = None,
        provider_code: str | None = None,
        length_of_stay: int = 0,
        procedures: Sequence[str] = (),
    ) -> PriceQuote:
        """Price a spell (or outpatient procedure) from its procedures and diagnosis.

        Every procedure (``procedure`` then ``procedures``) is grouped to an
        HRG through the mapping table and priced; the most expensive HRG in
        the spell is paid. The diagnosis decides only when no procedure maps.
        """
        key = (
            "spell",
            setting,
            procedure,
            diagnosis,
            provider_code,
            length_of_stay,
            tuple(procedures),
        )
        return self._remember(
            key,
            lambda: self._spell_price(
                setting, procedure, diagnosis, provider_code, length_of_stay, procedures
            ),
        )

    def _spell_price(
        self,
        setting: str,
        procedure: str | None,
        diagnosis: str | None,
        provider_code: str | None,
        length_of_stay: int,
        procedures: Sequence[str],
    ) -> PriceQuote:
        if setting not in _SETTING_ROWS:
            raise TariffLookupError(
                f"unknown setting {setting!r}; expected one of {SPELL_SETTINGS}"
            )
        codes = [c for c in ([procedure] if procedure else []) + list(procedures) if c]
        candidates = self.group(setting=setting, procedures=codes, diagnosis=diagnosis)
        if not candidates and codes and diagnosis is None:
            raise TariffLookupError(
                f"no HRG mapping for procedure(s) {', '.join(codes)} in setting {setting}"
            )
        best: PriceQuote | None = None
        priced = 0
        errors = []
        for code, mapping in candidates:
            try:
                quote = self.hrg_price(
                    mapping.hrg_code,
                    setting=setting,
                    provider_code=provider_code,
                    length_of_stay=length_of_stay,
                )
            except TariffLookupError as exc:
                errors.append(str(exc))
                continue
            priced += 1
            why = f"{code} -> {mapping.hrg_code} ({mapping.code_type} map {mapping.prefix})"
            quote = PriceQuote(
                quote.amount,
                quote.base_amount,
                quote.hrg_code,
                quote.source,
                quote.mff,
                "; ".join(p for p in (why, quote.detail) if p),
                quote.status,
            )
            if best is None or quote.amount > best.amount:
                best = quote
        if best is None:
            what = ", ".join(codes) or "no procedure"
            raise TariffLookupError(
                f"no {setting} price for {what}"
                + (f" / diagnosis {diagnosis}" if diagnosis else "")
                + (f" ({'; '.join(errors)})" if errors else "")
            )
        if priced > 1:
            best = PriceQuote(
                best.amount,
                best.base_amount,
                best.hrg_code,
                best.source,
                best.mff,
                best.detail + f"; most expensive of {priced} HRGs paid",
                best.status,
            )
        return best


def parse_rows(records: Iterable[Mapping[str, str]]) -> list[TariffRow]:
    """Validate CSV records into rows; a bad row raises ValueError naming its line."""
    rows = []
    for line, record in enumerate(records, start=2):
        kind = (record.get("kind") or "").strip()
        code = (record.get("code") or "").strip().upper()
        setting = (record.get("setting") or "").strip()
        if kind not in ROW_KINDS:
            raise ValueError(f"line {line}: kind {kind!r} is not one of {ROW_KINDS}")
        if kind in ("op",) and setting not in OUTPATIENT_SETTINGS:
            raise ValueError(
                f"line {line}: outpatient setting {setting!r} is not one of {OUTPATIENT_SETTINGS}"
            )
        if kind == "apc" and setting not in APC_ROW_SETTINGS:
            raise ValueError(f"line {line}: setting {setting!r} is not one of {APC_ROW_SETTINGS}")
        if kind == "local" and setting not in (*OUTPATIENT_SETTINGS, *APC_ROW_SETTINGS):
            raise ValueError(f"line {line}: setting {setting!r} is not a known setting")
        if not code:
            raise ValueError(f"line {line}: empty code")
        try:
            price = Decimal((record.get("price") or "").strip().replace(",", "").lstrip("£"))
            trim = (record.get("trim_point_days") or "").strip()
            xbd = (record.get("xbd_per_day") or "").strip()
            ssem = (record.get("ssem_percent") or "").strip()
            rows.append(
                TariffRow(
                    kind=kind,
                    code=code,
                    setting=setting,
                    price=price,
                    trim_point_days=int(trim) if trim else None,
                    xbd_per_day=Decimal(xbd) if xbd else None,
                    ssem_percent=Decimal(ssem) if ssem else None,
                    name=(record.get("name") or "").strip(),
                    status=(record.get("status") or "").strip(),
                    source=(record.get("source") or "").strip(),
                )
            )
        except (ArithmeticError, ValueError) as exc:
            raise ValueError(f"line {line}: bad number ({exc})") from exc
        if not price.is_finite() or price < 0:
            raise ValueError(f"line {line}: price must be a non-negative number")
    return rows
