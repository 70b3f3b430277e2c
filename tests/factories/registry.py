"""factory_boy factories for the registry models; build per test, never shared fixtures."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import factory

from pars.registry.models import Budget, Clinician, Contract, ListSize, Practice, Provider


class PracticeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Practice
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"E{82000 + n:05d}")
    name = factory.Sequence(lambda n: f"Practice {n} Surgery")
    address = "1 High Street, Watford"
    postcode = "WD17 1AA"
    group_code = "06N"


class ProviderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Provider
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"R{n % 100:02d}" if n < 100 else f"Q{n % 100:02d}")
    name = factory.Sequence(lambda n: f"Trust {n} NHS Foundation Trust")
    site_names = factory.LazyAttribute(lambda o: [f"{o.name} main site"])
    source = "import"


class ClinicianFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Clinician

    practice = factory.SubFactory(PracticeFactory)
    clinician_id = factory.Sequence(lambda n: f"G{1000000 + n}")
    name = factory.Sequence(lambda n: f"Dr Test Clinician {n}")
    role = "gp"
    start_date = date(2015, 4, 1)
    end_date = None


class ListSizeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ListSize

    practice = factory.SubFactory(PracticeFactory)
    month = date(2025, 4, 1)
    sex = "F"
    age_band = "45-64"
    patients = 1200


class BudgetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Budget

    practice = factory.SubFactory(PracticeFactory)
    financial_year = "2025/26"
    point_of_delivery = "elective"
    amount = Decimal("150000.00")


class ContractFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contract

    provider = factory.SubFactory(ProviderFactory)
    financial_year = "2025/26"
    point_of_delivery = "outpatient_first"
    tfc = ""
    planned_activity = 1000
    planned_value = Decimal("160000.00")
