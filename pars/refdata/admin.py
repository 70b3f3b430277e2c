"""Read-only admin views of the reference tables (change them in the shipped files)."""

from django.contrib import admin

from pars.refdata.models import Diagnosis, FinancialYear, Procedure, TreatmentFunction


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(TreatmentFunction)
class TreatmentFunctionAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "kind"]
    list_filter = ["kind"]
    search_fields = ["code", "name"]


@admin.register(Procedure)
class ProcedureAdmin(ReadOnlyAdmin):
    list_display = ["code", "title"]
    search_fields = ["code", "title"]


@admin.register(Diagnosis)
class DiagnosisAdmin(ReadOnlyAdmin):
    list_display = ["code", "title"]
    search_fields = ["code", "title"]


@admin.register(FinancialYear)
class FinancialYearAdmin(ReadOnlyAdmin):
    list_display = ["label", "first_day", "last_day"]
