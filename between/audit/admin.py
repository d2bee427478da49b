from django.contrib import admin

from between.audit.models import AuditEvent
from between.practices.admin_scope import PracticeScopedAdmin


@admin.register(AuditEvent)
class AuditEventAdmin(PracticeScopedAdmin):
    list_display = ["at", "actor_label", "action", "object_type", "object_id", "ip_address"]
    list_filter = ["action"]

    # The trail is evidence: nobody edits or removes it through the admin.
    def has_add_permission(self, request, *args):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
