"""``pars cost`` in-process: events, summaries, SUS input, tariff import, user errors."""

import json

import pytest

from pars.cli import main
from tests.unit.costing.docs import NHS, coded

HIP = [{"opcs4": "W37.1", "text": "hip"}]


@pytest.fixture
def coded_file(tmp_path):
    records = [
        coded("r1", "referral", "2025-05-01"),
        coded("c1", "clinic_letter", "2025-06-10", outcome="listed_for_procedure", procedures=HIP),
        coded(
            "r2",
            "referral",
            "2025-08-01",
            specialty_tfc="130",
            nhs_number="4010232137",
            patient_name="Bob Jones",
        ),
        coded("bad", "referral", "2025-08-01") | {"error": "unreadable"},
    ]
    path = tmp_path / "coded.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def lines(capsys):
    return [json.loads(line) for line in capsys.readouterr().out.splitlines()]


def test_jsonl_events_then_accruals(coded_file, capsys):
    assert main(["cost", "--coded", str(coded_file), "--as-of", "2025-09-01", "--jsonl"]) == 0
    out = lines(capsys)
    assert [(r["event"], r["document"]) for r in out] == [
        ("referral", "r1"),
        ("outpatient_first", "c1"),
        ("referral", "r2"),
        ("accrual", "r1"),
        ("accrual", "r2"),
    ]
    hip = out[3]
    assert hip["accrual"] is True and hip["price_source"] == "accrual-model"
    assert "listed procedure (W37.1)" in hip["detail"]
    assert out[1]["financial_year"] == "2025/26" and out[1]["mff"] == 1.0875


def test_sus_activity_makes_the_accrual_fall_away(coded_file, tmp_path, capsys):
    outpatients = tmp_path / "sus_outpatients.csv"
    outpatients.write_text(
        "attendance_id,nhs_number,birth_date,practice_code,provider_code,appointment_date,"
        "treatment_function_code,first_attendance,attended,referral_source,priority_type,"
        "referral_received_date,hrg_code,tariff_price\n"
        "A1,4010232137,1950-02-03,E82031,RWG,2025-08-20,130,1,5,03,1,2025-08-01,WF01B,180\n",
        encoding="utf-8",
    )
    admissions = tmp_path / "sus_admissions.csv"
    admissions.write_text(
        "spell_id,nhs_number,birth_date,practice_code,provider_code,admission_date,discharge_date,"
        "admission_method,patient_classification,treatment_function_code,primary_diagnosis,"
        "primary_procedure,spell_hrg,tariff_price\n"
        f"S1,{NHS},1950-02-03,E82031,RWG,2025-08-25,2025-08-28,11,1,110,M16.1,W37.1,HN12F,7000\n",
        encoding="utf-8",
    )
    args = ["cost", "--coded", str(coded_file), "--as-of", "2025-09-01", "--jsonl"]
    assert main(args + ["--outpatients", str(outpatients), "--admissions", str(admissions)]) == 0
    accruals = {r["document"]: r for r in lines(capsys) if r["accrual"]}
    assert "r1" not in accruals  # hip done (SUS), no follow-up asked
    assert "first attendance" not in accruals["r2"]["detail"]


def test_csv_output_and_summaries(coded_file, tmp_path, capsys):
    out = tmp_path / "events.csv"
    assert (
        main(["cost", "--coded", str(coded_file), "--as-of", "2025-09-01", "--csv", str(out)]) == 0
    )
    header = out.read_text(encoding="utf-8").splitlines()[0].split(",")
    assert header[:4] == ["event", "date", "financial_year", "document"]
    (tmp_path / "budgets.csv").write_text(
        "practice_code,financial_year,point_of_delivery,amount\nE82031,2025/26,elective,5000\n",
        encoding="utf-8",
    )
    capsys.readouterr()
    assert (
        main(
            [
                "cost",
                "--coded",
                str(coded_file),
                "--as-of",
                "2025-09-01",
                "--registry",
                str(tmp_path),
                "--budgets",
                "--jsonl",
            ]
        )
        == 0
    )
    elective = [r for r in lines(capsys) if r["point_of_delivery"] == "elective"][0]
    assert elective["planned_value"] == 5000 and elective["accrued_value"] > 5000
    assert main(["cost", "--coded", str(coded_file), "--as-of", "2025-09-01", "--rtt"]) == 0
    assert "open clocks" in capsys.readouterr().out
    assert (
        main(["cost", "--coded", str(coded_file), "--as-of", "2025-09-01", "--pathways", "--jsonl"])
        == 0
    )
    pathways = lines(capsys)
    assert pathways[0]["letters"][1]["reason"].startswith("same patient (NHS number)")
    assert main(["cost", "--coded", str(coded_file), "--as-of", "2025-09-01"]) == 0
    assert "accrual" in capsys.readouterr().out
    assert (
        main(
            ["cost", "--coded", str(coded_file), "--as-of", "2025-09-01", "--calibrate", "--jsonl"]
        )
        == 0
    )
    assert "calibrated(accrual_assumptions.csv)#" in lines(capsys)[-1]["detail"]
    # by default: too little history here to calibrate, so the shipped table, and the user is told
    assert main(["cost", "--coded", str(coded_file), "--as-of", "2025-09-01", "--jsonl"]) == 0
    captured = capsys.readouterr()
    assert "not calibrated: under 11 months" in captured.err
    assert "assumptions accrual_assumptions.csv#" in captured.out.splitlines()[-1]
    table = tmp_path / "assumptions.csv"
    assert (
        main(
            [
                "cost",
                "--coded",
                str(coded_file),
                "--as-of",
                "2025-09-01",
                "--calibrate-accruals",
                str(table),
            ]
        )
        == 0
    )
    assert table.read_text(encoding="utf-8").startswith("specialty_tfc,")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["cost", "--coded", "/nonexistent.jsonl"], "no such file"),
        (["cost", "--coded", "{coded}", "--as-of", "yesterday"], "is not a date"),
        (
            ["cost", "--coded", "{coded}", "--budgets", "--registry", "/nonexistent"],
            "no budgets.csv",
        ),
        (["cost", "--import-tariff", "/nonexistent.xlsx", "--year", "2027/28"], "no such file"),
        (["cost", "--import-tariff", "/nonexistent.xlsx"], "needs --year"),
    ],
)
def test_user_errors_are_one_line(argv, message, coded_file, capsys):
    argv = [a.replace("{coded}", str(coded_file)) for a in argv]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_bad_jsonl_is_a_user_error(tmp_path, capsys):
    path = tmp_path / "x.jsonl"
    path.write_text("{not json\n", encoding="utf-8")
    assert main(["cost", "--coded", str(path)]) == 2
    assert "line 1 is not JSON" in capsys.readouterr().err


def test_import_tariff_then_price_with_it(tmp_path, monkeypatch, capsys):
    from tests.unit.tariff.test_workbook_import import build_workbook

    monkeypatch.setenv("PARS_DATA_DIR", str(tmp_path / "data"))
    workbook = build_workbook(tmp_path / "annex-a.xlsx")
    assert main(["cost", "--import-tariff", str(workbook), "--year", "2027/28"]) == 0
    assert "imported" in capsys.readouterr().out
    from pars.tariff import load_tariff

    assert load_tariff("2027/28").outpatient_price(tfc="110", first=True).base_amount == 190
