from django.contrib import admin

from between.policies.models import PolicyVersion
from between.practices.admin_scope import PracticeScopedAdmin


@admin.register(PolicyVersion)
class PolicyVersionAdmin(PracticeScopedAdmin):
    list_display = ["number", "clinician", "status", "effective_at"]
    readonly_fields = ["content_hash", "approved_by", "approved_at", "published_at"]
