"""Tariff rules as tables of hand-worked examples (domain.md §3).

Each row reads as documentation: the input, the expected price, and why. The
tariff here is a small hand-built one so the arithmetic can be checked by eye.
"""

from decimal import Decimal

import pytest

from pars.tariff import HRGMap, MappingRow, Tariff, TariffLookupError, TariffRow, load_tariff

D = Decimal


def _tariff(year: str = "2025/26") -> Tariff:
    scale = D(1)
    rows = [
        TariffRow("op", "110", "first", D(200) * scale),
        TariffRow("op", "110", "follow_up", D(100) * scale),
        TariffRow("op", "110", "first_multi", D(240) * scale),
        TariffRow("op", "130", "first", D(150) * scale),
        TariffRow("local", "650", "first", D(60) * scale),
        TariffRow(
            "apc", "HN12F", "combined", D(6000) * scale, trim_point_days=5, xbd_per_day=D(300)
        ),
        TariffRow(
            "apc", "HN12F", "non_elective", D(7000) * scale, trim_point_days=5, xbd_per_day=D(300)
        ),
        TariffRow("apc", "FE32Z", "day_case", D(600) * scale),
        TariffRow("apc", "FE32Z", "outpatient_procedure", D(500) * scale),
        TariffRow("apc", "LB72A", "day_case", D(400) * scale),
        TariffRow("apc", "LB72A", "outpatient_procedure", D(230) * scale),
        TariffRow(
            "apc",
            "DZ11R",
            "non_elective",
            D(2000) * scale,
            trim_point_days=8,
            xbd_per_day=D(250),
            ssem_percent=D(30),
        ),
        TariffRow("apc", "FF62B", "day_case", D(1700) * scale),
        TariffRow(
            "apc", "FF62B", "elective", D(2300) * scale, trim_point_days=3, xbd_per_day=D(290)
        ),
        TariffRow("local", "XD01Z", "day_case", D(350)),
        TariffRow("mff", "RWG", "payment_index", D("1.1")),
        TariffRow("mff", "RAL", "payment_index", D("1.2")),
    ]
    mapping = HRGMap(
        [
            MappingRow("opcs4", "W37", "", "HN12F"),
            MappingRow("opcs4", "H22", "", "FE32Z"),
            MappingRow("opcs4", "M45", "", "LB72A"),
            MappingRow("opcs4", "T20", "", "FF62B"),
            MappingRow("opcs4", "X89", "", "XD01Z"),
            MappingRow("icd10", "J18", "", "DZ11R"),
            MappingRow("icd10", "K40", "", "FF62B"),
        ]
    )
    return Tariff(year, rows, mapping, file_label=f"tariff/{year.replace('/', '-')}.csv")


OUTPATIENT_CASES = [
    # (why, kwargs, amount, base, mff, source row, hrg)
    (
        "first attendance, no MFF",
        dict(tfc="110", first=True),
        "200.00",
        "200.00",
        1.0,
        "op:110:first",
        "WF01B",
    ),
    (
        "follow-up is the follow-up row",
        dict(tfc="110", first=False),
        "100.00",
        "100.00",
        1.0,
        "op:110:follow_up",
        "WF01A",
    ),
    (
        "MFF multiplies: 200 x 1.1",
        dict(tfc="110", first=True, provider_code="RWG"),
        "220.00",
        "200.00",
        1.1,
        "op:110:first",
        "WF01B",
    ),
    (
        "site code uses its trust's MFF",
        dict(tfc="110", first=False, provider_code="RAL02"),
        "120.00",
        "100.00",
        1.2,
        "op:110:follow_up",
        "WF01A",
    ),
    (
        "unknown provider: MFF 1.0",
        dict(tfc="110", first=True, provider_code="NT401"),
        "200.00",
        "200.00",
        1.0,
        "op:110:first",
        "WF01B",
    ),
    (
        "multi-professional row: 240 x 1.1",
        dict(tfc="110", first=True, provider_code="RWG", multi_professional=True),
        "264.00",
        "240.00",
        1.1,
        "op:110:first_multi",
        "WF02B",
    ),
    (
        "no multi row: single price used",
        dict(tfc="130", first=True, multi_professional=True),
        "150.00",
        "150.00",
        1.0,
        "op:130:first",
        "WF01B",
    ),
    (
        "non-tariff TFC: local price, no MFF",
        dict(tfc="650", first=True, provider_code="RWG"),
        "60.00",
        "60.00",
        1.0,
        "local:650:first",
        None,
    ),
]


@pytest.mark.parametrize(("why", "kwargs", "amount", "base", "mff", "row", "hrg"), OUTPATIENT_CASES)
def test_outpatient_rules(why, kwargs, amount, base, mff, row, hrg):
    quote = _tariff().outpatient_price(**kwargs)
    assert (quote.amount, quote.base_amount, quote.mff, quote.hrg_code) == (
        D(amount),
        D(base),
        mff,
        hrg,
    ), why
    assert quote.source == f"tariff/2025-26.csv#{row}", why


SPELL_CASES = [
    (
        "elective uses the combined DC/EL price",
        dict(setting="elective", procedure="W37.1"),
        "6000.00",
        "apc:HN12F:combined",
        "HN12F",
    ),
    (
        "day case also takes the combined price first",
        dict(setting="day_case", procedure="W37.1"),
        "6000.00",
        "apc:HN12F:combined",
        "HN12F",
    ),
    (
        "elective, LOS 8 > trim 5: +3 x 300",
        dict(setting="elective", procedure="W37.1", length_of_stay=8),
        "6900.00",
        "apc:HN12F:combined",
        "HN12F",
    ),
    (
        "MFF on the whole spell: (6000 + 300) x 1.2",
        dict(setting="elective", procedure="W37.1", length_of_stay=6, provider_code="RAL"),
        "7560.00",
        "apc:HN12F:combined",
        "HN12F",
    ),
    (
        "most expensive HRG in the spell is paid",
        dict(setting="day_case", procedure="M45.9", procedures=["H22.9"]),
        "600.00",
        "apc:FE32Z:day_case",
        "FE32Z",
    ),
    (
        "outpatient procedure price",
        dict(setting="outpatient_procedure", procedure="M45.9", provider_code="RWG"),
        "253.00",
        "apc:LB72A:outpatient_procedure",
        "LB72A",
    ),
    (
        "no procedure: diagnosis decides",
        dict(setting="non_elective", diagnosis="J18.9", length_of_stay=4),
        "2000.00",
        "apc:DZ11R:non_elective",
        "DZ11R",
    ),
    (
        "short-stay emergency: 30% of 2000",
        dict(setting="non_elective", diagnosis="J18.9", length_of_stay=1),
        "600.00",
        "apc:DZ11R:non_elective",
        "DZ11R",
    ),
    (
        "non-elective long stay: 2000 + 2 x 250",
        dict(setting="non_elective", diagnosis="J18.9", length_of_stay=10),
        "2500.00",
        "apc:DZ11R:non_elective",
        "DZ11R",
    ),
    (
        "unmapped procedure falls back to the diagnosis",
        dict(setting="day_case", procedure="Z94.1", diagnosis="K40.9"),
        "1700.00",
        "apc:FF62B:day_case",
        "FF62B",
    ),
    (
        "non-tariff item: local price, no MFF",
        dict(setting="day_case", procedure="X89.1", provider_code="RWG"),
        "350.00",
        "local:XD01Z:day_case",
        "XD01Z",
    ),
]


@pytest.mark.parametrize(("why", "kwargs", "amount", "row", "hrg"), SPELL_CASES)
def test_spell_rules(why, kwargs, amount, row, hrg):
    quote = _tariff().spell_price(**kwargs)
    assert (quote.amount, quote.hrg_code) == (D(amount), hrg), why
    assert quote.source == f"tariff/2025-26.csv#{row}", why


LOOKUP_ERRORS = [
    ("unknown TFC", lambda t: t.outpatient_price(tfc="999", first=True)),
    ("not a TFC", lambda t: t.outpatient_price(tfc="11", first=True)),
    ("no follow-up row for 130", lambda t: t.outpatient_price(tfc="130", first=False)),
    (
        "unmapped procedure, no diagnosis",
        lambda t: t.spell_price(setting="day_case", procedure="Z94.1"),
    ),
    (
        "mapped HRG without a price in that setting",
        lambda t: t.spell_price(setting="outpatient_procedure", procedure="W37.1"),
    ),
    ("bad setting", lambda t: t.spell_price(setting="maternity", procedure="W37.1")),
    ("not an OPCS-4 code", lambda t: t.spell_price(setting="day_case", procedure="hip")),
]


@pytest.mark.parametrize(("why", "call"), LOOKUP_ERRORS)
def test_unknown_codes_raise_lookup_error(why, call):
    with pytest.raises(TariffLookupError):
        call(_tariff())


FINANCIAL_YEAR_CASES = [
    # the tariff year follows the activity date: 31 March vs 1 April
    ("2025-03-31", "2024/25"),
    ("2025-04-01", "2025/26"),
    ("2026-03-31", "2025/26"),
    ("2026-04-01", "2026/27"),
]


@pytest.mark.parametrize(("day", "year"), FINANCIAL_YEAR_CASES)
def test_financial_year_boundary_picks_the_tariff(day, year):
    from datetime import date

    from pars.tariff import tariff_for_date

    tariff = tariff_for_date(date.fromisoformat(day))
    assert tariff.financial_year == year
    quote = tariff.outpatient_price(tfc="110", first=True)
    assert quote.source == f"tariff/{year.replace('/', '-')}.csv#op:110:first"


def test_prices_differ_across_the_year_boundary():
    # the same attendance costs the new year's price from 1 April
    before = load_tariff("2024/25").outpatient_price(tfc="110", first=True).amount
    after = load_tariff("2025/26").outpatient_price(tfc="110", first=True).amount
    assert after > before
