"""Rules for the registry CSV files (formats.md §2), on the pure core: no database."""

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pars.registry.csv_rules import (
    AGE_BANDS,
    FILE_ORDER,
    POINTS_OF_DELIVERY,
    SPECS,
    parse_registry_file,
)

GOOD = {
    "practices.csv": (
        "practice_code,name,address,postcode,group_code\n"
        "E82031,Parkbury Surgery,1 High St,WD17 1AA,06N\n"
        "e82032,Oak Lane Medical Centre,,wd187xx,06n\n"
    ),
    "providers.csv": (
        "provider_code,name,site_names\n"
        "RWG,West Herts,Watford General Hospital| St Albans City Hospital\n"
        "RWG02,St Albans site,\n"
    ),
    "clinicians.csv": (
        "clinician_id,practice_code,name,role,start_date,end_date\n"
        "G1234567,E82031,Dr Sarah Okafor,gp,2015-04-01,\n"
        "N99,E82031,Jo Smith,Nurse,,2024-03-31\n"
    ),
    "list_sizes.csv": (
        "practice_code,month,sex,age_band,patients\n"
        "E82031,2025-04,M,0-4,120\n"
        "E82031,2025-04,f,85+,40\n"
    ),
    "budgets.csv": (
        "practice_code,financial_year,point_of_delivery,amount\n"
        "E82031,2025/26,elective,150000\n"
        'E82031,2025-26,outpatient_first,"12,500.50"\n'
    ),
    "contracts.csv": (
        "provider_code,financial_year,point_of_delivery,planned_activity,planned_value\n"
        "RWG,2025/26,outpatient_first,1000,160000.00\n"
        "RWG,2025/26,elective,200,500000\n"
    ),
}


def parse(name, text, **kwargs):
    data = text.encode("utf-8") if isinstance(text, str) else text
    return parse_registry_file(name, data, **kwargs)


@pytest.mark.parametrize("name", FILE_ORDER)
def test_good_files_are_read_whole(name):
    result = parse(name, GOOD[name])
    assert result.problems == []
    assert not result.fatal
    assert len(result.rows) == result.rows_read == 2
    assert result.lines == [2, 3]


def test_values_are_typed_and_normalised():
    practices = parse("practices.csv", GOOD["practices.csv"]).rows
    assert practices[1]["practice_code"] == "E82032"
    assert practices[1]["postcode"] == "WD18 7XX"
    assert practices[1]["group_code"] == "06N"
    providers = parse("providers.csv", GOOD["providers.csv"]).rows
    assert providers[0]["site_names"] == "Watford General Hospital|St Albans City Hospital"
    clinicians = parse("clinicians.csv", GOOD["clinicians.csv"]).rows
    assert clinicians[0]["start_date"] == date(2015, 4, 1) and clinicians[0]["end_date"] is None
    assert clinicians[1]["role"] == "nurse"
    sizes = parse("list_sizes.csv", GOOD["list_sizes.csv"]).rows
    assert sizes[1] == {
        "practice_code": "E82031",
        "month": date(2025, 4, 1),
        "sex": "F",
        "age_band": "85+",
        "patients": 40,
    }
    budgets = parse("budgets.csv", GOOD["budgets.csv"]).rows
    assert budgets[1]["amount"] == Decimal("12500.50")
    assert budgets[1]["financial_year"] == "2025/26"
    contracts = parse("contracts.csv", GOOD["contracts.csv"]).rows
    assert contracts[0]["tfc"] == ""


# (file, row after the good header, column expected, words expected in the message)
BAD_ROWS = [
    ("practices.csv", "E8203,Bad,,,", "practice_code", "not a GP practice ODS code"),
    ("practices.csv", "RWG,Trust not practice,,,", "practice_code", "not a GP practice ODS code"),
    ("practices.csv", "E82033,,,,", "name", "is empty"),
    ("practices.csv", "E82033,Name,,NOTAPOSTCODE,", "postcode", "not a UK postcode"),
    ("providers.csv", "RW,Too short,", "provider_code", "not a provider ODS code"),
    ("providers.csv", "E82031,A practice,", "provider_code", "GP practice code"),
    ("clinicians.csv", "G1,E82031,Dr A,surgeon,,", "role", "not one of gp, nurse"),
    ("clinicians.csv", "G1,E82031,Dr A,gp,2020-02-30,", "start_date", "not a date"),
    ("clinicians.csv", "G1,E82031,Dr A,gp,2020-02-01,2019-01-01", "end_date", "before start_date"),
    ("clinicians.csv", ",E82031,Dr A,gp,,", "clinician_id", "is empty"),
    ("list_sizes.csv", "E82031,2025-13,M,0-4,1", "month", "not a month"),
    ("list_sizes.csv", "E82031,2025-00,M,0-4,1", "month", "not a month"),
    ("list_sizes.csv", "E82031,April 2025,M,0-4,1", "month", "not a month"),
    ("list_sizes.csv", "E82031,2025-04-01,M,0-4,1", "month", "not a month"),
    ("list_sizes.csv", "E82031,2025-04,X,0-4,1", "sex", "not one of M, F"),
    ("list_sizes.csv", "E82031,2025-04,M,0-5,1", "age_band", "not one of"),
    ("list_sizes.csv", "E82031,2025-04,M,0-4,-3", "patients", "whole number"),
    ("list_sizes.csv", "E82031,2025-04,M,0-4,1.5", "patients", "whole number"),
    ("budgets.csv", "E82031,2025/27,elective,1", "financial_year", "not a financial year"),
    ("budgets.csv", "E82031,2025/26,inpatients,1", "point_of_delivery", "not one of"),
    ("budgets.csv", "E82031,2025/26,elective,-1", "amount", "zero or more"),
    ("budgets.csv", "E82031,2025/26,elective,1.005", "amount", "two decimal places"),
    ("budgets.csv", "E82031,2025/26,elective,NaN", "amount", "zero or more"),
    ("budgets.csv", "E82031,2025/26,elective,lots", "amount", "not an amount"),
    ("contracts.csv", "RWG,2025/26,elective,ten,1", "planned_activity", "whole number"),
    ("contracts.csv", "RWG,2025/26,elective,1,", "planned_value", "not an amount"),
]


@pytest.mark.parametrize(("name", "row", "column", "words"), BAD_ROWS)
def test_bad_rows_are_set_aside_with_file_line_and_column(name, row, column, words):
    header, good_1, good_2 = GOOD[name].splitlines()
    result = parse(name, "\n".join([header, good_1, row, good_2]) + "\n")
    assert [r for r in result.rows] == parse(name, GOOD[name]).rows  # both good rows kept
    assert result.lines == [2, 4]
    [problem] = result.problems
    assert (problem.file, problem.line, problem.column) == (name, 3, column)
    assert words in problem.message
    assert str(problem).startswith(f"{name} line 3, column {column}: ")


@pytest.mark.parametrize("name", FILE_ORDER)
def test_duplicate_keys_keep_the_first_and_name_it(name):
    header, first, second = GOOD[name].splitlines()
    result = parse(name, "\n".join([header, first, second, first]) + "\n")
    assert len(result.rows) == 2
    [problem] = result.problems
    assert problem.line == 4
    assert "duplicate of line 2" in problem.message


def test_duplicate_practice_codes_differing_only_in_case_are_duplicates():
    text = "practice_code,name,address,postcode,group_code\nE82031,A,,,\ne82031,B,,,\n"
    result = parse("practices.csv", text)
    assert [r["name"] for r in result.rows] == ["A"]
    assert "duplicate of line 2" in result.problems[0].message


def test_unknown_tfc_in_optional_contract_column():
    text = (
        "provider_code,financial_year,point_of_delivery,planned_activity,planned_value,tfc\n"
        "RWG,2025/26,outpatient_first,100,16000,110\n"
        "RWG,2025/26,outpatient_first,100,16000,999\n"
        "RWG,2025/26,outpatient_first,100,16000,ABC\n"
        "RWG,2025/26,outpatient_first,100,16000,\n"
    )
    result = parse("contracts.csv", text)
    assert [r["tfc"] for r in result.rows] == ["110", ""]
    assert [(p.line, p.column) for p in result.problems] == [(3, "tfc"), (4, "tfc")]
    assert "not a known Treatment Function Code" in result.problems[0].message


def test_contract_lines_per_tfc_are_distinct_keys():
    text = (
        "provider_code,financial_year,point_of_delivery,planned_activity,planned_value,tfc\n"
        "RWG,2025/26,outpatient_first,100,16000,110\n"
        "RWG,2025/26,outpatient_first,100,16000,130\n"
    )
    assert len(parse("contracts.csv", text).rows) == 2


def test_references_to_unknown_practices_and_providers():
    sizes = parse("list_sizes.csv", GOOD["list_sizes.csv"], known_practices={"E99999"})
    assert sizes.rows == []
    assert "practice E82031 is not in practices.csv or the registry" in sizes.problems[0].message
    contracts = parse("contracts.csv", GOOD["contracts.csv"], known_providers={"RWG"})
    assert len(contracts.rows) == 2
    contracts = parse("contracts.csv", GOOD["contracts.csv"], known_providers=set())
    assert [p.column for p in contracts.problems] == ["provider_code", "provider_code"]


# (file contents, words expected in the one fatal message)
FATAL = [
    (b"", "is empty"),
    (b"\n\n  \n", "is empty"),
    (b"practice_code,name\nE82031,A\n", "missing column(s) address, postcode, group_code"),
    (b"code,name,address,postcode,group_code\nE82031,A,,,\n", "missing column(s) practice_code"),
    (
        "practice_code,name,address,postcode,group_code\n".encode("utf-16"),
        "is UTF-16",
    ),
    (b"pr\xe1ctice_code,name,address,postcode,group_code\n", "is not UTF-8 (byte 0xE1"),
    (
        b"practice_code,name,name,address,postcode,group_code\nE82031,A,B,,,\n",
        "appear more than once",
    ),
]


@pytest.mark.parametrize(("data", "words"), FATAL)
def test_unreadable_files_get_one_clear_message(data, words):
    result = parse_registry_file("practices.csv", data)
    assert result.fatal
    assert result.rows == []
    [problem] = result.problems
    assert problem.line == 0
    assert words in problem.message
    assert str(problem).startswith("practices.csv: ")


def test_header_only_file_is_fine_and_empty():
    result = parse("practices.csv", "practice_code,name,address,postcode,group_code\n")
    assert (result.rows, result.problems, result.fatal) == ([], [], False)


def test_wrong_encoding_rejects_only_the_bad_rows():
    data = (
        b"practice_code,name,address,postcode,group_code\n"
        b"E82031,Parkbury,,,\n"
        b"E82032,Caf\xe9 Surgery,,,\n"
        b"E82033,Oak,,,\n"
    )
    result = parse_registry_file("practices.csv", data)
    assert [r["practice_code"] for r in result.rows] == ["E82031", "E82033"]
    [problem] = result.problems
    assert problem.line == 3
    assert "not UTF-8 (byte 0xE9)" in problem.message


def test_utf8_bom_crlf_header_case_extra_columns_and_blank_lines_are_accepted():
    data = (
        "\ufeffPractice_Code , NAME,address,postcode,group_code,notes\r\n"
        'E82031,Parkbury Surgery,"1 High St,\nWatford",,06N,x\r\n'
        "\r\n"
        "E82032,Café Surgery,,,06N,y\r\n"
    ).encode()
    result = parse_registry_file("practices.csv", data)
    assert result.problems == []
    assert [r["name"] for r in result.rows] == ["Parkbury Surgery", "Café Surgery"]
    assert result.rows[0]["address"] == "1 High St,\nWatford"
    assert result.lines == [2, 5]


def test_rows_with_the_wrong_number_of_fields():
    text = "practice_code,name,address,postcode,group_code\nE82031,A,,\nE82032,B,,,,extra\n"
    result = parse("practices.csv", text)
    assert result.rows == []
    assert [(p.line, "fields" in p.message) for p in result.problems] == [(2, True), (3, True)]


@given(st.binary(max_size=300), st.sampled_from(FILE_ORDER))
@settings(max_examples=150, deadline=None)
def test_arbitrary_bytes_never_raise_and_every_row_is_accounted_for(data, name):
    result = parse_registry_file(name, data, known_practices=set(), known_providers=set())
    if result.fatal:
        assert result.rows == [] and len(result.problems) == 1
    else:
        row_problems = [p for p in result.problems if p.line]
        assert len(result.rows) + len(row_problems) == result.rows_read
        assert all(p.line >= 2 for p in row_problems)


_practice_code = st.from_regex(r"[A-Z][0-9]{5}", fullmatch=True)
_list_size_row = st.tuples(
    _practice_code,
    st.integers(2000, 2099),
    st.integers(1, 12),
    st.sampled_from(["M", "F"]),
    st.sampled_from(AGE_BANDS),
    st.integers(0, 10**6),
)


@given(st.lists(_list_size_row, max_size=30, unique_by=lambda r: r[:5]))
@settings(max_examples=60, deadline=None)
def test_every_valid_list_size_row_is_kept(rows):
    lines = ["practice_code,month,sex,age_band,patients"] + [
        f"{code},{year}-{month:02d},{sex},{band},{n}" for code, year, month, sex, band, n in rows
    ]
    result = parse("list_sizes.csv", "\n".join(lines) + "\n")
    assert result.problems == []
    assert [(r["practice_code"], r["patients"]) for r in result.rows] == [
        (code, n) for code, *_, n in rows
    ]


@given(
    st.sampled_from(POINTS_OF_DELIVERY),
    st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False),
)
@settings(max_examples=60, deadline=None)
def test_every_valid_budget_amount_is_kept_exactly(pod, amount):
    text = f"practice_code,financial_year,point_of_delivery,amount\nE82031,2025/26,{pod},{amount}\n"
    [row] = parse("budgets.csv", text).rows
    assert row["amount"] == amount
    assert row["point_of_delivery"] == pod


def test_file_order_puts_referenced_files_first_and_covers_every_spec():
    assert set(FILE_ORDER) == set(SPECS)
    assert FILE_ORDER.index("practices.csv") < FILE_ORDER.index("clinicians.csv")
    assert FILE_ORDER.index("providers.csv") < FILE_ORDER.index("contracts.csv")


def test_csv_rules_do_not_import_django():
    import subprocess
    import sys

    code = (
        "import sys, pars.registry.csv_rules as r\n"
        "r.parse_registry_file('practices.csv', b'practice_code,name,address,postcode,group_code\\n')\n"
        "assert 'django' not in sys.modules, 'django imported'\n"
    )
    subprocess.run([sys.executable, "-W", "error", "-c", code], check=True)
