"""The code step of signing in, and the page where a person sets up two-factor sign-in.

See between.accounts.two_factor for how the pieces fit. Codes arrive only in POST bodies;
the secret is shown only on the set-up page, before it is confirmed; recovery codes are
shown once, on the page right after they are made.
"""

from __future__ import annotations

from typing import Any

import django_otp
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme

from between.accounts import two_factor
from between.audit.log import record

WRONG_CODE = "That code did not match. Type the newest code your app shows."
WRONG_RECOVERY_CODE = "That recovery code did not match, or it was already used."


def _too_many(wait: int) -> str:
    return f"Too many attempts. Please wait {wait} seconds before trying again."


def _safe_next(request: HttpRequest, candidate: str | None) -> str:
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def sign_in_code(request: HttpRequest) -> HttpResponse:
    """The second step: a code from the app, or a recovery code, then signed in."""
    backend: str | None = None
    if request.user.is_authenticated:
        # Signed in some other way (or a session from before two-factor was set up).
        user: Any = request.user
        next_url = _safe_next(request, request.POST.get("next") or request.GET.get("next"))
        if two_factor.verified(user) or not two_factor.enrolled(user):
            return redirect(next_url)
    else:
        waiting = two_factor.pending(request)
        if waiting is None:
            if two_factor.PENDING not in request.session and request.method == "POST":
                messages.info(request, "That took too long. Please sign in again.")
            return redirect("login")
        user, backend, next_url = waiting.user, waiting.backend, waiting.next_url
        next_url = _safe_next(request, next_url)

    context: dict[str, Any] = {
        # No navigation until the code is given: every link would lead back here.
        "membership": None,
        "next": next_url if backend is None else "",
        "recovery_open": False,
        "error": "",
    }
    status = 200
    if request.method == "POST":
        recovery = "recovery_code" in request.POST
        code = str(request.POST.get("recovery_code" if recovery else "code", ""))
        checked = two_factor.check_code(request, user, code, recovery=recovery, during="sign_in")
        if checked.device is not None:
            if backend is not None:
                del request.session[two_factor.PENDING]
                auth_login(request, user, backend=backend)
            django_otp.login(request, checked.device)
            record(
                "auth.sign_in",
                request=request,
                actor=user,
                practice=two_factor.practice_of(user),
                detail={
                    "two_factor": two_factor.RECOVERY if recovery else two_factor.AUTHENTICATOR
                },
            )
            if recovery:
                left = two_factor.recovery_codes_left(user)
                messages.warning(
                    request,
                    f"You signed in with a recovery code; {left} of "
                    f"{two_factor.RECOVERY_CODES} are left. Each works once.",
                )
            return redirect(next_url)
        if checked.wait:
            context["error"], status = _too_many(checked.wait), 429
        else:
            context["error"] = WRONG_RECOVERY_CODE if recovery else WRONG_CODE
        context["recovery_open"] = recovery
    return render(request, "accounts/two_factor_code.html", context, status=status)


@login_required
def two_factor_settings(request: HttpRequest) -> HttpResponse:
    """Set up two-factor sign-in; once on, new recovery codes or turning it off."""
    user: Any = request.user
    device = two_factor.authenticator(user)
    if device is None:
        return _set_up(request, user)
    return _manage(request, user, device)


def _set_up(request: HttpRequest, user: Any) -> HttpResponse:
    device = two_factor.new_authenticator(user)
    error = ""
    if request.method == "POST" and request.POST.get("action") == "confirm":
        token = two_factor.normalize(str(request.POST.get("code", "")))
        # The person holds the secret already: a wrong code here gives nothing away.
        if two_factor.APP_CODE.fullmatch(token) and device.verify_token(token):
            codes = two_factor.confirm(user, device)
            django_otp.login(request, device)
            record(
                "auth.two_factor_enrolled", request=request, practice=two_factor.practice_of(user)
            )
            request.session[two_factor.NEW_CODES] = codes
            messages.success(request, "Two-factor sign-in is on.")
            return redirect("two-factor")
        error = (
            "That code did not match. Check that your phone's clock is set automatically, "
            "then type the newest code your app shows."
        )
    required = two_factor.required(user)
    return render(
        request,
        "accounts/two_factor.html",
        {
            "setting_up": True,
            "required": required,
            "practice": two_factor.practice_of(user),
            "qr": two_factor.qr_svg(device),
            "secret": two_factor.secret_for_typing(device),
            "error": error,
            # Until it is set up, where it is required, every other page leads back here.
            **({"membership": None} if required else {}),
        },
    )


def _manage(request: HttpRequest, user: Any, device: Any) -> HttpResponse:
    errors: dict[str, str] = {}
    status = 200
    practice = two_factor.practice_of(user)
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "new_codes":
            checked = two_factor.check_code(
                request, user, str(request.POST.get("code", "")), recovery=False, during=action
            )
            if checked.device is not None:
                request.session[two_factor.NEW_CODES] = two_factor.new_recovery_codes(user)
                record("auth.recovery_codes_renewed", request=request, practice=practice)
                messages.success(
                    request, "New recovery codes are ready; the old ones no longer work."
                )
                return redirect("two-factor")
            errors[action] = _too_many(checked.wait) if checked.wait else WRONG_CODE
            status = 429 if checked.wait else 200
        elif action == "turn_off":
            code = str(request.POST.get("code", "")).strip()
            recovery_code = str(request.POST.get("recovery_code", "")).strip()
            recovery = bool(recovery_code) and not code
            checked = two_factor.check_code(
                request, user, recovery_code if recovery else code, recovery=recovery, during=action
            )
            if checked.device is not None:
                two_factor.turn_off(user)
                record("auth.two_factor_disabled", request=request, practice=practice)
                messages.success(request, "Two-factor sign-in is off.")
                return redirect("two-factor")
            if checked.wait:
                errors[action], status = _too_many(checked.wait), 429
            else:
                errors[action] = WRONG_RECOVERY_CODE if recovery else WRONG_CODE
    new_codes = request.session.pop(two_factor.NEW_CODES, None) if request.method == "GET" else None
    return render(
        request,
        "accounts/two_factor.html",
        {
            "setting_up": False,
            "device": device,
            "required": two_factor.required(user),
            "practice": practice,
            "codes_left": two_factor.recovery_codes_left(user),
            "codes_total": two_factor.RECOVERY_CODES,
            "new_codes": [two_factor.show_recovery_code(c) for c in new_codes or []],
            "errors": errors,
            "next": resolve_url(settings.LOGIN_REDIRECT_URL),
        },
        status=status,
    )
