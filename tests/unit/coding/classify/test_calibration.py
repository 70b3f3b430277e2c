"""The calibration maths: isotonic fit, thresholds, reliability table."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from pars.coding.classify.calibration import (
    choose_threshold,
    expected_calibration_error,
    fit_isotonic,
    pool_adjacent_violators,
    reliability_table,
)


def test_pool_adjacent_violators_known_answer() -> None:
    fitted = pool_adjacent_violators(np.array([1.0, 0.0, 1.0, 1.0, 0.0, 1.0]), np.ones(6))
    np.testing.assert_allclose(fitted, [0.5, 0.5, 2 / 3, 2 / 3, 2 / 3, 1.0])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.floats(0, 1), st.booleans()), min_size=1, max_size=80))
def test_isotonic_is_monotone_and_bounded(pairs) -> None:
    raw = np.array([p for p, _ in pairs])
    correct = np.array([c for _, c in pairs], dtype=float)
    calibrator = fit_isotonic(raw, correct)
    grid = np.linspace(0, 1, 101)
    mapped = calibrator(grid)
    assert np.all(np.diff(mapped) >= -1e-12)
    assert np.all((mapped >= 0) & (mapped <= 1))


def test_isotonic_recovers_a_miscalibrated_score() -> None:
    rng = np.random.default_rng(1)
    raw = rng.uniform(0.5, 1.0, 20000)
    true_p = (raw - 0.5) * 1.6 + 0.1  # an overconfident raw score: 0.9 raw is ~0.74 right
    correct = (rng.uniform(size=raw.size) < true_p).astype(float)
    calibrator = fit_isotonic(raw, correct)
    assert abs(float(calibrator(0.9)) - 0.74) < 0.04
    assert expected_calibration_error(calibrator(raw), correct) < expected_calibration_error(
        raw, correct
    )


def test_small_blocks_are_pulled_towards_the_base_rate() -> None:
    calibrator = fit_isotonic(np.array([0.1, 0.2, 0.99]), np.array([0.0, 0.0, 1.0]))
    assert float(calibrator(0.99)) < 1.0


def test_choose_threshold() -> None:
    confidence = np.array([0.99] * 50 + [0.9] * 50 + [0.6] * 50)
    correct = np.array([1] * 50 + [1] * 48 + [0, 0] + [1] * 25 + [0] * 25, dtype=float)
    assert choose_threshold(confidence, correct, target=0.98) == 0.9
    assert choose_threshold(confidence, correct, target=0.999) == 0.99
    assert choose_threshold(confidence, np.zeros(150), target=0.9) == 1.01
    assert choose_threshold(np.array([]), np.array([]), target=0.9) == 1.01


def test_reliability_table_bins() -> None:
    confidence = np.array([0.05, 0.15, 0.95, 0.97, 1.0])
    correct = np.array([0, 0, 1, 0, 1], dtype=float)
    table = reliability_table(confidence, correct, bins=10)
    assert [row.count for row in table] == [1, 1, 3]
    assert table[-1].accuracy == 2 / 3
    assert abs(table[-1].mean_confidence - (0.95 + 0.97 + 1.0) / 3) < 1e-9
    assert (
        expected_calibration_error(np.array([0.8] * 10), np.array([1] * 8 + [0] * 2, dtype=float))
        < 1e-9
    )


@settings(max_examples=100, deadline=None)
@given(st.floats(-0.5, 1.5))
def test_scalar_map_matches_numpy_interp(raw) -> None:
    calibrator = fit_isotonic(
        np.array([0.1, 0.4, 0.4, 0.8, 0.9]), np.array([0, 1, 0, 1, 1], dtype=float)
    )
    expected = float(np.clip(np.interp(raw, calibrator.x, calibrator.y), 0, 1))
    assert abs(calibrator(raw) - expected) < 1e-12
