"""The shipped reference tariffs load, are documented row by row, and price what PARS needs."""

import csv
import subprocess
import sys
from decimal import Decimal

import pytest

from pars.tariff import SPELL_SETTINGS, TariffLookupError, load_hrg_map, load_tariff, shipped_years
from pars.tariff.loader import SHIPPED

YEARS = ["2024/25", "2025/26", "2026/27"]


def test_three_years_are_shipped():
    assert shipped_years() == YEARS


@pytest.mark.parametrize("year", YEARS)
def test_every_row_says_whether_it_is_confirmed_and_where_it_came_from(year):
    path = SHIPPED / f"{year.replace('/', '-')}.csv"
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert rows
    for row in rows:
        assert row["status"] in {"confirmed", "indicative"}, row
        assert row["source"].strip(), row


def test_confirmed_rows_are_the_domain_research_prices():
    tariff = load_tariff("2024/25")
    assert tariff.rows["apc:HN12F:combined"].price == Decimal("6788")
    assert tariff.rows["apc:HN12F:combined"].status == "confirmed"
    assert tariff.rows["apc:HN22A:combined"].price == Decimal("10136")


def test_load_tariff_accepts_either_spelling_and_caches():
    assert load_tariff("2025/26") is load_tariff("2025-26")


def test_unknown_year_is_a_lookup_error():
    with pytest.raises(TariffLookupError):
        load_tariff("2019/20")
    with pytest.raises(TariffLookupError):
        load_tariff("next year")


@pytest.mark.parametrize("year", YEARS)
def test_every_mapped_hrg_has_a_price_in_some_setting(year):
    tariff = load_tariff(year)
    priced = {row.code for row in tariff.rows.values() if row.kind in ("apc", "local")}
    missing = {m.hrg_code for m in load_hrg_map().rows} - priced
    assert not missing


def test_every_spell_setting_prices_something():
    tariff = load_tariff("2025/26")
    examples = {
        "outpatient_procedure": dict(procedure="M45.9"),
        "day_case": dict(procedure="C75.1"),
        "elective": dict(procedure="W40.1"),
        "non_elective": dict(diagnosis="I21.9"),
        "diagnostic_imaging": dict(procedure="U21.1"),
    }
    assert set(examples) == set(SPELL_SETTINGS)
    for setting, kwargs in examples.items():
        quote = tariff.spell_price(setting=setting, provider_code="RWG", **kwargs)
        assert quote.amount > 0
        assert quote.source.startswith("tariff/2025-26.csv#")


def test_acute_outpatient_prices_sit_in_the_documented_range():
    tariff = load_tariff("2024/25")
    for key, row in tariff.rows.items():
        if key.startswith("op:") and row.setting == "first":
            assert Decimal(150) <= row.price <= Decimal(300), key
        if key.startswith("op:") and row.setting == "follow_up":
            assert Decimal(70) <= row.price <= Decimal(170), key


def test_user_file_in_data_dir_overrides_the_shipped_year(tmp_path, monkeypatch):
    from pars.tariff import loader

    folder = tmp_path / "tariff"
    folder.mkdir()
    (folder / "2025-26.csv").write_text(
        "kind,code,setting,price,trim_point_days,xbd_per_day,ssem_percent,name,status,source\n"
        "op,110,first,999,,,,,imported,test workbook\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("PARS_DATA_DIR", str(tmp_path))
    quote = loader.load_tariff("2025/26").outpatient_price(tfc="110", first=True)
    assert quote.amount == Decimal("999.00")
    assert quote.source == "tariff/2025-26.csv#op:110:first"


def test_bad_row_names_its_line(tmp_path):
    from pars.tariff import read_tariff_file

    path = tmp_path / "2025-26.csv"
    path.write_text(
        "kind,code,setting,price\nop,110,first,200\nop,110,first,abc\n", encoding="utf-8"
    )
    with pytest.raises(ValueError, match="line 3"):
        read_tariff_file(path, "2025/26")


def test_tariff_is_django_free():
    code = "import sys, pars.tariff; assert 'django' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True)
