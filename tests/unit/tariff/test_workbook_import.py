"""The Annex A importer, on workbooks built here in the published layout."""

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from pars.tariff import read_tariff_file
from pars.tariff.workbook import (
    APC_SHEET,
    WorkbookError,
    _number,
    import_workbook,
    read_workbook,
)

APC_HEADER = [
    "HRG code",
    "HRG name",
    "Outpatient procedure tariff (£)",
    "Combined day case / ordinary elective spell tariff (£)",
    "Day case spell tariff (£)",
    "Ordinary elective spell tariff (£)",
    "Ordinary elective long stay trim point (days)",
    "Non-elective spell tariff (£)",
    "Non-elective long stay trim point (days)",
    "Per day long stay payment (for days exceeding trim point) (£)",
    "% applied in calculation of reduced short stay emergency tariff",
    "Reduced short stay emergency tariff (£)",
]


def build_workbook(path, *, with_mff=True, apc_rows=None, op_rows=None):
    book = Workbook()
    apc = book.active
    apc.title = APC_SHEET
    apc.append(["Annex A: 2027/28 prices workbook"])  # title rows above the header
    apc.append([])
    apc.append(APC_HEADER)
    for row in apc_rows or [
        [
            "HN12F",
            "Very Major Hip Procedures, CC 0-1",
            "-",
            7000,
            "-",
            "-",
            5,
            8100,
            17,
            330,
            "-",
            "-",
        ],
        ["DZ11R", "Pneumonia, CC 0-3", "-", "-", "-", "-", "-", "2,400", 8, 300, 0.3, 720],
        [
            "LB72A",
            "Diagnostic Flexible Cystoscopy",
            240,
            "-",
            450,
            "-",
            "-",
            "-",
            "-",
            "-",
            "-",
            "-",
        ],
        ["Total", None, None, None, None, None, None, None, None, None, None, None],
    ]:
        apc.append(row)
    op = book.create_sheet("2 OP attendances")
    op.append(["Outpatient attendance prices"])
    op.append(
        [
            "Treatment function code",
            "Treatment function name",
            "First attendance - single professional (£)",
            "Follow-up attendance - single professional (£)",
            "First attendance - multi-professional (£)",
            "Follow-up attendance - multi-professional (£)",
        ]
    )
    for row in op_rows or [
        [110, "Trauma & Orthopaedics", 190, 100, 230, 125],
        ["130", "Ophthalmology", 170, 98, "-", "-"],
    ]:
        op.append(row)
    if with_mff:
        mff = book.create_sheet("MFF")
        mff.append(["Organisation code", "Organisation name", "MFF payment index"])
        mff.append(["RWG", "West Herts", 1.091])
    book.save(path)
    return path


def test_reads_apc_outpatient_and_mff_rows(tmp_path):
    rows = {
        r.kind + ":" + r.code + ":" + r.setting: r
        for r in read_workbook(build_workbook(tmp_path / "annex-a.xlsx"))
    }
    hip = rows["apc:HN12F:combined"]
    assert (hip.price, hip.trim_point_days, hip.xbd_per_day) == (Decimal(7000), 5, Decimal(330))
    assert hip.source == f"annex-a.xlsx!{APC_SHEET}:row 4"
    assert rows["apc:HN12F:non_elective"].trim_point_days == 17
    assert "apc:HN12F:day_case" not in rows  # a dash is "no price"
    assert rows["apc:DZ11R:non_elective"].price == Decimal(2400)
    assert rows["apc:DZ11R:non_elective"].ssem_percent == Decimal(30)
    assert rows["apc:LB72A:outpatient_procedure"].price == Decimal(240)
    assert rows["op:110:first"].price == Decimal(190)
    assert rows["op:110:follow_up_multi"].price == Decimal(125)
    assert "op:130:first_multi" not in rows
    assert rows["mff:RWG:payment_index"].price == Decimal("1.091")
    assert not any(key.startswith("apc:TOTAL") for key in rows)


def test_imported_year_prices_through_the_engine(tmp_path):
    target, count = import_workbook(
        build_workbook(tmp_path / "annex-a.xlsx"), "2027/28", tmp_path / "tariff"
    )
    assert target.name == "2027-28.csv" and count > 10
    tariff = read_tariff_file(target, "2027/28")
    quote = tariff.spell_price(
        setting="elective", procedure="W37.1", provider_code="RWG", length_of_stay=7
    )
    # (7000 + 2 excess days x 330) x 1.091
    assert quote.amount == Decimal("8357.06")
    assert quote.source == "tariff/2027-28.csv#apc:HN12F:combined"
    # non-tariff local rows are carried over from the latest shipped year
    assert (
        tariff.outpatient_price(tfc="650", first=True).source
        == "tariff/2027-28.csv#local:650:first"
    )
    assert "carried from" in tariff.rows["local:650:first"].source


def test_without_an_mff_sheet_the_previous_mff_is_carried(tmp_path):
    target, _ = import_workbook(
        build_workbook(tmp_path / "a.xlsx", with_mff=False), "2027/28", tmp_path
    )
    tariff = read_tariff_file(target, "2027/28")
    assert tariff.mff("RWG") > 1.0
    assert "carried from tariff/2026-27.csv" in tariff.rows["mff:RWG"].source


def test_wrong_layout_is_a_workbook_error(tmp_path):
    book = Workbook()
    book.active.title = "Sheet1"
    book.save(tmp_path / "x.xlsx")
    with pytest.raises(WorkbookError, match="APC & OPROC"):
        read_workbook(tmp_path / "x.xlsx")
    (tmp_path / "y.xlsx").write_bytes(b"not a workbook")
    with pytest.raises(WorkbookError):
        read_workbook(tmp_path / "y.xlsx")


def test_missing_outpatient_sheet_is_an_error(tmp_path):
    path = build_workbook(tmp_path / "z.xlsx")
    from openpyxl import load_workbook

    book = load_workbook(path)
    del book["2 OP attendances"]
    book.save(path)
    with pytest.raises(WorkbookError, match="outpatient"):
        read_workbook(path)


@settings(max_examples=200, deadline=None)
@given(
    st.one_of(
        st.none(), st.integers(-(10**6), 10**6), st.floats(allow_nan=True), st.text(max_size=12)
    )
)
def test_price_cells_never_crash(value):
    result = _number(value)
    assert result is None or (isinstance(result, Decimal) and result.is_finite())


@given(st.decimals(min_value=0, max_value=10**6, places=2))
def test_price_cells_read_currency_text(amount):
    assert _number(f"£{amount:,}") == amount
