"""Admin pages that show a practice owner their own practice's data and nothing else.

Superusers (operators of the installation) see everything; practice owners with staff
access see rows of their practice; everyone else gets no admin at all.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.db.models import Model, QuerySet
from django.http import HttpRequest

from between.practices.access import membership_or_none
from between.practices.models import Practice, Role


def owner_practice(request: HttpRequest) -> Practice | None:
    member = membership_or_none(request.user)
    if member is None or member.role != Role.OWNER:
        return None
    return member.practice


class PracticeScopedAdmin(admin.ModelAdmin):
    """Scope by ``practice_path`` (the lookup from the model to its Practice)."""

    practice_path = "practice"

    def _allowed(self, request: HttpRequest) -> bool:
        return bool(request.user.is_superuser) or owner_practice(request) is not None

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
        if request.user.is_superuser:
            return rows
        practice = owner_practice(request)
        if practice is None:
            return rows.none()
        # By key: the Practice changelist's own path is "pk", which takes no instance.
        return rows.filter(**{self.practice_path: practice.pk})

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        practice = owner_practice(request)
        if practice is not None and not request.user.is_superuser:
            related = db_field.related_model
            if related is Practice:
                kwargs["queryset"] = Practice.objects.filter(pk=practice.pk)
            elif any(f.name == "practice" for f in related._meta.get_fields()):
                kwargs["queryset"] = related._default_manager.filter(practice=practice)
            elif any(f.name == "client" for f in related._meta.get_fields()):
                kwargs["queryset"] = related._default_manager.filter(client__practice=practice)
            elif related is get_user_model():
                # Never the installation's whole user list: only this practice's people.
                kwargs["queryset"] = related._default_manager.filter(membership__practice=practice)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request: HttpRequest, obj: Model, form: Any, change: bool) -> None:
        practice = owner_practice(request)
        if practice is not None and self.practice_path == "practice":
            obj.practice = practice  # type: ignore[attr-defined]
        super().save_model(request, obj, form, change)
