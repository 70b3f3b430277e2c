"""One small world per test session, shared read-only by the statistical tests."""

from __future__ import annotations

from datetime import date

import pytest

from pars.synth.config import WorldConfig
from pars.synth.pricing import TariffPricer
from pars.synth.world import World, build_world

END = date(2026, 10, 31)


@pytest.fixture(scope="session")
def world() -> World:
    return build_world(
        WorldConfig(practices=4, patients=9_000, seed=7, end_date=END), TariffPricer()
    )
