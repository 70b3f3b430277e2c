"""unknown_patient: SUS activity billed to a group practice for a patient the practice does not know.

Only runs when PARS holds the practice's patient list (``--patients``): a row
attributed to such a practice whose NHS number is in neither the list nor any
letter of that practice. A row without a usable NHS number counts as known when
linkage resolved it, or when the list has a patient of that birth date whose
number is within two keying errors of the row's (or the row's is blank).
"""

from __future__ import annotations

from collections.abc import Iterator

from pars.reconcile.context import RuleContext
from pars.reconcile.findings import Finding

FINDING = "unknown_patient"
DESCRIPTION = "SUS activity attributed to a practice for an NHS number it has never seen."
ENABLED_BY_DEFAULT = True


def _close(a: str, b: str) -> bool:
    """At most two differing digits, or one adjacent transposition (keying errors)."""
    if len(a) != len(b):
        return False
    return sum(1 for x, y in zip(a, b, strict=True) if x != y) <= 2


def find(ctx: RuleContext) -> Iterator[Finding]:
    lists = ctx.patients
    if lists is None:
        return
    seen = ctx.practice_nhs_numbers
    for uid, record in ctx.iter_records():
        practice = record.practice_code
        if practice is None or not lists.holds(practice):
            continue
        nhs = ctx.nhs_of(uid, record)
        if nhs is not None:
            if lists.knows(practice, nhs) or nhs in seen.get(practice, ()):
                continue
        else:
            if record.birth_date is not None:
                candidates = lists.born_on(practice, record.birth_date)
                raw = record.nhs_number_raw
                if any(not raw or _close(raw, c) for c in candidates):
                    continue
            elif not record.nhs_number_raw:
                continue  # nothing to check the row against
        yield ctx.sus_finding(
            FINDING,
            uid,
            record,
            f"NHS number not on {practice}'s patient list nor in any of its letters",
        )
