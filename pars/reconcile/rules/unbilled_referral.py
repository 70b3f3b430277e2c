"""unbilled_referral: an outgoing referral with no SUS activity yet (an accrual, not an error).

Condition: a referral letter (outgoing, service type in
``unbilled_service_types``, to a provider other than the practice itself) with
no SUS outpatient attendance or admission for that patient at that provider
and specialty in the ``unbilled_window_weeks`` after it. Value: the expected
cost of the referral (see pars.reconcile.pricing).
"""

from __future__ import annotations

from collections.abc import Iterator

from pars.reconcile.context import RuleContext
from pars.reconcile.findings import Finding

FINDING = "unbilled_referral"
DESCRIPTION = "A referral the practice made that SUS shows no activity for (accrual)."
ENABLED_BY_DEFAULT = True


def find(ctx: RuleContext) -> Iterator[Finding]:
    p = ctx.params
    services = set(p.unbilled_service_types)
    open_referrals = []
    for index, letter in enumerate(ctx.letters):
        if not letter.is_referral or index in ctx.links.billed_referrals:
            continue
        if letter.service_type is not None and letter.service_type not in services:
            continue
        if not letter.provider_code or letter.provider_code == letter.practice_code:
            continue
        if letter.letter_date is None or letter.specialty_tfc is None:
            continue
        open_referrals.append(letter)
    prices = ctx.price_referrals(open_referrals)
    for letter in open_referrals:
        value, source = prices[letter.document]
        yield Finding(
            finding=FINDING,
            sus_record=None,
            document=letter.document,
            nhs_number=letter.nhs_number,
            provider_code=letter.provider_code,
            value_gbp=value,
            detail=f"referral of {letter.letter_date} to {letter.provider_code} TFC "
            f"{letter.specialty_tfc} has no SUS activity within {p.unbilled_window_weeks} "
            f"weeks; expected cost from {source}",
            practice_code=letter.practice_code,
            activity_date=letter.letter_date.isoformat(),
        )
