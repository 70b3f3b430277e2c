"""Calibration maths: make ``confidence`` mean "how often a value like this is right".

The combiner produces a raw score (the top class's share after rules and model
are mixed). On held-out predictions (training letters of style families the
model did not see) we fit a monotone map raw -> P(correct) with isotonic
regression (pool adjacent violators), store it as a piecewise-linear curve,
and pick per field the lowest threshold whose auto-accepted fields are right
at least ``target`` of the time. The reliability table is what ``pars
evaluate`` prints to show whether "0.95" really means ~95% right.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

import numpy as np


@dataclass(slots=True)
class Calibrator:
    """A monotone piecewise-linear map from raw score to calibrated confidence."""

    x: np.ndarray
    y: np.ndarray
    _points: tuple[list[float], list[float]] | None = field(default=None, repr=False, compare=False)

    def __call__(self, raw: float | np.ndarray) -> np.ndarray | float:
        if isinstance(raw, float | int):
            return self.scalar(float(raw))
        return np.clip(np.interp(raw, self.x, self.y), 0.0, 1.0)

    def scalar(self, raw: float) -> float:
        """The same map for one number, without NumPy call overhead (one per field per letter)."""
        xs, ys = self._lists()
        if raw <= xs[0]:
            value = ys[0]
        elif raw >= xs[-1]:
            value = ys[-1]
        else:
            i = bisect.bisect_right(xs, raw)
            x0, x1, y0, y1 = xs[i - 1], xs[i], ys[i - 1], ys[i]
            value = y0 if x1 == x0 else y0 + (y1 - y0) * (raw - x0) / (x1 - x0)
        return min(1.0, max(0.0, value))

    def _lists(self) -> tuple[list[float], list[float]]:
        if self._points is None:
            self._points = (self.x.astype(float).tolist(), self.y.astype(float).tolist())
        return self._points


def pool_adjacent_violators(values: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Isotonic (non-decreasing) least-squares fit of ``values`` in their given order."""
    blocks_value: list[float] = []
    blocks_weight: list[float] = []
    blocks_size: list[int] = []
    for value, weight in zip(values.tolist(), weights.tolist(), strict=True):
        blocks_value.append(value)
        blocks_weight.append(weight)
        blocks_size.append(1)
        while len(blocks_value) > 1 and blocks_value[-2] > blocks_value[-1]:
            w = blocks_weight[-2] + blocks_weight[-1]
            v = (blocks_value[-2] * blocks_weight[-2] + blocks_value[-1] * blocks_weight[-1]) / w
            size = blocks_size[-2] + blocks_size[-1]
            del blocks_value[-1], blocks_weight[-1], blocks_size[-1]
            blocks_value[-1], blocks_weight[-1], blocks_size[-1] = v, w, size
    return np.repeat(np.array(blocks_value), np.array(blocks_size, dtype=int))


def fit_isotonic(
    raw: np.ndarray, correct: np.ndarray, *, prior_strength: float = 2.0
) -> Calibrator:
    """Fit raw score -> P(correct); a small Beta prior keeps tiny bins away from 0 and 1.

    With few held-out examples a block of 5 all-correct answers would otherwise
    say "1.0"; the prior (``prior_strength`` pseudo-counts at the overall rate)
    pulls such blocks to a believable value.
    """
    raw = np.asarray(raw, dtype=float)
    correct = np.asarray(correct, dtype=float)
    if raw.size == 0:
        return Calibrator(x=np.array([0.0, 1.0]), y=np.array([0.0, 1.0]))
    order = np.argsort(raw, kind="mergesort")
    raw_sorted = raw[order]
    fitted = pool_adjacent_violators(correct[order], np.ones_like(raw_sorted))
    base_rate = float(correct.mean())
    # Shrink each isotonic block toward the base rate by its size.
    shrunk = np.empty_like(fitted)
    start = 0
    while start < fitted.size:
        end = start
        while end + 1 < fitted.size and fitted[end + 1] == fitted[start]:
            end += 1
        size = end - start + 1
        shrunk[start : end + 1] = (fitted[start] * size + base_rate * prior_strength) / (
            size + prior_strength
        )
        start = end + 1
    shrunk = np.maximum.accumulate(shrunk)
    # Compress to one knot per distinct raw value.
    xs, index = np.unique(raw_sorted, return_index=True)
    ys = np.array(
        [shrunk[i:j].mean() for i, j in zip(index, [*index[1:], raw_sorted.size], strict=True)]
    )
    ys = np.maximum.accumulate(ys)
    if xs.size == 1:
        xs = np.array([0.0, xs[0], 1.0])
        ys = np.array([ys[0], ys[0], ys[0]])
    return Calibrator(x=xs, y=ys)


def choose_threshold(
    confidence: np.ndarray, correct: np.ndarray, *, target: float = 0.98, min_coverage: int = 10
) -> float:
    """Lowest confidence t such that fields with confidence >= t are right >= ``target``.

    Returns 1.01 (accept nothing) when no threshold reaches the target on at
    least ``min_coverage`` examples: never promise what the data did not show.
    """
    confidence = np.asarray(confidence, dtype=float)
    correct = np.asarray(correct, dtype=float)
    if confidence.size == 0:
        return 1.01
    order = np.argsort(-confidence, kind="mergesort")
    conf_sorted = confidence[order]
    cumulative = np.cumsum(correct[order]) / np.arange(1, conf_sorted.size + 1)
    best = 1.01
    for i in range(conf_sorted.size):
        if i + 1 < conf_sorted.size and conf_sorted[i + 1] == conf_sorted[i]:
            continue  # only cut between distinct confidence values
        if i + 1 >= min_coverage and cumulative[i] >= target:
            best = float(conf_sorted[i])
    return best


@dataclass(frozen=True, slots=True)
class ReliabilityBin:
    low: float
    high: float
    count: int
    mean_confidence: float
    accuracy: float


def reliability_table(
    confidence: np.ndarray, correct: np.ndarray, bins: int = 10
) -> list[ReliabilityBin]:
    """Predictions grouped by confidence band: mean stated confidence vs observed accuracy."""
    confidence = np.asarray(confidence, dtype=float)
    correct = np.asarray(correct, dtype=float)
    edges = np.linspace(0.0, 1.0, bins + 1)
    table = []
    for i in range(bins):
        low, high = edges[i], edges[i + 1]
        mask = (confidence >= low) & ((confidence < high) if i < bins - 1 else (confidence <= high))
        count = int(mask.sum())
        if count:
            table.append(
                ReliabilityBin(
                    float(low),
                    float(high),
                    count,
                    float(confidence[mask].mean()),
                    float(correct[mask].mean()),
                )
            )
    return table


def expected_calibration_error(
    confidence: np.ndarray, correct: np.ndarray, bins: int = 10
) -> float:
    """Count-weighted mean |confidence - accuracy| over the reliability bins."""
    table = reliability_table(confidence, correct, bins)
    total = sum(row.count for row in table)
    if not total:
        return 0.0
    return sum(row.count * abs(row.mean_confidence - row.accuracy) for row in table) / total
