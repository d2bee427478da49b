from typing import Any

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.http import HttpRequest, HttpResponse

from between.audit.log import record
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


class ViewsAudited(admin.ModelAdmin):
    """The admin's change page shows client content too, so opening it is audited."""

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        response = super().change_view(request, object_id, form_url, extra_context)
        if request.method == "GET" and response.status_code == 200:
            found = self.get_object(request, unquote(object_id))
            if found is not None:
                record("admin.viewed", request=request, obj=found)
        return response
