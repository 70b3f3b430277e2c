"""``pars train`` and ``pars evaluate`` through the CLI, in-process, on hand-written letters."""

from __future__ import annotations

import json

import pytest

from pars.cli import main
from tests.unit.coding.classify.letters import write_corpus


@pytest.fixture()
def corpus(tmp_path, monkeypatch):
    monkeypatch.setenv("PARS_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("PARS_CLASSIFIER_MODEL", raising=False)
    return write_corpus(tmp_path / "world")


@pytest.mark.slow
def test_train_writes_the_app_model_and_evaluate_uses_it(corpus, tmp_path, capsys) -> None:
    docs, truth = corpus
    assert main(["train", str(docs), str(truth), "--folds", "2"]) == 0
    out = capsys.readouterr().out
    app_model = tmp_path / "data" / "models" / "classifier.npz"
    assert app_model.is_file()
    assert "trained on 21 documents" in out

    assert main(["evaluate", str(docs), str(truth), "--classify-only", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    fields = {f["name"]: f for f in report["fields"]}
    assert report["documents"] == 21
    assert report["model_version"].startswith("pars-classify-")
    assert fields["direction"]["accuracy"] == 1.0
    assert set(fields) >= {
        "specialty_tfc",
        "urgency",
        "outcome",
        "primary_diagnosis_icd10_3",
        "nhs_number",
    }


@pytest.mark.slow
def test_train_out_and_evaluate_model_and_families(corpus, tmp_path, capsys) -> None:
    docs, truth = corpus
    model = tmp_path / "m.npz"
    assert main(["train", str(docs), str(truth), "--out", str(model), "--folds", "2"]) == 0
    capsys.readouterr()
    assert (
        main(
            ["evaluate", str(docs), str(truth), "--model", str(model), "--families", "b", "--speed"]
        )
        == 0
    )
    out = capsys.readouterr().out
    assert "families: b" in out and "documents 9 " in out
    assert "top confusions" in out and "calibration" in out
    assert "classifiers alone (CPU time, 9 letters)" in out


@pytest.mark.parametrize(
    "argv",
    [
        ["train", "nowhere", "nothing.jsonl"],
        ["evaluate", "nowhere", "nothing.jsonl"],
        ["evaluate", ".", "pyproject.toml", "--model", "missing.npz"],
        ["train", ".", "nothing.jsonl", "--folds", "1"],
    ],
)
def test_user_errors_are_one_line(argv, corpus, capsys) -> None:
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"pars {argv[0]}:") and err.count("\n") == 1
