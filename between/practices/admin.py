from typing import Any

from django.contrib import admin

from between.practices.admin_scope import PracticeScopedAdmin, SamePracticeForm, operators_only
from between.practices.forms import page_email, page_phone
from between.practices.models import Absence, Membership, Practice

# Owners and staff work in the workspace; the admin is the operators' (superusers') tool.
operators_only(admin.site)


@admin.register(Practice)
class PracticeAdmin(PracticeScopedAdmin):
    practice_path = "pk"
    list_display = ["name", "setting", "timezone", "country"]
    search_fields = ["name", "slug"]


class MembershipForm(SamePracticeForm):
    """The Staff page's rules for the page phone and address hold here too."""

    def clean_phone(self) -> str:
        practice: Any = self.cleaned_data.get("practice") or getattr(
            self.instance, "practice", None
        )
        return page_phone(self.cleaned_data.get("phone"), getattr(practice, "country", None))

    def clean_email(self) -> str:
        return page_email(self.cleaned_data.get("email"))


@admin.register(Membership)
class MembershipAdmin(PracticeScopedAdmin):
    """Owners add colleagues on the Staff page (it creates the account and hands over a
    set-password link); operators may correct a membership here."""

    form = MembershipForm

    list_display = ["display_name", "practice", "role", "is_active"]
    list_filter = ["role", "is_active", "practice"]
    search_fields = ["display_name", "user__username"]


@admin.register(Absence)
class AbsenceAdmin(PracticeScopedAdmin):
    list_display = ["clinician", "practice", "start", "end", "covering"]
    list_filter = ["practice"]
