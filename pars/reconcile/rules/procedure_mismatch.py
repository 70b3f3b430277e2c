"""procedure_mismatch: the spell's primary procedure is not among those in the discharge letter.

Condition: the spell has a primary procedure, a discharge letter for that
patient and provider dated within the spell (± ``discharge_date_tolerance_days``)
is linked, and the procedure's OPCS-4 category (first 3 characters) differs from
every procedure the letter lists. A letter listing no procedure is a finding
only with ``flag_procedure_when_letter_has_none``.
"""

from __future__ import annotations

from collections.abc import Iterator

from pars.reconcile.context import RuleContext
from pars.reconcile.findings import Finding

FINDING = "procedure_mismatch"
DESCRIPTION = "An admission billed for a procedure the discharge letter does not report."
ENABLED_BY_DEFAULT = True


def find(ctx: RuleContext) -> Iterator[Finding]:
    for uid, record in ctx.iter_admissions():
        if not record.primary_procedure:
            continue
        link = ctx.links.discharge.get(uid)
        if link is None:
            continue
        letter = ctx.letters[link.letter]
        if not letter.procedures and not ctx.params.flag_procedure_when_letter_has_none:
            continue
        category = record.primary_procedure[:3]
        if any(code[:3] == category for code in letter.procedures):
            continue
        listed = ", ".join(letter.procedures) or "none"
        yield ctx.sus_finding(
            FINDING,
            uid,
            record,
            f"billed primary procedure {record.primary_procedure} but the discharge letter "
            f"reports {listed}",
            letter=letter,
            link=link,
        )
