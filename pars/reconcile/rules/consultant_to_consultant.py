"""consultant_to_consultant: a first attendance referred by another consultant (source 05).

Reported for review against the local consultant-to-consultant policy. The
policy's exemptions are parameters: ``c2c_allowed_priorities`` (e.g. ``3``,
two-week-wait onward referrals) and ``c2c_allowed_tfcs``.
"""

from __future__ import annotations

from collections.abc import Iterator

from pars.reconcile.context import RuleContext
from pars.reconcile.findings import Finding

FINDING = "consultant_to_consultant"
DESCRIPTION = "A first attendance referred consultant-to-consultant, for review under local policy."
ENABLED_BY_DEFAULT = True


def find(ctx: RuleContext) -> Iterator[Finding]:
    p = ctx.params
    sources, firsts = set(p.consultant_sources), set(p.first_attendance_codes)
    for uid, record in ctx.iter_outpatients():
        if record.referral_source not in sources or record.first_attendance not in firsts:
            continue
        if record.priority_type in p.c2c_allowed_priorities:
            continue
        if record.treatment_function_code in p.c2c_allowed_tfcs:
            continue
        yield ctx.sus_finding(
            FINDING,
            uid,
            record,
            f"first attendance in TFC {record.treatment_function_code} referred consultant to "
            f"consultant (source {record.referral_source}); review against local policy",
        )
