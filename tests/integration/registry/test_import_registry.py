"""`pars import registry DIR` end to end, in-process through `pars.cli.main`, on the test database."""

import csv
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from pars.audit.models import AuditEvent
from pars.cli import main
from pars.registry.models import Budget, Clinician, Contract, ListSize, Practice, Provider
from tests.factories.registry import PracticeFactory, ProviderFactory

pytestmark = pytest.mark.django_db

FILES = {
    "practices.csv": (
        "practice_code,name,address,postcode,group_code\n"
        "E82031,Parkbury Surgery,1 High St,WD17 1AA,06N\n"
        "E82032,Oak Lane Medical Centre,2 Oak Lane,WD18 7XX,06N\n"
    ),
    "providers.csv": (
        "provider_code,name,site_names\n"
        "RWG,West Hertfordshire Teaching Hospitals NHS Trust,Watford General Hospital|St Albans City Hospital\n"
    ),
    "clinicians.csv": (
        "clinician_id,practice_code,name,role,start_date,end_date\n"
        "G1234567,E82031,Dr Sarah Okafor,gp,2015-04-01,\n"
        "G7654321,E82032,Dr Tom Reed,gp,2018-01-01,2024-12-31\n"
    ),
    "list_sizes.csv": (
        "practice_code,month,sex,age_band,patients\n"
        "E82031,2025-04,M,0-4,120\n"
        "E82031,2025-04,F,0-4,118\n"
        "E82032,2025-04,M,85+,31\n"
    ),
    "budgets.csv": (
        "practice_code,financial_year,point_of_delivery,amount\n"
        "E82031,2025/26,elective,150000.00\n"
        "E82032,2025/26,outpatient_first,80000.50\n"
    ),
    "contracts.csv": (
        "provider_code,financial_year,point_of_delivery,planned_activity,planned_value,tfc\n"
        "RWG,2025/26,outpatient_first,1000,160000,\n"
        "RWG,2025/26,outpatient_first,300,48000,110\n"
    ),
}


def write_files(folder: Path, files: dict[str, str | bytes]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        data = content.encode("utf-8") if isinstance(content, str) else content
        (folder / name).write_bytes(data)
    return folder


def run_import(folder: Path, rejects: Path, capsys) -> tuple[int, str, str]:
    code = main(["import", "registry", str(folder), "--rejects-dir", str(rejects)])
    out, err = capsys.readouterr()
    return code, out, err


def read_rejects(rejects: Path) -> list[dict[str, str]]:
    [path] = sorted(rejects.glob("registry-rejects-*.csv"))
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_good_files_are_imported(tmp_path, capsys):
    folder = write_files(tmp_path / "in", FILES)
    code, out, _ = run_import(folder, tmp_path / "rejects", capsys)
    assert code == 0
    assert "practices.csv: 2 rows: 2 new, 0 changed, 0 unchanged, 0 rejected" in out
    assert "list_sizes.csv: 3 rows: 3 new" in out
    assert not (tmp_path / "rejects").exists()
    assert sorted(Practice.objects.values_list("code", flat=True)) == ["E82031", "E82032"]
    okafor = Clinician.objects.get(clinician_id="G1234567")
    assert okafor.practice.code == "E82031" and okafor.end_date is None
    assert ListSize.objects.get(practice__code="E82032").age_band == "85+"
    assert ListSize.objects.filter(month=date(2025, 4, 1)).count() == 3
    assert Budget.objects.get(practice__code="E82032").amount == Decimal("80000.50")
    rwg = Provider.objects.get(code="RWG")
    assert rwg.site_names == ["Watford General Hospital", "St Albans City Hospital"]
    assert rwg.source == "import"
    assert sorted(Contract.objects.values_list("tfc", flat=True)) == ["", "110"]
    events = AuditEvent.objects.filter(action="registry.import").order_by("id")
    assert [e.target_id for e in events] == list(FILES)
    assert events[0].actor_label == "system"
    assert events[0].detail == {
        "rows_read": 2,
        "created": 2,
        "changed": 0,
        "unchanged": 0,
        "rejected": 0,
        "refused": False,
    }


def test_reimport_is_idempotent_and_updates_changed_rows(tmp_path, capsys):
    folder = write_files(tmp_path / "in", FILES)
    run_import(folder, tmp_path / "rejects", capsys)
    counts = [
        m.objects.count() for m in (Practice, Clinician, ListSize, Provider, Budget, Contract)
    ]
    code, out, _ = run_import(folder, tmp_path / "rejects", capsys)
    assert code == 0
    assert "practices.csv: 2 rows: 0 new, 0 changed, 2 unchanged" in out
    assert "contracts.csv: 2 rows: 0 new, 0 changed, 2 unchanged" in out
    assert [
        m.objects.count() for m in (Practice, Clinician, ListSize, Provider, Budget, Contract)
    ] == counts

    changed = dict(FILES)
    changed["list_sizes.csv"] = FILES["list_sizes.csv"].replace(
        "E82031,2025-04,M,0-4,120", "E82031,2025-04,M,0-4,125"
    )
    changed["practices.csv"] = FILES["practices.csv"].replace(
        "Parkbury Surgery", "Parkbury Health Centre"
    )
    write_files(folder, changed)
    code, out, _ = run_import(folder, tmp_path / "rejects", capsys)
    assert code == 0
    assert "list_sizes.csv: 3 rows: 0 new, 1 changed, 2 unchanged" in out
    assert Practice.objects.get(code="E82031").name == "Parkbury Health Centre"
    assert ListSize.objects.get(practice__code="E82031", sex="M").patients == 125
    assert ListSize.objects.count() == 3


def test_bad_rows_are_reported_and_set_aside_while_good_rows_are_kept(tmp_path, capsys):
    files = dict(FILES)
    files["practices.csv"] += "E8203,Bad Code Surgery,,,06N\nE82031,Duplicate,,,06N\n"
    files["clinicians.csv"] += "N111,E99999,Nurse Jo,nurse,,\n"
    files["list_sizes.csv"] += "E82031,2025-13,M,0-4,10\n"
    files["contracts.csv"] += "RWG,2025/26,outpatient_first,10,1600,999\n"
    files["budgets.csv"] = files["budgets.csv"].encode() + b"E82031,2025/26,day_case,caf\xe9\n"
    folder = write_files(tmp_path / "in", files)
    code, out, _ = run_import(folder, tmp_path / "rejects", capsys)
    assert code == 1
    assert "6 row(s) set aside:" in out
    assert (
        "practices.csv line 4, column practice_code: 'E8203' is not a GP practice ODS code" in out
    )
    assert "practices.csv line 5, column practice_code: duplicate of line 2" in out
    assert "clinicians.csv line 4, column practice_code: practice E99999 is not in" in out
    assert "list_sizes.csv line 5, column month: '2025-13' is not a month" in out
    assert "contracts.csv line 4, column tfc: '999' is not a known Treatment Function Code" in out
    assert "budgets.csv line 4: is not UTF-8 (byte 0xE9)" in out
    rejects = read_rejects(tmp_path / "rejects")
    assert [(r["file"], r["line"], r["column"]) for r in rejects] == [
        ("practices.csv", "4", "practice_code"),
        ("practices.csv", "5", "practice_code"),
        ("clinicians.csv", "4", "practice_code"),
        ("list_sizes.csv", "5", "month"),
        ("budgets.csv", "4", ""),
        ("contracts.csv", "4", "tfc"),
    ]
    assert rejects[0]["value"] == "E8203"
    # nothing good dropped
    assert Practice.objects.get(code="E82031").name == "Parkbury Surgery"
    assert Practice.objects.count() == 2
    assert Clinician.objects.count() == 2
    assert ListSize.objects.count() == 3
    assert Budget.objects.count() == 2
    assert Contract.objects.count() == 2


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"", "practices.csv: not imported: practices.csv: is empty"),
        (b"practice_code,name\nE82031,A\n", "missing column(s) address, postcode, group_code"),
        (b"\xff\xfep\x00r\x00", "is UTF-16; save it as UTF-8"),
        (b"pr\xe1ctice_code,name,address,postcode,group_code\n", "is not UTF-8"),
    ],
)
def test_an_unreadable_file_is_skipped_with_one_message_and_the_others_import(
    tmp_path, capsys, content, words
):
    files = dict(FILES)
    files["practices.csv"] = content
    PracticeFactory(code="E82031")
    PracticeFactory(code="E82032")
    folder = write_files(tmp_path / "in", files)
    code, out, _ = run_import(folder, tmp_path / "rejects", capsys)
    assert code == 1
    assert words in out
    assert Clinician.objects.count() == 2  # references resolved against the database
    [reject] = read_rejects(tmp_path / "rejects")
    assert reject["file"] == "practices.csv" and reject["line"] == "0"


def test_references_resolve_against_the_registry_and_reference_providers(tmp_path, capsys):
    PracticeFactory(code="E82040")
    ProviderFactory(code="RAL", source="refdata")
    folder = write_files(
        tmp_path / "in",
        {
            "budgets.csv": "practice_code,financial_year,point_of_delivery,amount\nE82040,2026/27,elective,10\n",
            "contracts.csv": (
                "provider_code,financial_year,point_of_delivery,planned_activity,planned_value\n"
                "RAL,2026/27,elective,1,10\nRXX,2026/27,elective,1,10\n"
            ),
        },
    )
    code, out, _ = run_import(folder, tmp_path / "rejects", capsys)
    assert code == 1
    assert Budget.objects.get().practice.code == "E82040"
    assert Contract.objects.get().provider.code == "RAL"
    assert "provider RXX is not in providers.csv or the registry" in out


def test_file_names_match_case_insensitively(tmp_path, capsys):
    folder = write_files(tmp_path / "in", {"Practices.CSV": FILES["practices.csv"]})
    code, out, _ = run_import(folder, tmp_path / "rejects", capsys)
    assert code == 0
    assert Practice.objects.count() == 2
    assert "clinicians.csv: not in " in out and ", skipped" in out


def test_a_folder_without_registry_files_is_a_user_error(tmp_path, capsys):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "other.csv").write_text("a,b\n")
    code, out, err = run_import(tmp_path / "in", tmp_path / "rejects", capsys)
    assert code == 2
    assert err.startswith("pars import: no registry files in ")
    assert "Traceback" not in err


def test_a_missing_folder_is_a_user_error(tmp_path, capsys):
    code, _, err = run_import(tmp_path / "nope", tmp_path / "rejects", capsys)
    assert code == 2
    assert "is not a folder" in err


def test_import_without_a_kind_prints_help(capsys):
    assert main(["import"]) == 2
    assert "registry" in capsys.readouterr().out
