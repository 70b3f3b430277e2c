"""Registry tables. Natural keys are unique in the database so re-imports upsert, never duplicate.

Codes are stored in their normalised form (as ``pars.core`` value types and
``pars.registry.csv_rules`` produce them), so lookups are exact matches.
"""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q

from pars.registry.csv_rules import AGE_BANDS, CLINICIAN_ROLES, POINTS_OF_DELIVERY

POD_CHOICES = [(pod, pod.replace("_", " ")) for pod in POINTS_OF_DELIVERY]


class Practice(models.Model):
    """A GP practice, keyed by its ODS code; everything holding practice data points here."""

    code = models.CharField(max_length=6, unique=True)
    name = models.CharField(max_length=200)
    address = models.CharField(max_length=300, blank=True)
    postcode = models.CharField(max_length=8, blank=True)
    group_code = models.CharField(max_length=20, blank=True, help_text="commissioning group")

    class Meta:
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(code__regex=r"^[A-Z][0-9]{5}$"), name="registry_practice_code_form"
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Clinician(models.Model):
    """A clinician at a practice; ``clinician_id`` is the GMC/NMC number or another stable id."""

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="clinicians")
    clinician_id = models.CharField(max_length=40)
    name = models.CharField(max_length=200)
    role = models.CharField(max_length=20, choices=[(r, r) for r in CLINICIAN_ROLES])
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["practice__code", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["practice", "clinician_id"], name="registry_clinician_unique"
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=F("start_date")),
                name="registry_clinician_dates_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.role}, {self.practice.code})"


class ListSize(models.Model):
    """Registered patients of a practice in one month, by sex and age band."""

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="list_sizes")
    month = models.DateField(help_text="first day of the month")
    sex = models.CharField(max_length=1, choices=[("M", "male"), ("F", "female")])
    age_band = models.CharField(max_length=5, choices=[(b, b) for b in AGE_BANDS])
    patients = models.PositiveIntegerField()

    class Meta:
        ordering = ["practice__code", "month", "sex", "age_band"]
        constraints = [
            models.UniqueConstraint(
                fields=["practice", "month", "sex", "age_band"], name="registry_list_size_unique"
            ),
            models.CheckConstraint(condition=Q(sex__in=["M", "F"]), name="registry_list_size_sex"),
            models.CheckConstraint(
                condition=Q(age_band__in=list(AGE_BANDS)), name="registry_list_size_age_band"
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{self.practice.code} {self.month:%Y-%m} {self.sex} {self.age_band}: {self.patients}"
        )


class Provider(models.Model):
    """An NHS provider (trust, or a site of one) that practices refer to and SUS bills from."""

    SOURCE_CHOICES = [("refdata", "shipped reference data"), ("import", "registry import")]

    code = models.CharField(max_length=5, unique=True)
    name = models.CharField(max_length=200)
    site_names = models.JSONField(default=list, blank=True)
    source = models.CharField(max_length=10, choices=SOURCE_CHOICES, default="import")

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Budget(models.Model):
    """A practice's budget for one point of delivery in one financial year."""

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="budgets")
    financial_year = models.CharField(max_length=7, help_text="like 2025/26")
    point_of_delivery = models.CharField(max_length=30, choices=POD_CHOICES)
    amount = models.DecimalField(max_digits=14, decimal_places=2)

    class Meta:
        ordering = ["practice__code", "financial_year", "point_of_delivery"]
        constraints = [
            models.UniqueConstraint(
                fields=["practice", "financial_year", "point_of_delivery"],
                name="registry_budget_unique",
            ),
            models.CheckConstraint(condition=Q(amount__gte=0), name="registry_budget_amount"),
        ]

    def __str__(self) -> str:
        return f"{self.practice.code} {self.financial_year} {self.point_of_delivery}"


class Contract(models.Model):
    """Planned activity and value with a provider; ``tfc`` is blank for a whole-POD line."""

    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="contracts")
    financial_year = models.CharField(max_length=7, help_text="like 2025/26")
    point_of_delivery = models.CharField(max_length=30, choices=POD_CHOICES)
    tfc = models.CharField(max_length=3, blank=True, default="")
    planned_activity = models.PositiveIntegerField()
    planned_value = models.DecimalField(max_digits=14, decimal_places=2)

    class Meta:
        ordering = ["provider__code", "financial_year", "point_of_delivery", "tfc"]
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "financial_year", "point_of_delivery", "tfc"],
                name="registry_contract_unique",
            ),
            models.CheckConstraint(
                condition=Q(planned_value__gte=0), name="registry_contract_value"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.provider.code} {self.financial_year} {self.point_of_delivery}"
