"""Shared test set-up: every test run gets its own data folder, never the developer's."""

import os
import tempfile

os.environ.setdefault("PARS_DATA_DIR", tempfile.mkdtemp(prefix="pars-test-"))
