"""The expected cost of an open referral, for ``unbilled_referral`` values.

Order of preference: the accrual model of ``pars.costing`` (when installed and
exposing ``expected_referral_cost``), else the tariff's first outpatient
attendance price (interface 2, ``pars.tariff``), else zero with the reason
named in the finding's detail, so a missing price is visible, never invented.
"""

from __future__ import annotations

import logging
from decimal import Decimal
from functools import cache

from pars.core.periods import financial_year_of
from pars.reconcile.documents import Letter

logger = logging.getLogger(__name__)


@cache
def _tariff(financial_year: str):
    from pars.tariff import load_tariff

    return load_tariff(financial_year)


def _costing_model():
    try:
        from pars.costing import expected_referral_cost  # type: ignore[attr-defined]
    except ImportError:
        return None
    return expected_referral_cost


def price_referral(letter: Letter) -> tuple[Decimal, str]:
    """(expected cost, where it came from) for one referral letter."""
    model = _costing_model()
    if model is not None:
        try:
            amount = model(letter)
            return Decimal(str(amount)).quantize(Decimal("0.01")), "accrual-model"
        except Exception:  # noqa: BLE001 - the model is another engine's; fall back, do not fail
            logger.warning("accrual model failed; using tariff first attendance")
    if letter.letter_date is None or letter.specialty_tfc is None:
        return Decimal("0.00"), "no price (referral without date or specialty)"
    year = financial_year_of(letter.letter_date)
    try:
        tariff = _tariff(year)
        quote = tariff.outpatient_price(
            tfc=letter.specialty_tfc, first=True, provider_code=letter.provider_code
        )
    except ImportError:
        return Decimal("0.00"), "no price (pars.tariff not installed)"
    except LookupError:
        return Decimal("0.00"), f"no price (no {year} tariff for TFC {letter.specialty_tfc})"
    return Decimal(quote.amount).quantize(Decimal("0.01")), f"tariff {quote.source}"
