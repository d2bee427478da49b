"""The operators' view of clients (superusers only; practices use the workspace)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.http import HttpRequest

from between.audit.admin import ViewsAudited
from between.clients.contact import normalize_email, normalize_phone, region_of
from between.clients.models import Accommodation, Client, Consent, ContactKind, ContactPoint
from between.practices.admin_scope import PracticeScopedAdmin, ScopedInline
from between.practices.models import Practice


class ContactForm(forms.ModelForm):
    """Normalises the value the way the model will, and refuses a value another client of
    the practice has, next to the field (the database would refuse it with an error page)."""

    class Meta:
        model = ContactPoint
        fields = ["kind", "value"]

    def __init__(self, *args: Any, practice: Practice | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.practice = practice

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind, value = data.get("kind"), data.get("value")
        if not kind or not value:
            return data
        try:
            if kind == ContactKind.PHONE:
                region = region_of(self.practice.country if self.practice else "")
                data["value"] = normalize_phone(value, region)
            else:
                data["value"] = normalize_email(value)
        except ValidationError:
            what = "phone number" if kind == ContactKind.PHONE else "email address"
            self.add_error("value", f"This is not a {what}.")
            return data
        self.instance.value = data["value"]
        if self.practice is not None:
            taken = ContactPoint.objects.filter(
                practice=self.practice, kind=kind, value=data["value"]
            )
            if self.instance.pk:
                taken = taken.exclude(pk=self.instance.pk)
            if taken.exists():
                self.add_error("value", "Another client of this practice already has this.")
        return data


class ContactFormSet(BaseInlineFormSet):
    """Hands each row the practice of the client being added or changed."""

    def get_form_kwargs(self, index: int | None) -> dict[str, Any]:
        kwargs = super().get_form_kwargs(index)
        kwargs["practice"] = self.instance.practice if self.instance.practice_id else None
        return kwargs

    def clean(self) -> None:
        super().clean()
        seen: set[tuple[str, str]] = set()
        for form in self.forms:
            data = getattr(form, "cleaned_data", None) or {}
            if not data.get("value") or data.get("DELETE"):
                continue
            key = (data["kind"], data["value"])
            if key in seen:
                form.add_error("value", "This is given twice.")
            seen.add(key)


class ContactInline(ScopedInline, admin.TabularInline):
    model = ContactPoint
    form = ContactForm
    formset = ContactFormSet
    fields = ["kind", "value"]
    extra = 1


class ConsentInline(ScopedInline, admin.TabularInline):
    """Consent is evidence and only ever added to, in the workspace or by the client."""

    model = Consent
    fields = ["channel", "state", "recorded_at", "method", "recorded_by", "policy_version"]
    readonly_fields = ("channel", "state", "recorded_at", "method", "recorded_by", "policy_version")
    extra = 0

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class AccommodationInline(ScopedInline, admin.TabularInline):
    model = Accommodation
    fields = ["kind", "detail", "reason", "active"]
    extra = 0


@admin.register(Client)
class ClientAdmin(ViewsAudited, PracticeScopedAdmin):
    list_display = ["name", "practice", "clinician", "preferred_channel", "status"]
    list_filter = ["status", "preferred_channel", "practice"]
    search_fields = ["name"]
    inlines = [ContactInline, ConsentInline, AccommodationInline]

    def has_delete_permission(self, request: HttpRequest, obj: Client | None = None) -> bool:
        # Deleting a client row here would leave their messages and calls behind, only
        # unlinked. A record is deleted whole by retention (`between retention --apply`,
        # or the owner's retention page), which also keeps the audit of it.
        return False
