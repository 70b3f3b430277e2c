"""`pars demo --no-serve` end to end, as a user runs it: the real executable, a fresh data folder."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow


def _run_demo(data_dir: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PARS_DATA_DIR": str(data_dir)}
    env.pop("PARS_DATABASE_URL", None)  # the demo's own embedded SQLite, whatever the suite runs on
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pars",
            "demo",
            "--no-serve",
            "--practices",
            "1",
            "--patients",
            "300",
            "--months",
            "4",
            "--end-date",
            "2026-10-31",
            "--jobs",
            "1",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def test_demo_runs_the_pipeline_and_is_safe_to_rerun(tmp_path):
    first = _run_demo(tmp_path)
    assert first.returncode == 0, first.stderr[-3000:]
    out = first.stdout
    for stage in ("1/6", "2/6", "3/6", "4/6", "5/6", "6/6"):
        assert f"== {stage}" in out
    assert "documents coded" in out and "Demo logins" in out and "demo-gp-" in out
    demo = tmp_path / "demo"
    coded = [json.loads(line) for line in (demo / "coded.jsonl").read_text().splitlines()]
    truth_lines = (demo / "world" / "truth" / "documents.jsonl").read_text().splitlines()
    assert len(coded) == len(truth_lines) > 0
    assert (demo / "priced_activity.jsonl").stat().st_size > 0
    assert (demo / "findings.jsonl").exists()

    second = _run_demo(tmp_path)
    assert second.returncode == 0, second.stderr[-3000:]
    assert "reusing" in second.stdout
    assert "0 new in the database" in second.stdout
