"""Every code the world can write is a real code, and every procedure can be priced."""

from __future__ import annotations

from datetime import date

import pytest

from pars.core.codes import OPCS4Code
from pars.refdata import icd10_title, load_tfcs
from pars.synth import catalogue as cat
from pars.synth.pricing import TariffPricer, can_price_spell


@pytest.mark.parametrize("condition", sorted(set(cat.all_conditions()), key=lambda c: c.icd10))
def test_icd10_codes_are_who_codes(condition) -> None:
    assert icd10_title(condition.icd10), condition


def test_opcs4_codes_are_well_formed() -> None:
    for option in cat.all_procedures():
        assert OPCS4Code.is_valid(option.procedure.opcs4), option


def test_every_procedure_is_priced_by_the_shipped_tariff() -> None:
    pricer = TariffPricer()
    unpriced = [
        (o.procedure.opcs4, o.setting)
        for o in cat.all_procedures()
        if not can_price_spell(pricer, o.setting, o.procedure.opcs4, date(2026, 6, 1))
        and not can_price_spell(pricer, cat.DAY_CASE, o.procedure.opcs4, date(2026, 6, 1))
    ]
    assert unpriced == []


def test_specialties_are_known_tfcs_with_outpatient_prices() -> None:
    tfcs = load_tfcs()
    pricer = TariffPricer()
    for spec in cat.SPECIALTIES:
        assert spec.tfc in tfcs, spec.tfc
        quote = pricer.outpatient(
            tfc=spec.tfc, first=True, provider_code="RWG", day=date(2026, 6, 1)
        )
        assert quote.amount > 0


def test_specialty_parameters_in_domain_ranges() -> None:
    for spec in cat.SPECIALTIES:
        if spec.kind == "surgical":
            assert 0.15 <= spec.conversion <= 0.40, spec.tfc
        else:
            assert 0.05 <= spec.conversion <= 0.15, spec.tfc
        assert 0.5 <= spec.return_ratio <= 11
