"""excess_follow_up: follow-up attendances beyond the local follow-up-to-first ratio cap.

Off unless ``follow_up_ratio_caps`` is set (TFC -> cap, ``*`` for every TFC).
For each provider and TFC, follow-ups beyond ``cap x first attendances`` are
findings, latest first; an example of a deployment-specific rule.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from math import floor

from pars.reconcile.context import RuleContext
from pars.reconcile.findings import Finding

FINDING = "excess_follow_up"
DESCRIPTION = "Follow-up attendances beyond the local follow-up ratio cap for a provider and TFC."
ENABLED_BY_DEFAULT = False

_ATTENDED = {"5", "6"}


def find(ctx: RuleContext) -> Iterator[Finding]:
    caps = ctx.params.follow_up_ratio_caps
    if not caps:
        return
    firsts: dict[tuple[str, str], int] = defaultdict(int)
    follow_ups: dict[tuple[str, str], list] = defaultdict(list)
    for uid, record in ctx.iter_outpatients():
        if record.attended not in _ATTENDED:
            continue
        key = (record.provider_code[:3], record.treatment_function_code)
        if record.is_first:
            firsts[key] += 1
        elif record.first_attendance in {"2", "4"}:
            follow_ups[key].append((uid, record))
    for key, rows in sorted(follow_ups.items()):
        cap = caps.get(key[1], caps.get("*"))
        if cap is None:
            continue
        allowed = floor(cap * firsts[key])
        if len(rows) <= allowed:
            continue
        rows.sort(key=lambda item: (item[1].appointment_date, item[1].line))
        for uid, record in rows[allowed:]:
            yield ctx.sus_finding(
                FINDING,
                uid,
                record,
                f"follow-up beyond the cap of {cap} per first attendance for {key[0]} TFC "
                f"{key[1]} ({len(rows)} follow-ups, {firsts[key]} firsts)",
            )
