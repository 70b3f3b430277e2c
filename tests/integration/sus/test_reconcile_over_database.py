"""``pars reconcile`` without --documents/--coded reads the documents app's coded letters."""

import json

import pytest
from django.utils import timezone

from pars.cli import main
from pars.documents.models import Document, FieldSuggestion
from pars.sus.columns import OUTPATIENT_COLUMNS
from tests.factories.registry import PracticeFactory

pytestmark = pytest.mark.django_db

NHS = "9434765919"


def _document(practice, n, status="coded", **fields):
    document = Document.objects.create(
        practice=practice,
        sha256=f"{n:064d}",
        size=10,
        status=status,
        coded_at=timezone.now() if status == "coded" else None,
        quarantine_reason="unreadable PDF" if status == "quarantined" else "",
    )
    for name, value in fields.items():
        FieldSuggestion.objects.create(
            document=document, field=name, suggested_value=value, confidence=0.99
        )
    return document


def test_reconcile_over_the_database(tmp_path, capsys):
    practice = PracticeFactory(code="E82031")
    _document(
        practice, 1, document_type="referral", direction="outgoing", letter_date="2025-03-10",
        nhs_number=NHS, provider_code="RWG", specialty_tfc="110", service_type="outpatient",
    )  # fmt: skip
    _document(practice, 2, status="quarantined")
    rows = [
        f"A,{NHS},1960-03-14,E82031,RWG,2025-06-02,110,1,5,03,1,,WF01B,160",
        f"B,{NHS},1960-03-14,E82031,RWG,2025-06-02,130,1,5,03,1,,WF01B,160",
    ]
    sus = tmp_path / "op.csv"
    sus.write_text(",".join(OUTPATIENT_COLUMNS) + "\n" + "\n".join(rows) + "\n")
    assert main(["reconcile", "--outpatients", str(sus), "--jsonl", "--no-progress"]) == 0
    out = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    unevidenced = [f for f in out if f["finding"] == "unevidenced_gp_referral"]
    assert [f["sus_record"] for f in unevidenced] == ["B"]
    assert "1 unreadable documents" in unevidenced[0]["detail"]


def test_empty_database_says_what_to_do(tmp_path, capsys):
    sus = tmp_path / "op.csv"
    sus.write_text(",".join(OUTPATIENT_COLUMNS) + "\n")
    assert main(["reconcile", "--outpatients", str(sus), "--no-progress"]) == 2
    assert "no coded documents in the database" in capsys.readouterr().err
