"""`pars code --registry`: the practice's clinicians complete a GP named by surname only."""

import json

from pars.cli import main

LETTER = """West Hertfordshire Teaching Hospitals NHS Trust
Watford General Hospital, Orthopaedic Clinic

Date: 12 March 2026

Dear Dr Baker,

Re: Mrs Jane Example, DOB 01/02/1950, NHS No 943 476 5919

I saw this lady in clinic today with osteoarthritis of the right knee.
Plan: listed for total knee replacement.

Yours sincerely,
Mr A Surgeon, Consultant Orthopaedic Surgeon
"""


def _world(tmp_path):
    letter = tmp_path / "documents" / "E82031" / "E82031-000001.txt"
    letter.parent.mkdir(parents=True)
    letter.write_text(LETTER, encoding="utf-8")
    registry = tmp_path / "registry"
    registry.mkdir()
    (registry / "clinicians.csv").write_text(
        "clinician_id,practice_code,name,role,start_date,end_date\n"
        "G1,E82031,Dr Helen Baker,gp,2015-01-01,\n"
        "G2,E82031,Dr Sam Patel,gp,2015-01-01,\n"
        "G3,A81001,Dr Tom Baker,gp,2015-01-01,\n",
        encoding="utf-8",
    )
    return tmp_path / "documents", registry


def test_registry_completes_surname_only_gp(tmp_path, capsys):
    documents, registry = _world(tmp_path)
    assert main(["code", str(documents), "--jsonl"]) == 0
    plain = json.loads(capsys.readouterr().out)
    assert main(["code", str(documents), "--jsonl", "--registry", str(registry)]) == 0
    completed = json.loads(capsys.readouterr().out)
    assert completed["clinician"] == "Dr Helen Baker"  # not the other practice's Dr Tom Baker
    assert plain["clinician"] != "Dr Helen Baker"
    assert completed["practice_code"] == "E82031"


def test_registry_without_clinicians_is_a_user_error(tmp_path, capsys):
    documents, _ = _world(tmp_path)
    assert main(["code", str(documents), "--jsonl", "--registry", str(tmp_path)]) == 2
    assert "no clinicians.csv" in capsys.readouterr().err
