"""Read-only admin views of SUS imports, findings and their history.

Read-only on purpose: a finding's status changes through
``pars.sus.actions.set_finding_status``, which writes the history and the
audit event; editing here would skip both.
"""

from django.contrib import admin

from pars.sus.models import Finding, FindingEvent, SusImport


class _ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(SusImport)
class SusImportAdmin(_ReadOnly):
    list_display = (
        "imported_at",
        "kind",
        "file_name",
        "imported_by",
        "rows",
        "accepted",
        "rejected",
    )
    list_filter = ("kind",)


@admin.register(Finding)
class FindingAdmin(_ReadOnly):
    list_display = (
        "finding",
        "provider_code",
        "month",
        "sus_record",
        "document",
        "value_gbp",
        "status",
    )
    list_filter = ("finding", "status", "provider_code", "month")
    search_fields = ("sus_record", "document")


@admin.register(FindingEvent)
class FindingEventAdmin(_ReadOnly):
    list_display = ("at", "finding_id_ref", "from_status", "to_status", "by")
