"""``pars reconcile`` in-process: findings JSONL (formats.md §4), summary, truth scores, reports, errors."""

import json

import pytest

from pars.cli import main
from pars.reconcile.fakeworld import make_world

KEYS = {"finding", "sus_record", "document", "nhs_number", "provider_code", "value_gbp", "detail"}


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    return make_world(tmp_path_factory.mktemp("world"), patients=400, seed=3)


def _args(world, *extra):
    return [
        "reconcile",
        "--outpatients",
        str(world.outpatients),
        "--admissions",
        str(world.admissions),
        "--coded",
        str(world.coded),
        "--no-progress",
        *extra,
    ]


def test_jsonl_findings(world, capsys):
    assert main(_args(world, "--jsonl", "--patients", str(world.patients))) == 0
    out = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert out and all(set(obj) >= KEYS for obj in out)
    assert {obj["finding"] for obj in out} == {
        json.loads(line)["finding"] for line in world.truth.read_text().splitlines()
    }
    assert all(isinstance(obj["value_gbp"], float) for obj in out)


def test_without_patient_lists_no_unknown_patient(world, capsys):
    assert main(_args(world, "--jsonl")) == 0
    out = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert "unknown_patient" not in {obj["finding"] for obj in out}


def test_summary_and_truth_scores(world, capsys):
    assert main(_args(world, "--patients", str(world.patients), "--truth", str(world.truth))) == 0
    out = capsys.readouterr().out
    assert "total" in out and "precision" in out
    line = next(x for x in out.splitlines() if x.startswith("dna_charged") and "1.0000" in x)
    assert line.split()[-2:] == ["1.0000", "1.0000"]


def test_rules_and_params(world, capsys):
    assert (
        main(_args(world, "--jsonl", "--rules", "dna_charged", "--param", "not_attended_codes=9"))
        == 0
    )
    assert capsys.readouterr().out == ""


def test_reports_and_rejects(world, tmp_path, capsys):
    bad = tmp_path / "op.csv"
    bad.write_text(world.outpatients.read_text() + "junk,row\n", encoding="utf-8")
    args = _args(
        world,
        "--report",
        str(tmp_path / "r"),
        "--report-formats",
        "csv",
        "--rejects",
        str(tmp_path / "rej.csv"),
    )
    args[2] = str(bad)
    assert main(args) == 0
    assert list((tmp_path / "r").glob("challenge-*.csv"))
    rejects = (tmp_path / "rej.csv").read_text().splitlines()
    assert len(rejects) == 2 and "truncated" in rejects[1]
    assert "1 rejected" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--param", "nope=1"], "unknown parameter"),
        (["--param", "novalue"], "NAME=VALUE"),
        (["--rules", "nope"], "unknown rule"),
        (["--patients", "/no/such.csv"], "No such file"),
        (["--truth", "/no/such.jsonl"], "no such file"),
    ],
)
def test_user_errors(world, extra, message, capsys):
    assert main(_args(world, *extra)) == 2
    assert message in capsys.readouterr().err


@pytest.mark.django_db
def test_missing_inputs(world, tmp_path, capsys):
    assert main(["reconcile", "--coded", str(world.coded)]) == 2
    assert "--outpatients" in capsys.readouterr().err
    assert main(["reconcile", "--outpatients", str(world.outpatients), "--no-progress"]) == 2
    assert "--documents DIR or --coded" in capsys.readouterr().err
    wrong = tmp_path / "x.csv"
    wrong.write_text("a,b\n1,2\n")
    assert main(["reconcile", "--outpatients", str(wrong), "--coded", str(world.coded)]) == 2
    assert "missing column" in capsys.readouterr().err


@pytest.mark.django_db
def test_store_keeps_status_in_reports(world, tmp_path, capsys):
    from pars.sus.actions import set_finding_status
    from pars.sus.models import Finding

    assert main(_args(world, "--rules", "dna_charged", "--store", "--by", "alice")) == 0
    first = Finding.objects.order_by("id").first()
    set_finding_status(first, status="accepted", note="credit note", by="bob")
    report = tmp_path / "r"
    args = _args(
        world,
        "--rules",
        "dna_charged",
        "--store",
        "--report",
        str(report),
        "--report-formats",
        "csv",
    )
    assert main(args) == 0
    text = "".join(p.read_text() for p in report.glob("*.csv"))
    assert "accepted" in text and "credit note" in text
    assert Finding.objects.filter(finding="dna_charged").count() == Finding.objects.count()
