from django.contrib import admin

from between.practices.admin_scope import PracticeScopedAdmin
from between.practices.models import Absence, Membership, Practice


@admin.register(Practice)
class PracticeAdmin(PracticeScopedAdmin):
    practice_path = "pk"
    list_display = ["name", "setting", "timezone"]

    def has_add_permission(self, request, *args):  # type: ignore[no-untyped-def]
        return bool(request.user.is_superuser)

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return bool(request.user.is_superuser)


@admin.register(Membership)
class MembershipAdmin(PracticeScopedAdmin):
    list_display = ["display_name", "role", "is_active"]
    list_filter = ["role", "is_active"]


@admin.register(Absence)
class AbsenceAdmin(PracticeScopedAdmin):
    list_display = ["clinician", "start", "end", "covering"]
