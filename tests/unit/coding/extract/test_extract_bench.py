"""The extraction benchmark reports rates and ratios (never pass/fail on timings)."""

from __future__ import annotations

import argparse

from pars.bench import extract as bench


def test_bench_on_built_in_letters_reports_figures() -> None:
    parser = argparse.ArgumentParser()
    bench.add_arguments(parser)
    args = parser.parse_args(["--limit", "4", "--repeat", "1"])
    result = bench.run(args)
    assert result["letters"] == 4
    assert result["extract_letters_per_s"] > 0
    assert result["extract_cost_in_regex_scans"] > 0
    assert "accuracy" not in result  # no truth without a synth corpus
