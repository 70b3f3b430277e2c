from django.contrib import admin

from pars.documents.models import Document, FieldHistory, FieldSuggestion


class FieldSuggestionInline(admin.TabularInline):
    model = FieldSuggestion
    extra = 0
    readonly_fields = (
        "field",
        "suggested_value",
        "confidence",
        "source",
        "state",
        "decided_by",
        "decided_at",
    )


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ("receipt", "practice", "status", "document_type", "letter_date", "received_at")
    list_filter = ("status", "document_type", "practice")
    search_fields = ("receipt", "sha256", "original_name")
    readonly_fields = ("receipt", "sha256", "size", "storage_key", "received_at", "coded_at")
    inlines = [FieldSuggestionInline]


@admin.register(FieldHistory)
class FieldHistoryAdmin(admin.ModelAdmin):
    list_display = ("document", "field", "change", "actor_label", "at")
    list_filter = ("change", "field")
