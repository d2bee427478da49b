"""The Django admin is for the installation's operators (superusers) only.

Owners and staff run their practice from the workspace (clients, staff, absences,
policy); none of them needs the admin, so a signed-in member who is not a superuser
gets the admin's sign-in page saying they are not allowed, whatever ``is_staff`` says.

Operators see every practice, but one practice's rows may only point at the same
practice's rows: on a change form the choices of every practice-owned relation are
those of the object's practice, and a form that would link across practices is refused
next to the field. Every change made here is audited like a change in the workspace.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.admin import AdminSite
from django.db.models import Model, QuerySet
from django.http import HttpRequest

from between.audit.log import record
from between.practices.access import membership_or_none
from between.practices.models import Practice, Role

_SCOPE_ATTR = "_between_admin_practice"


def is_operator(request: HttpRequest) -> bool:
    user = request.user
    return bool(user.is_active and user.is_superuser)


def operators_only(site: AdminSite) -> None:
    """Make ``site`` answer only to active superusers."""
    site.has_permission = is_operator  # type: ignore[method-assign]


def owner_practice(request: HttpRequest) -> Practice | None:
    """The practice an owner runs (kept for callers outside the admin)."""
    member = membership_or_none(request.user)
    if member is None or member.role != Role.OWNER:
        return None
    return member.practice


def practice_id_of(obj: Any) -> int | None:
    """The practice a row belongs to, following ``practice`` or ``client.practice``."""
    if obj is None:
        return None
    if isinstance(obj, Practice):
        return obj.pk
    found = getattr(obj, "practice_id", None)
    if found is None and getattr(obj, "client_id", None):
        found = obj.client.practice_id
    return found


def _scoped(related: type[Model], practice_id: int) -> QuerySet[Any] | None:
    names = {f.name for f in related._meta.get_fields()}
    if related is Practice:
        return Practice.objects.filter(pk=practice_id)
    if "practice" in names:
        return related._default_manager.filter(practice_id=practice_id)
    if "client" in names:
        return related._default_manager.filter(client__practice_id=practice_id)
    return None


class SamePracticeForm(forms.ModelForm):
    """Refuses a relation to another practice's row, next to its field."""

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        own = data.get("practice")
        own_id = own.pk if isinstance(own, Practice) else practice_id_of(self.instance)
        if own_id is None and data.get("client") is not None:
            own_id = data["client"].practice_id
        if own_id is None:
            return data
        for name, value in list(data.items()):
            if name == "practice" or not isinstance(value, Model):
                continue
            other = practice_id_of(value)
            if other is not None and other != own_id:
                self.add_error(name, "This belongs to another practice.")
        return data


class AuditedAdmin(admin.ModelAdmin):
    """Every add, change and delete made in the admin goes to the audit trail, with the
    names of the fields changed (never their values)."""

    def audit_practice(self, obj: Model) -> Practice | None:
        """Whose audit trail the change belongs in."""
        return _practice(obj)

    def save_model(self, request: HttpRequest, obj: Model, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        record(
            "admin.changed" if change else "admin.added",
            request=request,
            obj=obj,
            practice=self.audit_practice(obj),
            detail={"fields": sorted(form.changed_data)},
        )

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        for obj in list(queryset):
            self.delete_model(request, obj)

    def delete_model(self, request: HttpRequest, obj: Model) -> None:
        practice, label, pk = self.audit_practice(obj), obj._meta.label_lower, obj.pk
        super().delete_model(request, obj)
        record(
            "admin.deleted",
            request=request,
            practice=practice,
            detail={"object_type": label, "object_id": str(pk)},
        )


class PracticeScopedAdmin(AuditedAdmin):
    """Operators only; ``practice_path`` is the lookup from the model to its Practice."""

    practice_path = "practice"
    form = SamePracticeForm

    def _allowed(self, request: HttpRequest) -> bool:
        return is_operator(request)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self._allowed(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._allowed(request)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return self._allowed(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._allowed(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._allowed(request)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        rows = super().get_queryset(request)
        return rows if self._allowed(request) else rows.none()

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        # The practice whose rows the relations may offer, read by formfield_for_foreignkey.
        setattr(request, _SCOPE_ATTR, practice_id_of(obj))
        return super().get_form(request, obj, change=change, **kwargs)

    def get_formset_kwargs(self, request: HttpRequest, obj: Any, inline: Any, prefix: str) -> Any:
        setattr(request, _SCOPE_ATTR, practice_id_of(obj))
        return super().get_formset_kwargs(request, obj, inline, prefix)

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        practice_id = getattr(request, _SCOPE_ATTR, None)
        if practice_id is not None and db_field.name != "practice":
            scoped = _scoped(db_field.related_model, practice_id)
            if scoped is not None:
                kwargs["queryset"] = scoped
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


def _practice(obj: Model) -> Practice | None:
    practice_id = practice_id_of(obj)
    return Practice.objects.filter(pk=practice_id).first() if practice_id else None


class ScopedInline(admin.options.InlineModelAdmin):
    """An inline whose relations offer only the parent's practice's rows."""

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        practice_id = getattr(request, _SCOPE_ATTR, None)
        if practice_id is not None and db_field.name != "practice":
            scoped = _scoped(db_field.related_model, practice_id)
            if scoped is not None:
                kwargs["queryset"] = scoped
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
