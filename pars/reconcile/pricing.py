"""The expected cost of an open referral, for ``unbilled_referral`` values.

A pricer takes the unbilled referral letters and returns, per document id,
(amount, where it came from). ``AccrualPricer`` asks the accrual model of
``pars.costing`` (the expected cost still to come on that referral's pathway,
as at the end of the SUS period) and falls back to ``price_referral``: the
tariff's first outpatient attendance price (interface 2, ``pars.tariff``), or
zero with the reason named in the finding's detail, so a missing price is
visible, never invented.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from decimal import Decimal
from functools import cache

from pars.core.periods import financial_year_of
from pars.reconcile.documents import Letter

logger = logging.getLogger(__name__)


@cache
def _tariff(financial_year: str):
    from pars.tariff import load_tariff

    return load_tariff(financial_year)


def price_referral(letter: Letter) -> tuple[Decimal, str]:
    """(first attendance price, where it came from) for one referral letter."""
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


def tariff_pricer(letters: Sequence[Letter]) -> dict[str, tuple[Decimal, str]]:
    """The default pricer: the tariff's first attendance price for each referral."""
    return {letter.document: price_referral(letter) for letter in letters}


class AccrualPricer:
    """Prices unbilled referrals with pars.costing's accrual model over the coded letters.

    Only the letters of the patients concerned are costed, so the model's
    linking runs on a few percent of the documents.
    """

    def __init__(
        self, coded: Sequence[dict] | Callable[[], Iterable[dict]], as_of: date | None = None
    ) -> None:
        """``coded``: the §1 objects, or a function that reads them again (a large file is
        then re-read for the few patients concerned instead of being held in memory)."""
        self.coded = coded
        self.as_of = as_of

    def __call__(self, letters: Sequence[Letter]) -> dict[str, tuple[Decimal, str]]:
        prices = tariff_pricer(letters)
        try:
            from pars.costing import cost_letters, letters_from_coded
        except ImportError:
            return prices
        numbers = {letter.nhs_number for letter in letters if letter.nhs_number}
        objects = self.coded() if callable(self.coded) else self.coded
        subset = [obj for obj in objects if obj.get("nhs_number") in numbers]
        dates = [letter.letter_date for letter in letters if letter.letter_date]
        if not subset or not dates:
            return prices
        as_of = self.as_of or max(dates)
        try:
            result = cost_letters(letters_from_coded(subset), as_of=as_of)
        except Exception:  # noqa: BLE001 - another engine's model; fall back to the tariff
            logger.warning("accrual model failed; unbilled referrals priced at first attendance")
            return prices
        for event in result.accruals:
            if event.document in prices:
                prices[event.document] = (
                    Decimal(event.price_gbp).quantize(Decimal("0.01")),
                    f"accrual-model as at {as_of}",
                )
        return prices
