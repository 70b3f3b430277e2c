from django.contrib import admin

from pars.accounts.models import Membership


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "role", "practice")
    list_filter = ("role", "practice")
    search_fields = ("user__username",)
