"""Reference code tables, loaded by ``pars init`` from the shipped files; read-only in use."""

from django.db import models


class TreatmentFunction(models.Model):
    KIND_CHOICES = [
        (k, k.replace("_", " "))
        for k in ("acute", "community", "therapy", "mental_health", "diagnostic", "other")
    ]

    code = models.CharField(max_length=3, primary_key=True)
    name = models.CharField(max_length=120)
    kind = models.CharField(max_length=20, choices=KIND_CHOICES)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Procedure(models.Model):
    """An OPCS-4 code from the shipped list of common procedures."""

    code = models.CharField(max_length=5, primary_key=True)
    title = models.CharField(max_length=300)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class Diagnosis(models.Model):
    """An ICD-10 (WHO) category or subcategory."""

    code = models.CharField(max_length=7, primary_key=True)
    title = models.CharField(max_length=400)

    class Meta:
        ordering = ["code"]
        verbose_name_plural = "diagnoses"

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class FinancialYear(models.Model):
    label = models.CharField(max_length=7, primary_key=True, help_text="like 2025/26")
    first_day = models.DateField()
    last_day = models.DateField()

    class Meta:
        ordering = ["label"]

    def __str__(self) -> str:
        return self.label
