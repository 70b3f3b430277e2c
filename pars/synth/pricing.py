"""Prices for synthetic SUS rows, from the tariff engine (interface 2).

The world never invents a price: a SUS ``tariff_price`` is what
``pars.tariff`` quotes for that activity, provider (MFF) and financial year.
``Pricer`` is the small interface the world needs, so tests can inject a fake
and the CLI uses ``TariffPricer``.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Protocol

from pars.core.periods import financial_year_of

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Quote:
    amount: Decimal
    hrg_code: str | None


class PriceNotFound(LookupError):
    """The tariff has no price for this activity."""


class Pricer(Protocol):
    def outpatient(self, *, tfc: str, first: bool, provider_code: str, day: date) -> Quote: ...

    def spell(
        self,
        *,
        setting: str,
        procedure: str | None,
        diagnosis: str | None,
        provider_code: str,
        length_of_stay: int,
        day: date,
    ) -> Quote: ...


class TariffPricer:
    """Prices through ``pars.tariff``; a year with no shipped tariff uses the latest one (logged)."""

    def __init__(self) -> None:
        from pars import tariff

        self._tariff = tariff
        self._years = tariff.shipped_years()
        self._warned: set[str] = set()
        self._cache: dict[tuple, Quote | str] = {}

    def _for(self, day: date):
        year = financial_year_of(day)
        try:
            return self._tariff.load_tariff(year)
        except self._tariff.TariffLookupError:
            fallback = self._years[-1] if year > self._years[-1] else self._years[0]
            if year not in self._warned:
                self._warned.add(year)
                log.warning("no tariff for %s; pricing with %s", year, fallback)
            return self._tariff.load_tariff(fallback)

    def _cached(self, key: tuple, compute) -> Quote:
        """Prices repeat endlessly in a world; look each (activity, year) up once."""
        found = self._cache.get(key)
        if found is None:
            try:
                found = compute()
            except PriceNotFound as exc:
                found = str(exc)
            self._cache[key] = found
        if isinstance(found, str):
            raise PriceNotFound(found)
        return found

    def outpatient(self, *, tfc: str, first: bool, provider_code: str, day: date) -> Quote:
        key = ("op", tfc, first, provider_code, financial_year_of(day))
        return self._cached(key, lambda: self._outpatient(tfc, first, provider_code, day))

    def _outpatient(self, tfc: str, first: bool, provider_code: str, day: date) -> Quote:
        try:
            quote = self._for(day).outpatient_price(
                tfc=tfc, first=first, provider_code=provider_code
            )
        except self._tariff.TariffLookupError as exc:
            raise PriceNotFound(str(exc)) from exc
        return Quote(quote.amount, quote.hrg_code)

    def spell(
        self,
        *,
        setting: str,
        procedure: str | None,
        diagnosis: str | None,
        provider_code: str,
        length_of_stay: int,
        day: date,
    ) -> Quote:
        key = (
            "spell",
            setting,
            procedure,
            diagnosis,
            provider_code,
            length_of_stay,
            financial_year_of(day),
        )
        return self._cached(
            key,
            lambda: self._spell(setting, procedure, diagnosis, provider_code, length_of_stay, day),
        )

    def _spell(self, setting, procedure, diagnosis, provider_code, length_of_stay, day) -> Quote:
        try:
            quote = self._for(day).spell_price(
                setting=setting,
                procedure=procedure,
                diagnosis=diagnosis,
                provider_code=provider_code,
                length_of_stay=length_of_stay,
            )
        except self._tariff.TariffLookupError as exc:
            raise PriceNotFound(str(exc)) from exc
        return Quote(quote.amount, quote.hrg_code)


def can_price_spell(pricer: Pricer, setting: str, procedure: str, day: date) -> bool:
    """Whether the tariff prices this procedure in this setting (the catalogue is checked at start)."""
    try:
        pricer.spell(
            setting=setting,
            procedure=procedure,
            diagnosis=None,
            provider_code="RWG",
            length_of_stay=0,
            day=day,
        )
    except PriceNotFound:
        return False
    return True
