"""The shipped reference data: shape, provenance rules and lookups."""

import csv
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pars.core import OPCS4Code, TreatmentFunctionCode
from pars.core.periods import FinancialYear
from pars.refdata import (
    FINANCIAL_YEARS,
    TFC_KINDS,
    ProviderInfo,
    financial_years,
    icd10_title,
    is_known_tfc,
    load_opcs4,
    load_opcs4_categories,
    load_providers,
    load_tfcs,
    opcs4_title,
    provider_by_code,
)

SHARED_PROVIDERS = Path("/work/shared/reference/providers.csv")


def test_tfcs_cover_the_domain_list_and_every_kind():
    tfcs = load_tfcs()
    assert tfcs["110"].name == "Trauma & Orthopaedics"
    assert tfcs["110"].kind == "acute"
    assert tfcs["650"].kind == "therapy"
    assert tfcs["710"].kind == "mental_health"
    assert tfcs["812"].kind == "diagnostic"
    assert tfcs["560"].kind == "community"
    assert {info.kind for info in tfcs.values()} == TFC_KINDS
    for code, info in tfcs.items():
        assert code == info.code
        TreatmentFunctionCode(code)  # well formed
        assert info.name.strip() == info.name and info.name


@pytest.mark.parametrize("code", ["312", "500", "600", "810", "950", "960", "510", "990"])
def test_retired_and_non_treatment_functions_are_not_known(code):
    assert not is_known_tfc(code)


def test_is_known_tfc_strips_and_rejects_empty():
    assert is_known_tfc(" 130 ")
    assert not is_known_tfc("")
    assert not is_known_tfc(None)
    assert not is_known_tfc("999")


def test_providers_match_the_shared_reference_file():
    providers = load_providers()
    assert all(isinstance(p, ProviderInfo) for p in providers)
    if SHARED_PROVIDERS.exists():
        with SHARED_PROVIDERS.open(encoding="utf-8") as handle:
            codes = [row["provider_code"] for row in csv.DictReader(handle)]
        assert [p.code for p in providers] == codes
    rwg = provider_by_code("RWG")
    assert rwg is not None and "Watford General Hospital" in rwg.site_names
    assert provider_by_code("rwg02") == rwg
    assert provider_by_code("ZZZ") is None


def test_load_providers_returns_a_fresh_list():
    first = load_providers()
    first.clear()
    assert load_providers()


def test_opcs4_has_at_least_300_well_formed_codes_with_titles():
    opcs = load_opcs4()
    assert len(opcs) >= 300
    categories = load_opcs4_categories()
    for code, title in opcs.items():
        assert OPCS4Code(code).value == code
        assert code[:3] in categories
        assert title and title == title.strip()


@pytest.mark.parametrize(
    ("code", "title"),
    [
        ("W37.1", "Primary total prosthetic replacement of hip joint using cement"),
        ("W40.1", "Primary total prosthetic replacement of knee joint using cement"),
        ("C71.2", "Phakoemulsification of lens"),
        ("T20.2", "Primary repair of inguinal hernia using insert of prosthetic material"),
        ("J18.3", "Total cholecystectomy NEC"),
        ("H52.4", "Rubber band ligation of haemorrhoid"),
        ("A65.1", "Carpal tunnel release"),
        ("D15.1", "Myringotomy with insertion of ventilation tube through tympanic membrane"),
        ("N30.3", "Circumcision"),
        ("M65.3", "Endoscopic resection of prostate NEC"),
        (
            "G45.9",
            "Unspecified diagnostic fibreoptic endoscopic examination of upper gastrointestinal tract",
        ),
    ],
)
def test_opcs4_titles(code, title):
    assert load_opcs4()[code] == title
    assert opcs4_title(code.replace(".", "")) == title


def test_opcs4_title_of_category_and_unknown():
    assert opcs4_title("W37") == "Total prosthetic replacement of hip joint using cement"
    assert opcs4_title("Q99.9") is None


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("K40.9", "Unilateral or unspecified inguinal hernia, without obstruction or gangrene"),
        ("K409", "Unilateral or unspecified inguinal hernia, without obstruction or gangrene"),
        ("k40.9 ", "Unilateral or unspecified inguinal hernia, without obstruction or gangrene"),
        ("K40", "Inguinal hernia"),
        ("C50.9", "Malignant neoplasm: Breast, unspecified"),
        ("I", None),  # a chapter, not a code
        ("A00-A09", None),  # a block
        ("K40.99", None),
        ("", None),
    ],
)
def test_icd10_title(code, expected):
    assert icd10_title(code) == expected


@given(st.text(max_size=12))
def test_lookups_never_raise_on_arbitrary_text(text):
    title = icd10_title(text)
    assert title is None or isinstance(title, str)
    assert opcs4_title(text) is None or isinstance(opcs4_title(text), str)
    assert isinstance(is_known_tfc(text), bool)


def test_financial_years_parse_and_are_consecutive():
    years = financial_years()
    assert years == list(FINANCIAL_YEARS)
    parsed = [FinancialYear.parse(y) for y in years]
    assert [p.start_year for p in parsed] == list(
        range(parsed[0].start_year, parsed[-1].start_year + 1)
    )
    assert "2025/26" in years


def test_refdata_does_not_import_django():
    code = (
        "import sys, pars.refdata as r\n"
        "r.load_tfcs(); r.load_providers(); r.load_opcs4(); r.icd10_title('K40.9')\n"
        "assert 'django' not in sys.modules\n"
    )
    subprocess.run([sys.executable, "-W", "error", "-c", code], check=True)


def test_every_opcs4_row_states_how_sure_we_are_of_it():
    from importlib import resources

    for name in ("opcs4.csv", "opcs4_categories.csv"):
        text = resources.files("pars.refdata").joinpath("data", name).read_text(encoding="utf-8")
        rows = list(csv.DictReader(text.splitlines()))
        assert rows and {row["confidence"] for row in rows} <= {"high", "medium"}


def test_tfc_names_from_the_domain_list_are_kept_exactly():
    domain = Path("/work/shared/domain.md")
    if not domain.exists():
        pytest.skip("shared domain notes not present")
    text = domain.read_text(encoding="utf-8")
    block = text.split("```csv", 1)[1].split("```", 1)[0]
    rows = [line.split(",", 1) for line in block.strip().splitlines()[1:]]
    tfcs = load_tfcs()
    assert rows
    for code, name in rows:
        assert tfcs[code].name == name


def test_reference_data_page_states_the_shipped_counts():
    page = Path(__file__).resolve().parents[3] / "docs" / "reference-data.md"
    text = page.read_text(encoding="utf-8")
    assert f"{len(load_opcs4())} codes in {len(load_opcs4_categories())} categories" in text
    domain_codes = sum(1 for _ in csv.DictReader(_shipped("tfcs.csv")) if _["source"] == "dd-2019")
    assert f"the {domain_codes} codes of domain.md" in text
    opcs = list(csv.DictReader(_shipped("opcs4.csv")))
    for level in ("high", "medium"):
        count = sum(1 for row in opcs if row["confidence"] == level)
        assert f"`confidence = {level}` ({count} codes)" in text


def _shipped(name: str) -> list[str]:
    from importlib import resources

    data = resources.files("pars.refdata").joinpath("data", name)
    return data.read_text(encoding="utf-8").splitlines()
