"""The real `pars` executable on a fresh SQLite data folder: init, import, re-import."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.integration.registry.test_import_registry import FILES, write_files

pytestmark = pytest.mark.slow


def pars(*argv: str, data_dir: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PARS_DATA_DIR": str(data_dir), "PARS_LOG_LEVEL": "WARNING"}
    env.pop("PARS_DATABASE_URL", None)
    return subprocess.run(
        [sys.executable, "-m", "pars", *argv], env=env, capture_output=True, text=True, timeout=300
    )


def test_init_then_import_twice(tmp_path):
    data_dir = tmp_path / "data"
    init = pars("init", data_dir=data_dir)
    assert init.returncode == 0, init.stderr
    assert "ICD-10 diagnoses:" in init.stdout
    folder = write_files(
        tmp_path / "in",
        {**FILES, "list_sizes.csv": FILES["list_sizes.csv"] + "E82031,2025-4,M,0-4,1\n"},
    )
    first = pars("import", "registry", str(folder), data_dir=data_dir)
    assert first.returncode == 1, first.stderr
    assert "list_sizes.csv line 5, column month" in first.stdout
    assert "practices.csv: 2 rows: 2 new" in first.stdout
    [rejects] = (data_dir / "imports").glob("registry-rejects-*.csv")
    assert "list_sizes.csv,5,month,2025-4," in rejects.read_text(encoding="utf-8")
    second = pars("import", "registry", str(folder), data_dir=data_dir)
    assert "practices.csv: 2 rows: 0 new, 0 changed, 2 unchanged" in second.stdout
    missing = pars("import", "registry", str(tmp_path / "absent"), data_dir=data_dir)
    assert missing.returncode == 2
    assert missing.stderr.strip().endswith("is not a folder")
    assert "Traceback" not in missing.stderr
