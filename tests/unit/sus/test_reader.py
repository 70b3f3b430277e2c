"""Reading SUS files: good rows always survive; bad rows are reported with line and reason."""

from datetime import date
from decimal import Decimal

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pars.sus.columns import OUTPATIENT_COLUMNS
from pars.sus.reader import SusFileError, read_sus_file
from pars.sus.records import RowError, parse_admission, parse_outpatient

HEADER = ",".join(OUTPATIENT_COLUMNS)
GOOD = "OP1,9434765919,1960-03-14,E82031,RWG,2025-06-02,110,1,5,03,1,2025-03-10,WF01B,160.00"


def _write(tmp_path, text: str | bytes, name="op.csv"):
    path = tmp_path / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return path


def test_good_file(tmp_path):
    records, report = read_sus_file(_write(tmp_path, f"{HEADER}\n{GOOD}\n"), "outpatient")
    (r,) = records
    assert r.nhs_number == "9434765919" and r.appointment_date == date(2025, 6, 2)
    assert r.tariff_price == Decimal("160.00") and r.referral_source == "03" and r.line == 2
    assert report.rows == 1 and report.accepted == 1 and report.rejected == 0
    assert len(report.sha256) == 64


def test_aliased_header_and_other_date_formats(tmp_path):
    header = "AttendanceID,NHSNumber,DOB,GPPRAC,ProviderCode,AppointmentDate,TRETSPEF,FirstAttendanceCode,attended,OPReferralSourceCode,PriorityTypeCode,REQDATE,SUSHRG,Actual Cost"
    row = "OP9,943 476 5919,14/03/1960,E82031,RWG02,02/06/2025,110,1,5,3,1,,WF01B,£1,160.50"
    records, report = read_sus_file(
        _write(tmp_path, f'{header}\n"{row.split(",£")[0]}"\n'), "outpatient"
    )
    # the quoted line above is one cell: rejected as a short row, never a crash
    assert report.rejected == 1 and not records
    row_ok = 'OP9,943 476 5919,14/03/1960,E82031,RWG02,02/06/2025,110,1,5,3,1,,WF01B,"£1,160.50"'
    records, report = read_sus_file(_write(tmp_path, f"{header}\n{row_ok}\n"), "outpatient")
    (r,) = records
    assert r.birth_date == date(1960, 3, 14) and r.provider_code == "RWG02"
    assert r.referral_source == "03" and r.tariff_price == Decimal("1160.50")


def test_wrong_columns_is_a_file_error(tmp_path):
    with pytest.raises(SusFileError, match="missing column"):
        read_sus_file(_write(tmp_path, "a,b,c\n1,2,3\n"), "outpatient")


def test_admissions_file_given_as_outpatients(tmp_path):
    header = "spell_id,nhs_number,provider_code,admission_date,treatment_function_code,tariff_price"
    with pytest.raises(SusFileError, match="appointment_date"):
        read_sus_file(
            _write(tmp_path, f"{header}\nS1,9434765919,RWG,2025-01-01,110,1\n"), "outpatient"
        )


def test_empty_file(tmp_path):
    with pytest.raises(SusFileError, match="empty"):
        read_sus_file(_write(tmp_path, ""), "outpatient")


def test_bad_rows_are_reported_and_good_rows_kept(tmp_path):
    bad_tfc = GOOD.replace(",110,", ",11x,").replace("OP1", "OP2")
    bad_date = GOOD.replace("2025-06-02", "2025-13-45").replace("OP1", "OP3")
    no_price = GOOD.rsplit(",", 1)[0].replace("OP1", "OP4") + ","
    negative = GOOD.replace("160.00", "-5").replace("OP1", "OP5")
    truncated = GOOD[:40]
    extra = GOOD + ",surplus"
    lines = [
        HEADER,
        GOOD,
        bad_tfc,
        bad_date,
        no_price,
        negative,
        truncated,
        HEADER,
        extra,
        GOOD.replace("OP1", "OP6"),
    ]
    records, report = read_sus_file(_write(tmp_path, "\n".join(lines) + "\n"), "outpatient")
    assert [r.attendance_id for r in records] == ["OP1", "OP6"]
    reasons = {r.line: r.reason for r in report.rejections}
    assert "three digits" in reasons[3]
    assert "not a date" in reasons[4]
    assert "price missing" in reasons[5]
    assert "negative" in reasons[6]
    assert "truncated" in reasons[7]
    assert "repeated header" in reasons[8]
    assert "header has" in reasons[9]
    assert report.rows == report.accepted + report.rejected == 9


def test_invalid_nhs_number_is_kept_with_a_warning(tmp_path):
    blank = GOOD.replace("9434765919", "").replace("OP1", "OP2")
    typo = GOOD.replace("9434765919", "9434765991").replace("OP1", "OP3")
    records, report = read_sus_file(_write(tmp_path, f"{HEADER}\n{blank}\n{typo}\n"), "outpatient")
    assert [r.nhs_number for r in records] == [None, None]
    assert records[1].nhs_number_raw == "9434765991"
    assert report.warnings == 2 and report.rejected == 0


def test_placeholder_birth_date_is_missing(tmp_path):
    row = GOOD.replace("1960-03-14", "1900-01-01")
    (r,), _ = read_sus_file(_write(tmp_path, f"{HEADER}\n{row}\n"), "outpatient")
    assert r.birth_date is None and "placeholder" in r.warnings[0]


def test_mixed_encodings(tmp_path):
    latin = (GOOD.replace("OP1", "OPé") + "\n").encode("cp1252")
    data = f"{HEADER}\n{GOOD}\n".encode() + latin + (GOOD.replace("OP1", "OPß") + "\n").encode()
    records, report = read_sus_file(_write(tmp_path, data), "outpatient")
    assert [r.attendance_id for r in records] == ["OP1", "OPé", "OPß"]
    assert report.encoding_fallback_lines == 1


def test_semicolon_delimited_and_bom(tmp_path):
    text = "\ufeff" + HEADER.replace(",", ";") + "\n" + GOOD.replace(",", ";") + "\n"
    records, _ = read_sus_file(_write(tmp_path, text), "outpatient")
    assert len(records) == 1


def test_xlsx(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(list(OUTPATIENT_COLUMNS))
    cells = GOOD.split(",")
    cells[1] = 9434765919  # a number cell, as spreadsheets store NHS numbers
    cells[5] = date(2025, 6, 2)
    cells[9] = 3  # "03" lost its leading zero
    cells[13] = 160.0
    sheet.append(cells)
    sheet.append(["OP2"])  # truncated
    path = tmp_path / "op.xlsx"
    book.save(path)
    records, report = read_sus_file(path, "outpatient")
    (r,) = records
    assert r.nhs_number == "9434765919" and r.referral_source == "03"
    assert r.appointment_date == date(2025, 6, 2)
    assert report.rejected == 1


def test_not_an_xlsx(tmp_path):
    with pytest.raises(SusFileError, match="XLSX"):
        read_sus_file(_write(tmp_path, b"PK\x03\x04 nonsense", "op.xlsx"), "outpatient")


def test_progress_is_reported(tmp_path):
    seen = []
    body = "\n".join(GOOD.replace("OP1", f"OP{i}") for i in range(6000))
    read_sus_file(_write(tmp_path, f"{HEADER}\n{body}\n"), "outpatient", on_progress=seen.append)
    assert seen and seen == sorted(seen) and seen[-1] == (tmp_path / "op.csv").stat().st_size


def test_admission_rules():
    cells = {
        "spell_id": "S1",
        "nhs_number": "9434765919",
        "provider_code": "RWG",
        "admission_date": "2025-07-03",
        "discharge_date": "2025-07-01",
        "treatment_function_code": "110",
        "tariff_price": "100",
    }
    with pytest.raises(RowError, match="before admission"):
        parse_admission(cells, 2)
    cells["discharge_date"] = "2025-07-04"
    cells["primary_procedure"] = "w371"
    assert parse_admission(cells, 2).primary_procedure == "W37.1"


_text = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12)


@settings(max_examples=300, deadline=None)
@given(st.fixed_dictionaries({}, optional={name: _text for name in OUTPATIENT_COLUMNS}))
def test_row_parser_never_fails_other_than_row_error(cells):
    """Any cells at all: either a valid record or a RowError with a reason, nothing else."""
    try:
        record = parse_outpatient(cells, 2)
    except RowError as exc:
        assert str(exc)
    else:
        assert record.attendance_id.strip()
        assert len(record.treatment_function_code) == 3 and record.tariff_price >= 0
        assert record.nhs_number is None or len(record.nhs_number) == 10


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(["good", "bad", "short", "header", "latin"]), max_size=25))
def test_file_never_loses_good_rows(tmp_path_factory, kinds):
    """Whatever mix of lines: every good row is read, every other line is accounted for."""
    lines = [HEADER.encode()]
    expected = []
    for i, kind in enumerate(kinds):
        row = GOOD.replace("OP1", f"OP{i}")
        if kind == "good":
            expected.append(f"OP{i}")
            lines.append(row.encode())
        elif kind == "bad":
            lines.append(row.replace(",110,", ",XYZ,").encode())
        elif kind == "short":
            lines.append(row[:30].encode())
        elif kind == "header":
            lines.append(HEADER.encode())
        else:
            expected.append(f"OP{i}é")
            lines.append(row.replace(f"OP{i}", f"OP{i}é").encode("cp1252"))
    path = tmp_path_factory.mktemp("h") / "op.csv"
    path.write_bytes(b"\n".join(lines) + b"\n")
    records, report = read_sus_file(path, "outpatient")
    assert [r.attendance_id for r in records] == expected
    assert report.rows == len(kinds) == report.accepted + report.rejected


def test_title_lines_before_the_header_are_skipped(tmp_path):
    text = f"SUS outpatient extract,,\nRun 2025-07-01,,\n\n{HEADER}\n{GOOD}\n"
    records, report = read_sus_file(_write(tmp_path, text), "outpatient")
    assert len(records) == 1 and report.preamble_rows == 2 and records[0].line == 5


def test_no_header_in_the_first_rows(tmp_path):
    text = "\n".join(f"title {i},x" for i in range(12)) + f"\n{HEADER}\n{GOOD}\n"
    with pytest.raises(SusFileError, match="missing column"):
        read_sus_file(_write(tmp_path, text), "outpatient")
