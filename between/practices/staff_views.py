"""Owners manage who works in their practice: add, change role, deactivate, reactivate.

A new colleague gets a one-time link to choose their own password (Django's password
reset tokens), which the owner hands over or Between emails: nobody else ever knows the
password, and no password travels by email. The link stops working once used, after
PASSWORD_RESET_TIMEOUT, or when a newer password is set.

Two rules keep a practice manageable: an owner cannot deactivate themself, and the last
active owner can be neither deactivated nor given another role.

Owners also decide whether everyone must use two-factor sign-in (see
between.accounts.two_factor), see who has it on, and can turn it off for a colleague who
lost their phone and their recovery codes, so that they can set it up again.
"""

from __future__ import annotations

import logging
import smtplib
from typing import Any

from django.conf import settings
from django.contrib import messages as notices
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.contrib.auth.tokens import default_token_generator
from django.contrib.auth.views import PasswordResetConfirmView
from django.core.mail import send_mail
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.views.decorators.http import require_POST

from between.accounts import two_factor
from between.audit.log import record
from between.practices.access import membership_or_404
from between.practices.forms import AddMemberForm, ChangeMemberForm
from between.practices.models import Membership, Role

LINK_SESSION_KEY = "practices.staff_link"
log = logging.getLogger(__name__)


def _owner(request: HttpRequest) -> Membership:
    member = membership_or_404(request.user)
    if not member.manages_practice:
        raise Http404
    return member


def _colleague_or_404(owner: Membership, pk: int) -> Membership:
    return get_object_or_404(
        Membership.objects.select_related("user"), practice=owner.practice, pk=pk
    )


def _other_active_owners(member: Membership) -> bool:
    return (
        Membership.objects.filter(practice=member.practice, role=Role.OWNER, is_active=True)
        .exclude(pk=member.pk)
        .exists()
    )


def set_password_link(member: Membership) -> str:
    user = member.user
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    path = reverse("staff-set-password", args=[uid, token])
    return f"{settings.BETWEEN_BASE_URL.rstrip('/')}{path}"


def _hand_over(request: HttpRequest, member: Membership, *, email: bool) -> None:
    """Keep the link for the next page only; optionally email it to the colleague."""
    link = set_password_link(member)
    sent = False
    if email and member.email:
        try:
            send_mail(
                f"Your Between account at {member.practice.name}",
                f"Hello {member.display_name},\n\n"
                f"You have an account at {member.practice.name} on Between. "
                f"Your username is {member.user.get_username()}.\n\n"
                f"Choose your password here (the link works once, for a few days):\n{link}\n",
                None,
                [member.email],
            )
            sent = True
        except (OSError, smtplib.SMTPException) as exc:
            log.warning("set-password link for member %s not emailed (%s)", member.pk, exc)
            notices.warning(request, "The email could not be sent: give them the link yourself.")
    request.session[LINK_SESSION_KEY] = {"member": member.pk, "link": link, "emailed": sent}
    record(
        "staff.password_link",
        request=request,
        obj=member,
        detail={"user": member.user_id, "emailed": sent},
    )


@login_required
def staff_list(request: HttpRequest) -> HttpResponse:
    owner = _owner(request)
    if request.method == "POST":
        return _require_two_factor(request, owner)
    members = Membership.objects.filter(practice=owner.practice).select_related("user")
    enrolled = two_factor.enrolled_user_ids(m.user_id for m in members)
    return render(
        request,
        "practices/staff.html",
        {
            "members": members.order_by("-is_active", "display_name"),
            "me": owner,
            "enrolled": enrolled,
            "without_two_factor": sum(
                1 for m in members if m.is_active and m.user_id not in enrolled
            ),
        },
    )


def _require_two_factor(request: HttpRequest, owner: Membership) -> HttpResponse:
    practice = owner.practice
    require = request.POST.get("require_two_factor") == "on"
    if require == practice.require_two_factor:
        return redirect("staff")
    if require and not two_factor.enrolled(owner.user):
        notices.error(
            request, "Set up two-factor sign-in for yourself first, then require it of everyone."
        )
        return redirect("staff")
    with transaction.atomic():
        practice.require_two_factor = require
        practice.save(update_fields=["require_two_factor"])
        record(
            "practice.two_factor_required",
            request=request,
            obj=practice,
            practice=practice,
            detail={"required": require},
        )
    if require:
        notices.success(
            request,
            "Two-factor sign-in is now required. Colleagues without it are asked to set it up "
            "before they can open anything else.",
        )
    else:
        notices.success(request, "Two-factor sign-in is no longer required.")
    return redirect("staff")


@login_required
def staff_add(request: HttpRequest) -> HttpResponse:
    owner = _owner(request)
    form = AddMemberForm(owner.practice, request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with transaction.atomic():
            user = get_user_model().objects.create_user(
                username=data["username"],
                email=data["email"],
                password=None,  # unusable until they choose one through the link
                is_staff=data["role"] == Role.OWNER,
            )
            member = Membership.objects.create(
                user=user,
                practice=owner.practice,
                role=data["role"],
                display_name=data["display_name"],
                email=data["email"],
                phone=data["phone"],
            )
            record(
                "staff.added",
                request=request,
                obj=member,
                detail={"user": user.pk, "role": member.role},
            )
            _hand_over(request, member, email=request.POST.get("send_link") == "on")
        notices.success(request, f"{member.display_name} was added.")
        return redirect("staff-member", member.pk)
    return render(request, "practices/staff_add.html", {"form": form})


@login_required
def staff_member(request: HttpRequest, pk: int) -> HttpResponse:
    owner = _owner(request)
    member = _colleague_or_404(owner, pk)
    initial = {
        "display_name": member.display_name,
        "role": member.role,
        "email": member.email,
        "phone": member.phone,
    }
    if request.method == "POST" and request.POST.get("action") == "reset_two_factor":
        return _reset_two_factor(request, owner, member)
    form = ChangeMemberForm(owner.practice, request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        leaving_owner = member.role == Role.OWNER and data["role"] != Role.OWNER
        if leaving_owner and member.is_active and not _other_active_owners(member):
            form.add_error(
                "role",
                f"{owner.practice.name} needs at least one active owner. Make someone "
                "else an owner first.",
            )
        else:
            changed = sorted(form.changed_data)
            detail: dict[str, Any] = {"changed": changed}
            if "role" in changed:
                detail["role"] = {"from": member.role, "to": data["role"]}
            with transaction.atomic():
                for name in ("display_name", "role", "email", "phone"):
                    setattr(member, name, data[name])
                member.save()
                user = member.user
                user.email = member.email
                user.is_staff = member.role == Role.OWNER or user.is_superuser
                user.save(update_fields=["email", "is_staff"])
                record("staff.changed", request=request, obj=member, detail=detail)
            notices.success(request, f"{member.display_name}: changes saved.")
            if member.pk == owner.pk and member.role != Role.OWNER:
                return redirect("absences")
            return redirect("staff-member", member.pk)
    handed = request.session.pop(LINK_SESSION_KEY, None)
    link = handed if handed and handed.get("member") == member.pk else None
    return render(
        request,
        "practices/staff_member.html",
        {
            "member": member,
            "form": form,
            "me": owner,
            "link": link,
            "covering_soon": member.covering_for.filter(end__gte=timezone.localdate()).count(),
            "two_factor_on": two_factor.enrolled(member.user),
        },
    )


def _reset_two_factor(request: HttpRequest, owner: Membership, member: Membership) -> HttpResponse:
    """For a colleague who lost their phone and their recovery codes: they set it up again."""
    if member.pk == owner.pk:
        notices.error(request, "Manage your own two-factor sign-in on its own page.")
    elif two_factor.enrolled(member.user):
        two_factor.turn_off(member.user)
        record(
            "staff.two_factor_reset", request=request, obj=member, detail={"user": member.user_id}
        )
        notices.success(
            request,
            f"Two-factor sign-in is off for {member.display_name}. "
            + (
                "They will be asked to set it up again when they next sign in."
                if owner.practice.require_two_factor
                else "Their password alone signs them in until they set it up again."
            ),
        )
    return redirect("staff-member", member.pk)


@login_required
@require_POST
def staff_active(request: HttpRequest, pk: int) -> HttpResponse:
    owner = _owner(request)
    member = _colleague_or_404(owner, pk)
    activate = request.POST.get("active") == "yes"
    if not activate:
        if member.pk == owner.pk:
            notices.error(request, "You cannot deactivate yourself. Ask another owner.")
            return redirect("staff-member", member.pk)
        if member.role == Role.OWNER and not _other_active_owners(member):
            notices.error(request, f"{owner.practice.name} needs at least one active owner.")
            return redirect("staff-member", member.pk)
    if member.is_active == activate:
        return redirect("staff-member", member.pk)
    with transaction.atomic():
        member.is_active = activate
        member.save(update_fields=["is_active"])
        # An inactive user cannot sign in at all, and their open sessions stop working.
        member.user.is_active = activate
        member.user.save(update_fields=["is_active"])
        record(
            "staff.reactivated" if activate else "staff.deactivated",
            request=request,
            obj=member,
            detail={"user": member.user_id},
        )
    if activate:
        notices.success(request, f"{member.display_name} can sign in again.")
    else:
        notices.success(request, f"{member.display_name} can no longer sign in.")
        covering = member.covering_for.filter(end__gte=timezone.localdate()).count()
        if covering:
            notices.warning(
                request,
                f"{member.display_name} is named to cover {covering} current or upcoming "
                "absence(s). Choose someone else on the absences page.",
            )
    return redirect("staff-member", member.pk)


@login_required
@require_POST
def staff_link(request: HttpRequest, pk: int) -> HttpResponse:
    owner = _owner(request)
    member = _colleague_or_404(owner, pk)
    if not member.is_active:
        notices.error(request, "Reactivate them first.")
        return redirect("staff-member", member.pk)
    _hand_over(request, member, email=request.POST.get("send_link") == "on")
    return redirect("staff-member", member.pk)


class SetPasswordView(PasswordResetConfirmView):
    """The colleague's side of the link: no account session, just the signed token."""

    template_name = "practices/set_password.html"
    success_url = reverse_lazy("login")
    post_reset_login = False
    reset_url_token = "choose-password"  # noqa: S105 (a URL segment, not a secret)

    def get_user(self, uidb64: str) -> Any:
        user = super().get_user(uidb64)
        if user is None or not user.is_active:
            return None
        membership = Membership.objects.filter(user=user, is_active=True).first()
        return user if membership is not None else None

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        membership = Membership.objects.get(user=self.user)
        record("staff.password_set", request=self.request, actor=self.user, obj=membership)
        notices.success(self.request, "Your password is set. Sign in with it now.")
        return response
