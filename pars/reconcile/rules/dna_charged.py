"""dna_charged: an appointment not attended (attended 2, 3, 4 or 7) with a non-zero price.

This is the simplest rule: copy it to add a new one (see rules/__init__.py).
"""

from __future__ import annotations

from collections.abc import Iterator

from pars.reconcile.context import RuleContext
from pars.reconcile.findings import Finding

FINDING = "dna_charged"
DESCRIPTION = "An outpatient appointment that was not attended but carries a price."
ENABLED_BY_DEFAULT = True

_MEANING = {
    "2": "cancelled by the patient",
    "3": "did not attend",
    "4": "cancelled by the provider",
    "7": "arrived late and not seen",
}


def find(ctx: RuleContext) -> Iterator[Finding]:
    codes = set(ctx.params.not_attended_codes)
    for uid, record in ctx.iter_outpatients():
        if record.attended in codes and record.tariff_price > 0:
            yield ctx.sus_finding(
                FINDING,
                uid,
                record,
                f"appointment {_MEANING.get(record.attended, 'not attended')} "
                f"(attended {record.attended}) charged £{record.tariff_price}",
            )
