"""Django admin for the registry: browse and correct what imports loaded."""

from django.contrib import admin

from pars.registry.models import Budget, Clinician, Contract, ListSize, Practice, Provider


class ClinicianInline(admin.TabularInline):
    model = Clinician
    extra = 0


@admin.register(Practice)
class PracticeAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "postcode", "group_code"]
    list_filter = ["group_code"]
    search_fields = ["code", "name", "postcode"]
    inlines = [ClinicianInline]


@admin.register(Clinician)
class ClinicianAdmin(admin.ModelAdmin):
    list_display = ["name", "clinician_id", "practice", "role", "start_date", "end_date"]
    list_filter = ["role"]
    search_fields = ["name", "clinician_id", "practice__code"]
    list_select_related = ["practice"]


@admin.register(ListSize)
class ListSizeAdmin(admin.ModelAdmin):
    list_display = ["practice", "month", "sex", "age_band", "patients"]
    list_filter = ["sex", "age_band"]
    search_fields = ["practice__code"]
    date_hierarchy = "month"
    list_select_related = ["practice"]


@admin.register(Provider)
class ProviderAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "source"]
    list_filter = ["source"]
    search_fields = ["code", "name"]


@admin.register(Budget)
class BudgetAdmin(admin.ModelAdmin):
    list_display = ["practice", "financial_year", "point_of_delivery", "amount"]
    list_filter = ["financial_year", "point_of_delivery"]
    search_fields = ["practice__code"]
    list_select_related = ["practice"]


@admin.register(Contract)
class ContractAdmin(admin.ModelAdmin):
    list_display = [
        "provider",
        "financial_year",
        "point_of_delivery",
        "tfc",
        "planned_activity",
        "planned_value",
    ]
    list_filter = ["financial_year", "point_of_delivery"]
    search_fields = ["provider__code"]
    list_select_related = ["provider"]
