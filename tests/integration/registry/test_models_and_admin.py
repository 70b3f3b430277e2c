"""Database invariants of the registry and the admin pages over it."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from pars.registry.models import Practice
from tests.factories.registry import (
    BudgetFactory,
    ClinicianFactory,
    ContractFactory,
    ListSizeFactory,
    PracticeFactory,
    ProviderFactory,
)

pytestmark = pytest.mark.django_db


def violates(build) -> bool:
    try:
        with transaction.atomic():
            build()
    except IntegrityError:
        return True
    return False


def test_natural_keys_are_unique_in_the_database():
    practice = PracticeFactory()
    provider = ProviderFactory()
    ListSizeFactory(practice=practice)
    BudgetFactory(practice=practice)
    ContractFactory(provider=provider)
    ClinicianFactory(practice=practice, clinician_id="G1")
    assert violates(lambda: Practice.objects.create(code=practice.code, name="Again"))
    assert violates(lambda: ListSizeFactory(practice=practice))
    assert violates(lambda: BudgetFactory(practice=practice))
    assert violates(lambda: ContractFactory(provider=provider))
    assert violates(lambda: ClinicianFactory(practice=practice, clinician_id="G1"))
    # the same clinician id at another practice, and a per-TFC contract line, are distinct
    assert not violates(lambda: ClinicianFactory(clinician_id="G1"))
    assert not violates(lambda: ContractFactory(provider=provider, tfc="110"))


def test_check_constraints():
    assert violates(lambda: Practice.objects.create(code="e8203", name="Lower case"))
    assert violates(lambda: BudgetFactory(amount=Decimal("-1")))
    assert violates(lambda: ContractFactory(planned_value=Decimal("-0.01")))
    assert violates(lambda: ListSizeFactory(sex="X"))
    assert violates(lambda: ListSizeFactory(age_band="90+"))
    assert violates(
        lambda: ClinicianFactory(start_date=date(2020, 1, 1), end_date=date(2019, 1, 1))
    )


@pytest.mark.parametrize(
    "model",
    [
        "registry/practice",
        "registry/clinician",
        "registry/listsize",
        "registry/provider",
        "registry/budget",
        "registry/contract",
        "refdata/treatmentfunction",
        "refdata/procedure",
        "refdata/diagnosis",
        "refdata/financialyear",
    ],
)
def test_admin_lists_every_model(admin_client, model):
    ClinicianFactory()
    ListSizeFactory()
    BudgetFactory()
    ContractFactory()
    app, name = model.split("/")
    response = admin_client.get(reverse(f"admin:{app}_{name}_changelist"))
    assert response.status_code == 200


def test_admin_practice_page_shows_clinicians(admin_client):
    clinician = ClinicianFactory(name="Dr Sarah Okafor")
    url = reverse("admin:registry_practice_change", args=[clinician.practice.pk])
    response = admin_client.get(url)
    assert response.status_code == 200
    assert "Dr Sarah Okafor" in response.content.decode()


def test_refdata_admin_is_read_only(admin_client):
    response = admin_client.get(reverse("admin:refdata_treatmentfunction_add"))
    assert response.status_code == 403
