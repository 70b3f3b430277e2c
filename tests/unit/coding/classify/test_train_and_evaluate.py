"""Training, saving, loading and evaluating on a tiny hand-written corpus."""

from __future__ import annotations

import contextlib
import json
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pars.coding.classify import predict_batch, predict_fields
from pars.coding.classify.dataset import TruthError, load_truth, no_extraction
from pars.coding.classify.model import ClassifierModel, load_model, model_path
from pars.coding.evaluate import evaluate, format_report, local_coder
from pars.coding.train import train

from .letters import LETTERS, write_corpus


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> tuple[Path, Path, Path]:
    root = tmp_path_factory.mktemp("corpus")
    docs, truth = write_corpus(root)
    model_file = root / "model.npz"
    train(docs, truth, out=model_file, extractor=no_extraction, folds=2)
    return docs, truth, model_file


def test_model_file_is_versioned_small_and_pickle_free(corpus) -> None:
    _, _, model_file = corpus
    assert model_file.stat().st_size < 5 * 1024 * 1024
    with zipfile.ZipFile(model_file) as archive:
        assert all(name.endswith(".npy") for name in archive.namelist())
    model = ClassifierModel.load(model_file)
    assert model.version.startswith("pars-classify-")
    assert model.summary["documents"] == 21
    assert model.summary["families"] == ["a", "b"]
    assert model.summary["class_counts"]["urgency"] == {
        "two_week_wait": 3,
        "urgent": 3,
        "routine": 3,
    }
    assert set(model.heads) >= {"document_type", "direction", "specialty_tfc"}
    assert set(model.calibrators) == set(model.thresholds)


def test_round_trip_gives_the_same_predictions(corpus, tmp_path) -> None:
    _, _, model_file = corpus
    model = ClassifierModel.load(model_file)
    copy = ClassifierModel.load(model.save(tmp_path / "copy.npz"))
    texts = [text for _, text, _ in LETTERS]
    first = predict_batch(texts, model=model)
    second = predict_batch(texts, model=copy)
    assert first == second


def test_trained_model_codes_the_corpus(corpus) -> None:
    _, _, model_file = corpus
    model = ClassifierModel.load(model_file)
    for _, text, truth in LETTERS:
        result = predict_batch([text], model=model)[0]
        assert {k: result[k].value for k in truth} == truth


def test_app_model_is_preferred_to_the_package_one(corpus, tmp_path, monkeypatch) -> None:
    _, _, model_file = corpus
    monkeypatch.delenv("PARS_CLASSIFIER_MODEL", raising=False)
    monkeypatch.setenv("PARS_DATA_DIR", str(tmp_path))
    app_file = tmp_path / "models" / "classifier.npz"
    ClassifierModel.load(model_file).save(app_file)
    assert model_path() == app_file
    assert load_model().source == str(app_file)
    monkeypatch.setenv("PARS_CLASSIFIER_MODEL", str(model_file))
    assert model_path() == model_file


def test_evaluate_reports_accuracy_confusions_and_calibration(corpus, monkeypatch) -> None:
    docs, truth, model_file = corpus
    monkeypatch.setenv("PARS_CLASSIFIER_MODEL", str(model_file))
    report = evaluate(docs, truth, coder=("local", local_coder))
    fields = {f.name: f for f in report.fields}
    assert report.documents == 21 and report.coded == 21 and report.errors == 0
    assert fields["urgency"].evaluated == 9
    assert fields["outcome"].evaluated == 9
    assert fields["document_type"].accuracy == 1.0
    assert fields["urgency"].spurious == 0
    assert fields["document_type"].reliability
    assert fields["document_type"].threshold is not None
    assert report.invalid_nhs_numbers == 0
    text = format_report(report)
    assert (
        "document_type" in text
        and "calibration" in text
        and "invalid NHS numbers output: 0" in text
    )
    as_json = json.loads(json.dumps(report.as_dict()))
    assert as_json["fields"][0]["name"] == "document_type"


def test_evaluate_counts_wrong_answers(corpus, monkeypatch, tmp_path) -> None:
    docs, truth, model_file = corpus
    monkeypatch.setenv("PARS_CLASSIFIER_MODEL", str(model_file))

    def always_referral(paths):
        for path in paths:
            yield {
                "file": str(path),
                "document_type": "referral",
                "direction": "outgoing",
                "nhs_number": "9434765918",
                "confidence": {"document_type": 0.9},
            }

    report = evaluate(docs, truth, coder=("fake", always_referral))
    fields = {f.name: f for f in report.fields}
    assert fields["document_type"].accuracy == pytest.approx(9 / 21, abs=1e-4)
    assert fields["document_type"].confusions[0]["predicted"] == "referral"
    assert fields["urgency"].missing == 9
    assert report.invalid_nhs_numbers == 21


def test_truth_paths_resolve_in_both_layouts(tmp_path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text("letter", encoding="utf-8")
    truth = tmp_path / "truth.jsonl"
    truth.write_text(
        json.dumps({"file": "a.txt"})
        + "\n"
        + json.dumps({"file": "docs/a.txt", "style_family": "x"})
        + "\n",
        encoding="utf-8",
    )
    rows = load_truth(docs, truth)
    assert [row.path for row in rows] == [docs / "a.txt", docs / "a.txt"]
    assert len(load_truth(docs, truth, families=["x"])) == 1
    with pytest.raises(TruthError):
        load_truth(docs, truth, families=["nope"])


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.text(max_size=60), max_size=5))
def test_truth_reader_rejects_junk_cleanly(tmp_path, lines) -> None:
    truth = tmp_path / "junk.jsonl"
    truth.write_text("\n".join(lines), encoding="utf-8")
    with contextlib.suppress(TruthError):
        load_truth(tmp_path, truth)


@settings(max_examples=80, deadline=None)
@given(st.text(max_size=400))
def test_predict_fields_never_fails_on_arbitrary_text(text) -> None:
    result = predict_fields(text)
    assert set(result) == {
        "document_type",
        "direction",
        "specialty_tfc",
        "urgency",
        "outcome",
        "service_type",
    }
    for item in result.values():
        assert 0.0 <= item.confidence <= 1.0


def test_a_failing_extractor_does_not_stop_training_or_evaluation() -> None:
    from pars.coding.classify.dataset import extract

    def broken(text, hints=None):
        raise FileNotFoundError("lexicon missing")

    assert extract("some letter", {}, broken) == {}
    assert extract("", {}, broken) == {}


def test_auto_accept_thresholds_come_from_the_model(corpus) -> None:
    from pars.coding.classify import auto_accept_thresholds

    _, _, model_file = corpus
    thresholds = auto_accept_thresholds(model_file)
    assert set(thresholds) >= {"document_type", "direction"}
    assert all(0.0 <= value <= 1.01 for value in thresholds.values())


def test_train_records_from_memory_saved_as_the_app_model(tmp_path, monkeypatch) -> None:
    from pars.coding.classify.model import app_model_path
    from pars.coding.train import train_records

    monkeypatch.setenv("PARS_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("PARS_CLASSIFIER_MODEL", raising=False)
    texts = [text for _, text, _ in LETTERS] * 2
    truths = [truth for _, _, truth in LETTERS] * 2
    families = [family for family, _, _ in LETTERS] * 2
    report = train_records(texts, truths, families=families, out=app_model_path(), folds=2)
    assert report.model_path == app_model_path() and report.documents == 14
    assert load_model().source == str(app_model_path())
    with pytest.raises(ValueError):
        train_records(texts, truths[:3], out=tmp_path / "x.npz")
