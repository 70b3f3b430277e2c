"""excess_follow_up: an example deployment rule, off by default, driven by ratio caps."""

from datetime import date, timedelta

from tests.unit.reconcile.builders import flagged, op, run_rule


def _rows():
    rows = [op("F1"), op("F2", day=date(2025, 6, 3))]
    start = date(2025, 7, 1)
    for i in range(5):
        rows.append(op(f"U{i}", first="2", source="11", day=start + timedelta(days=7 * i)))
    return rows


def test_off_without_caps():
    assert run_rule("excess_follow_up", outpatients=_rows()) == []


def test_follow_ups_beyond_the_cap_latest_first():
    findings = run_rule("excess_follow_up", outpatients=_rows(), follow_up_ratio_caps="110:1.5")
    assert flagged(findings) == ["U3", "U4"]  # 2 firsts x 1.5 = 3 allowed


def test_wildcard_cap():
    findings = run_rule("excess_follow_up", outpatients=_rows(), follow_up_ratio_caps="*:2")
    assert flagged(findings) == ["U4"]
