"""The pars.sus app: imports recorded and replaced by month, findings with status history."""

from decimal import Decimal

import pytest

from pars.audit.models import AuditEvent
from pars.cli import main
from pars.reconcile.findings import Finding as FindingRecord
from pars.sus.actions import import_sus_file, set_finding_status, store_findings
from pars.sus.columns import ADMISSION_COLUMNS, OUTPATIENT_COLUMNS
from pars.sus.models import Finding, FindingEvent, SusAdmission, SusImport, SusOutpatient

pytestmark = pytest.mark.django_db

OP_HEADER = ",".join(OUTPATIENT_COLUMNS)
APC_HEADER = ",".join(ADMISSION_COLUMNS)


def _op(record, day="2025-06-02", price="160.00", provider="RWG"):
    return f"{record},9434765919,1960-03-14,E82031,{provider},{day},110,1,5,03,1,,WF01B,{price}"


def _file(tmp_path, name, header, rows):
    path = tmp_path / name
    path.write_text(header + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_import_records_who_when_hash_and_counts(tmp_path):
    path = _file(tmp_path, "op.csv", OP_HEADER, [_op("A"), _op("B"), "broken,row"])
    outcome = import_sus_file(path, "outpatient", by="alice")
    record = SusImport.objects.get()
    assert record == outcome.sus_import
    assert (record.imported_by, record.rows, record.accepted, record.rejected) == ("alice", 3, 2, 1)
    assert len(record.sha256) == 64 and record.imported_at is not None
    assert record.rejections[0]["line"] == 4 and "truncated" in record.rejections[0]["reason"]
    assert record.months == [["RWG", "2025-06"]]
    rows = SusOutpatient.objects.order_by("attendance_id")
    assert [r.attendance_id for r in rows] == ["A", "B"]
    assert rows[0].practice_code == "E82031" and rows[0].tariff_price == Decimal("160.00")
    event = AuditEvent.objects.get(action="sus.import")
    assert event.detail["by"] == "alice" and event.detail["accepted"] == 2


def test_reimporting_a_month_replaces_it_without_duplicates(tmp_path):
    june = _file(tmp_path, "june.csv", OP_HEADER, [_op("A"), _op("B"), _op("C", day="2025-07-01")])
    import_sus_file(june, "outpatient", by="alice")
    corrected = _file(tmp_path, "june2.csv", OP_HEADER, [_op("A", price="150.00")])
    outcome = import_sus_file(corrected, "outpatient", by="bob")
    assert outcome.sus_import.replaced == 2  # A and B of June; July's C stays
    assert sorted(SusOutpatient.objects.values_list("attendance_id", "tariff_price")) == [
        ("A", Decimal("150.00")),
        ("C", Decimal("160.00")),
    ]
    assert SusImport.objects.count() == 2


def test_same_record_twice_in_one_file_keeps_the_first(tmp_path):
    path = _file(tmp_path, "op.csv", OP_HEADER, [_op("A"), _op("A", price="1.00")])
    outcome = import_sus_file(path, "outpatient", by="alice")
    assert SusOutpatient.objects.get().tariff_price == Decimal("160.00")
    assert outcome.sus_import.rejected == 1 and outcome.sus_import.accepted == 1


def test_admissions(tmp_path):
    row = (
        "S1,9434765919,1960-03-14,E82031,RWG,2025-07-01,2025-07-03,11,1,110,M17.1,W37.1,HN12A,5200"
    )
    import_sus_file(_file(tmp_path, "apc.csv", APC_HEADER, [row]), "admission", by="alice")
    spell = SusAdmission.objects.get()
    assert spell.primary_procedure == "W37.1" and spell.month == "2025-07"


def _finding(record="A", value="90.00"):
    return FindingRecord(
        "dna_charged", record, None, "9434765919", "RWG", Decimal(value), "not attended",
        practice_code="E82031", activity_date="2025-06-02", sus_kind="outpatient",
    )  # fmt: skip


def test_findings_keep_their_status_when_found_again():
    assert store_findings([_finding()], by="alice") == (1, 0)
    stored = Finding.objects.get()
    set_finding_status(stored, status="challenged", note="sent to RWG", by="bob")
    assert store_findings([_finding(value="95.00")], by="alice") == (0, 1)
    stored.refresh_from_db()
    assert stored.status == "challenged" and stored.value_gbp == Decimal("95.00")
    assert stored.notes == "sent to RWG"
    history = list(FindingEvent.objects.values_list("from_status", "to_status", "by"))
    assert history == [("", "open", "alice"), ("open", "challenged", "bob")]
    assert AuditEvent.objects.filter(action="sus.finding_status").count() == 1


def test_unknown_status_is_refused():
    store_findings([_finding()], by="alice")
    with pytest.raises(ValueError, match="unknown status"):
        set_finding_status(Finding.objects.get(), status="maybe", by="bob")


def test_pars_import_sus_command(tmp_path, capsys):
    op = _file(tmp_path, "op.csv", OP_HEADER, [_op("A"), "x"])
    assert main(["import", "sus", "--outpatients", str(op), "--by", "carol", "--no-progress"]) == 0
    out = capsys.readouterr().out
    assert "1 accepted, 1 rejected" in out and "line 3" in out
    assert SusImport.objects.get().imported_by == "carol"


def test_pars_import_sus_refuses_a_wrong_file(tmp_path, capsys):
    bad = _file(tmp_path, "op.csv", "a,b", ["1,2"])
    assert main(["import", "sus", "--outpatients", str(bad), "--no-progress"]) == 2
    assert "missing column" in capsys.readouterr().err
    assert SusImport.objects.count() == 0


def test_admin_is_read_only(admin_client):
    store_findings([_finding()], by="alice")
    finding = Finding.objects.get()
    assert admin_client.get("/admin/sus/finding/").status_code == 200
    page = admin_client.get(f"/admin/sus/finding/{finding.pk}/change/")
    assert page.status_code == 200 and b"Save" not in page.content
