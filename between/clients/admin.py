from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from between.audit.admin import ViewsAudited
from between.clients.models import Accommodation, Client, Consent, ContactPoint
from between.practices.admin_scope import PracticeScopedAdmin


class ContactInline(admin.TabularInline):
    model = ContactPoint
    fields = ["kind", "value"]
    extra = 1


class ConsentInline(admin.TabularInline):
    model = Consent
    fields = ["channel", "state", "recorded_at", "method", "policy_version"]
    extra = 0


class AccommodationInline(admin.TabularInline):
    model = Accommodation
    fields = ["kind", "detail", "reason", "active"]
    extra = 0


@admin.register(Client)
class ClientAdmin(ViewsAudited, PracticeScopedAdmin):
    list_display = ["name", "clinician", "preferred_channel", "status"]
    list_filter = ["status", "preferred_channel"]
    search_fields = ["name"]
    inlines = [ContactInline, ConsentInline, AccommodationInline]

    def has_delete_permission(self, request: HttpRequest, obj: Client | None = None) -> bool:
        # Deleting a client row here would leave their messages and calls behind, only
        # unlinked. A record is deleted whole by retention (`between retention --apply`,
        # or the owner's retention page), which also keeps the audit of it.
        return False
