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
    """Owners add colleagues on the Staff page (it creates the account and hands over a
    set-password link); here they may only correct a membership of their practice."""

    list_display = ["display_name", "role", "is_active"]
    list_filter = ["role", "is_active"]

    def has_add_permission(self, request, *args):  # type: ignore[no-untyped-def]
        return bool(request.user.is_superuser)

    def get_readonly_fields(self, request, obj=None):  # type: ignore[no-untyped-def]
        if request.user.is_superuser:
            return ()
        return ("user",)


@admin.register(Absence)
class AbsenceAdmin(PracticeScopedAdmin):
    list_display = ["clinician", "start", "end", "covering"]
