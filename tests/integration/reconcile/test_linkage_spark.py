"""Splink on Spark (local mode) gives the same links and findings as Splink on DuckDB.

The Spark tests start one local session for the whole module (start-up is the
cost, docs/reconciliation.md) and run only when selected: ``pytest -m spark``
(``make test-spark``), so the ordinary suite never starts a JVM. They skip
with the reason when pyspark or Java is missing. The checks of the error
messages need neither and run in the ordinary suite.
"""

from __future__ import annotations

import json
import time
from datetime import date, timedelta

import pytest

from pars.reconcile import ReconcileInput, reconcile
from pars.reconcile.documents import load_coded_jsonl
from pars.reconcile.fakeworld import make_world
from pars.reconcile.linkage import LinkResult, link
from pars.reconcile.params import ReconcileParams
from pars.reconcile.patients import load_patient_lists
from pars.sus.reader import read_sus_file
from tests.unit.reconcile.builders import PATIENT, discharge, fixed_price, op, referral, spell

DUCKDB = ReconcileParams()
SPARK = ReconcileParams().with_overrides({"linkage.backend": "spark"})


@pytest.fixture(scope="module")
def spark_started(request):
    """One local Spark session for every test here; its start-up time is printed (-s)."""
    from pars.reconcile import linkage_spark

    if "spark" not in (request.config.getoption("markexpr") or ""):
        pytest.skip("Spark tests run only when selected: pytest -m spark (make test-spark)")
    reason = linkage_spark.unavailable_reason()
    if reason is not None:
        pytest.skip(reason)
    started = time.perf_counter()
    linkage_spark.spark_session()
    print(f"\nspark session start-up: {time.perf_counter() - started:.1f} s")
    yield
    linkage_spark.stop_spark()


def _same_links(a: LinkResult, b: LinkResult) -> None:
    for name in ("referral", "discharge"):
        left, right = getattr(a, name), getattr(b, name)
        assert left.keys() == right.keys(), name
        for uid in left:
            assert (left[uid].letter, left[uid].method) == (right[uid].letter, right[uid].method)
            if left[uid].match_weight is None:
                assert right[uid].match_weight is None
            else:
                assert right[uid].match_weight == pytest.approx(left[uid].match_weight, abs=1e-9)
    assert a.resolved_nhs == b.resolved_nhs
    assert a.billed_referrals == b.billed_referrals
    assert a.stats == b.stats


@pytest.mark.spark
def test_fake_world_links_and_findings_match_duckdb(spark_started, tmp_path):
    world = make_world(tmp_path, patients=200, nhs_noise=0.15, seed=23)
    outpatients, _ = read_sus_file(world.outpatients, "outpatient")
    admissions, _ = read_sus_file(world.admissions, "admission")
    data = ReconcileInput(
        outpatients, admissions, load_coded_jsonl(world.coded), load_patient_lists(world.patients)
    )
    on_duckdb = reconcile(data, DUCKDB, price=fixed_price)
    started = time.perf_counter()
    on_spark = reconcile(data, SPARK, price=fixed_price)
    print(
        f"\nspark reconcile of {len(outpatients)} op + {len(admissions)} apc rows, "
        f"{len(data.letters)} letters: {time.perf_counter() - started:.1f} s "
        f"(duckdb linkage {on_duckdb.timings['linkage_s']:.2f} s)"
    )
    # the world's noise must make Splink do work, or this compares only the exact join
    assert on_duckdb.links.stats["referral_probabilistic"] > 0
    assert on_duckdb.links.stats["discharge_probabilistic"] > 0
    _same_links(on_duckdb.links, on_spark.links)
    as_json = [json.dumps(f.to_json(), sort_keys=True) for f in on_spark.findings]
    assert as_json == [json.dumps(f.to_json(), sort_keys=True) for f in on_duckdb.findings]


@pytest.mark.spark
def test_window_edges_and_keying_errors_match_duckdb(spark_started):
    """The custom window level (date arithmetic) and damerau_levenshtein on Spark SQL."""
    seen = date(2025, 6, 2)
    window = DUCKDB.referral_window_weeks * 7
    typo = PATIENT[:8] + PATIENT[9] + PATIENT[8]  # transposition: Damerau distance 1
    letters = [
        referral("EDGE", day=seen - timedelta(days=window), tfc="110"),
        referral("OUTSIDE", day=seen - timedelta(days=window + 1), tfc="120"),
        discharge("DIS", day=date(2025, 7, 3)),
    ]
    rows = [
        op("A", patient=None, raw="", day=seen, tfc="110"),
        op("B", patient=None, raw="", day=seen, tfc="120"),
        op("C", patient=None, raw=typo, day=seen, tfc="110"),
    ]
    spells = [spell(patient=None, raw=typo)]
    on_duckdb = link(rows, spells, letters, DUCKDB)
    on_spark = link(rows, spells, letters, SPARK)
    assert {"o0", "o2"} <= on_duckdb.referral.keys() and "o1" not in on_duckdb.referral
    assert "a0" in on_duckdb.discharge
    _same_links(on_duckdb, on_spark)


def test_missing_pyspark_says_how_to_install_it(monkeypatch):
    import sys

    from pars.reconcile.linkage_spark import SparkUnavailable

    monkeypatch.setitem(sys.modules, "pyspark", None)  # import pyspark -> ImportError
    with pytest.raises(SparkUnavailable, match=r"pip install 'pars\[spark\]'; needs Java 17"):
        link([op("A")], [], [referral()], SPARK)


def test_missing_java_says_so(monkeypatch):
    pytest.importorskip("pyspark", reason="pyspark not installed: the pyspark check comes first")
    from pars.reconcile import linkage_spark

    monkeypatch.delenv("JAVA_HOME", raising=False)
    monkeypatch.delenv("SPARK_REMOTE", raising=False)
    monkeypatch.setattr(linkage_spark.shutil, "which", lambda name: None)
    with pytest.raises(linkage_spark.SparkUnavailable, match="no Java runtime.*Java 17"):
        link([op("A")], [], [referral()], SPARK)


def test_spark_is_not_needed_when_splink_is_off(monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "pyspark", None)
    params = SPARK.with_overrides({"linkage.enabled": "false"})
    assert link([op("A")], [], [referral()], params).referral["o0"].method == "deterministic"


def test_cli_says_how_to_install_the_spark_extra(monkeypatch, tmp_path, capsys):
    import sys

    from pars.cli import main

    world = make_world(tmp_path, patients=20, nhs_noise=0.0, seed=3)
    monkeypatch.setitem(sys.modules, "pyspark", None)
    args = ["reconcile", "--outpatients", str(world.outpatients), "--coded", str(world.coded)]
    assert main([*args, "--no-progress", "--linkage-backend", "spark"]) == 2
    err = capsys.readouterr().err
    assert "pars reconcile: linkage backend 'spark' is not available" in err
    assert "pip install 'pars[spark]'" in err
