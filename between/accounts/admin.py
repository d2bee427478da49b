"""Accounts and two-factor devices in the admin, audited like every other admin change.

Django's and django-otp's own admin classes are kept; each is registered again with
``AuditedAdmin`` first, so an operator who changes an account, sets a password, or
removes someone's authenticator leaves a trace in that person's practice's audit log.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group, User
from django.db.models import Model
from django.http import HttpRequest, HttpResponse
from django_otp.plugins.otp_static.admin import StaticDeviceAdmin
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.admin import TOTPDeviceAdmin
from django_otp.plugins.otp_totp.models import TOTPDevice

from between.audit.log import record
from between.practices.admin_scope import AuditedAdmin
from between.practices.models import Membership, Practice


def _members_practice(user_id: Any) -> Practice | None:
    membership = Membership.objects.filter(user_id=user_id).select_related("practice").first()
    return membership.practice if membership else None


class AuditedUserAdmin(AuditedAdmin, UserAdmin):
    def audit_practice(self, obj: Model) -> Practice | None:
        return _members_practice(obj.pk)

    def user_change_password(self, request: HttpRequest, id: str, form_url: str = "") -> Any:
        response: HttpResponse = super().user_change_password(request, id, form_url)
        if request.method == "POST" and response.status_code == 302:
            user = User.objects.filter(pk=id).first()
            record(
                "admin.password_set",
                request=request,
                obj=user,
                practice=_members_practice(id),
                detail={},
            )
        return response


class AuditedGroupAdmin(AuditedAdmin, GroupAdmin):
    pass


class DeviceAudit(AuditedAdmin):
    def audit_practice(self, obj: Model) -> Practice | None:
        return _members_practice(getattr(obj, "user_id", None))


class AuditedTOTPDeviceAdmin(DeviceAudit, TOTPDeviceAdmin):
    pass


class AuditedStaticDeviceAdmin(DeviceAudit, StaticDeviceAdmin):
    pass


for model, model_admin in (
    (User, AuditedUserAdmin),
    (Group, AuditedGroupAdmin),
    (TOTPDevice, AuditedTOTPDeviceAdmin),
    (StaticDevice, AuditedStaticDeviceAdmin),
):
    if admin.site.is_registered(model):
        admin.site.unregister(model)
    admin.site.register(model, model_admin)
