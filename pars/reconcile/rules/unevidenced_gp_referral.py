"""unevidenced_gp_referral: a first attendance coded as a GP referral that the practice never made.

Condition: ``first_attendance`` 1 or 3, ``referral_source`` in
``gp_referral_sources`` (default 03), and no outgoing referral from the
practice for that patient to that provider (trust) and specialty in the
``referral_window_weeks`` (26) before the appointment. The referral is found
by linkage (exact join, then Splink for blank or mistyped NHS numbers). When
the practice sent documents PARS could not read, the detail says so: the
missing referral may be one of them, so check before challenging.
"""

from __future__ import annotations

from collections.abc import Iterator

from pars.reconcile.context import RuleContext
from pars.reconcile.findings import Finding

FINDING = "unevidenced_gp_referral"
DESCRIPTION = "A GP-referred first attendance with no matching outgoing referral from the practice."
ENABLED_BY_DEFAULT = True


def find(ctx: RuleContext) -> Iterator[Finding]:
    p = ctx.params
    sources, firsts = set(p.gp_referral_sources), set(p.first_attendance_codes)
    for uid, record in ctx.iter_outpatients():
        if record.referral_source not in sources or record.first_attendance not in firsts:
            continue
        if uid in ctx.links.referral:
            continue
        detail = (
            f"first attendance recorded as GP referral (source {record.referral_source}) but no "
            f"referral to {record.provider_code[:3]} TFC {record.treatment_function_code} in the "
            f"{p.referral_window_weeks} weeks before"
        )
        unreadable = ctx.unreadable.get(record.practice_code or "", 0)
        if unreadable:
            detail += f" (the practice has {unreadable} unreadable documents: check them first)"
        yield ctx.sus_finding(FINDING, uid, record, detail)
