from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from between.policies.models import PolicyVersion
from between.practices.admin_scope import PracticeScopedAdmin


@admin.register(PolicyVersion)
class PolicyVersionAdmin(PracticeScopedAdmin):
    """Read only: a version is written, approved and published in the workspace, where it
    is validated and clients are told; clients agreed to its exact text, so nobody edits
    it here."""

    list_display = ["number", "practice", "clinician", "status", "effective_at"]
    list_filter = ["status", "practice"]

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
