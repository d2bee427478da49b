from django.contrib import admin

from between.practices.admin_scope import PracticeScopedAdmin, operators_only
from between.practices.models import Absence, Membership, Practice

# Owners and staff work in the workspace; the admin is the operators' (superusers') tool.
operators_only(admin.site)


@admin.register(Practice)
class PracticeAdmin(PracticeScopedAdmin):
    practice_path = "pk"
    list_display = ["name", "setting", "timezone", "country"]
    search_fields = ["name", "slug"]


@admin.register(Membership)
class MembershipAdmin(PracticeScopedAdmin):
    """Owners add colleagues on the Staff page (it creates the account and hands over a
    set-password link); operators may correct a membership here."""

    list_display = ["display_name", "practice", "role", "is_active"]
    list_filter = ["role", "is_active", "practice"]
    search_fields = ["display_name", "user__username"]


@admin.register(Absence)
class AbsenceAdmin(PracticeScopedAdmin):
    list_display = ["clinician", "practice", "start", "end", "covering"]
    list_filter = ["practice"]
