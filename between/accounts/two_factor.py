"""Two-factor sign-in: after the password, a code from an authenticator app.

Clinical staff read client content, so a practice may ask for more than a password. It is
built on django-otp: a confirmed ``TOTPDevice`` (the app on the person's phone) and a
``StaticDevice`` holding ten single-use recovery codes, for the day the phone is lost.
A recovery code is stored only as a keyed hash (``stored_code``): a copy of the database
alone does not give anyone a way past the password step.

- Signing in: a right password for an account with two-factor on does *not* sign the
  person in. The session only remembers, for ten minutes, whose password was right
  (``PENDING``); the code step signs them in once a code from the app or a recovery code
  matches, and marks the session verified (``user.is_verified()``, set by django-otp's
  ``OTPMiddleware``).
- ``TwoFactorMiddleware``: a signed-in user with two-factor on whose session is not
  verified (signed in some other way, say on the admin's sign-in page) reaches only the
  code step and sign-out; a member of a practice that requires two-factor, without it set
  up, reaches only the set-up page and sign-out.
- Wrong codes are slowed down like wrong passwords (between.accounts.throttle, in scopes
  of their own), audited, and logged with the account's hash only. Neither the secret nor
  a code is ever logged or put in a URL.
"""

from __future__ import annotations

import logging
import re
import time
from base64 import b32encode
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import django_otp
import segno
from django.conf import settings
from django.contrib.auth import load_backend
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.safestring import SafeString, mark_safe
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from between.accounts import throttle
from between.audit.log import client_ip, record
from between.practices.access import membership_or_none
from between.practices.models import Practice

log = logging.getLogger(__name__)

RECOVERY_CODES = 10
# Whose password was right, while the code is asked for: {user, backend, next, at}.
PENDING = "between_two_factor_pending"
PENDING_SECONDS = 10 * 60
# Recovery codes just made, kept for the one page that shows them.
NEW_CODES = "between_two_factor_new_codes"

APP_CODE = re.compile(r"\d{6}")
RECOVERY_CODE = re.compile(r"[a-z2-7]{8}")  # what StaticToken.random_token() makes

AUTHENTICATOR = "authenticator"
RECOVERY = "recovery_code"


# -- devices -------------------------------------------------------------------------------


def authenticator(user: Any, *, confirmed: bool = True) -> TOTPDevice | None:
    if not getattr(user, "is_authenticated", False):
        return None
    found: TOTPDevice | None = (
        TOTPDevice.objects.filter(user=user, confirmed=confirmed).order_by("pk").first()
    )
    return found


def enrolled(user: Any) -> bool:
    """Two-factor is on: the person has confirmed an authenticator app."""
    return bool(getattr(user, "is_authenticated", False)) and (
        TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    )


def enrolled_user_ids(user_ids: Iterable[int]) -> set[int]:
    return set(
        TOTPDevice.objects.filter(user_id__in=list(user_ids), confirmed=True).values_list(
            "user_id", flat=True
        )
    )


def practice_of(user: Any) -> Practice | None:
    member = membership_or_none(user)
    return member.practice if member is not None else None


def required(user: Any) -> bool:
    """The person's practice requires two-factor of everyone (operators included)."""
    practice = practice_of(user)
    return bool(practice is not None and practice.require_two_factor)


def verified(user: Any) -> bool:
    """This session gave a code (django-otp's OTPMiddleware installs ``is_verified``)."""
    is_verified = getattr(user, "is_verified", None)
    return bool(callable(is_verified) and is_verified())


def new_authenticator(user: Any) -> TOTPDevice:
    """The device being set up: the one not yet confirmed, or a new one (a new secret)."""
    return authenticator(user, confirmed=False) or TOTPDevice.objects.create(
        user=user, name="Authenticator app", confirmed=False
    )


def confirm(user: Any, device: TOTPDevice) -> list[str]:
    """Two-factor is on from now: this device, and a first set of recovery codes."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        return new_recovery_codes(user)


RECOVERY_SALT = "between.accounts.two_factor.recovery_code"


def stored_code(code: str, secret: str | bytes | None = None) -> str:
    """What the database keeps for a recovery code: an HMAC under the secret key, cut to
    the 16 characters django-otp's token column holds (64 bits, beside the ten
    guesses a minute the throttle allows)."""
    return salted_hmac(RECOVERY_SALT, code, secret=secret, algorithm="sha256").hexdigest()[:16]


def new_recovery_codes(user: Any) -> list[str]:
    """Ten new single-use codes, to be shown once; any earlier ones stop working."""
    codes: set[str] = set()
    while len(codes) < RECOVERY_CODES:
        codes.add(StaticToken.random_token())
    with transaction.atomic():
        StaticDevice.objects.filter(user=user).delete()
        device = StaticDevice.objects.create(user=user, name="Recovery codes", confirmed=True)
        StaticToken.objects.bulk_create(
            StaticToken(device=device, token=stored_code(c)) for c in codes
        )
    return sorted(codes)


def recovery_codes_left(user: Any) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def turn_off(user: Any) -> None:
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()


# -- what the set-up page shows --------------------------------------------------------------


def show_recovery_code(token: str) -> str:
    return f"{token[:4]}-{token[4:]}"


def secret_for_typing(device: TOTPDevice) -> str:
    """The key in base32, as authenticator apps ask for it, in groups of four."""
    text = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def qr_svg(device: TOTPDevice) -> SafeString:
    """The otpauth:// address as an inline SVG QR code: drawn here, no image service."""
    svg = segno.make(device.config_url, error="m").svg_inline(
        scale=4, border=4, omitsize=True, svgclass="qr", lineclass=None, dark="#000", light="#fff"
    )
    labelled = svg.replace(
        "<svg ", '<svg role="img" aria-label="QR code to scan with your authenticator app" ', 1
    )
    return mark_safe(labelled)  # noqa: S308 (segno's own markup: numbers and fixed attributes)


# -- the sign-in in between the two steps ----------------------------------------------------


def begin_pending(request: HttpRequest, user: Any, next_url: str) -> None:
    """The password was right; the person is not signed in until a code matches."""
    request.session.cycle_key()
    request.session[PENDING] = {
        "user": user.pk,
        "backend": user.backend,
        "next": next_url,
        "at": time.time(),
    }


@dataclass(frozen=True)
class Pending:
    user: Any
    backend: str
    next_url: str


def pending(request: HttpRequest) -> Pending | None:
    """Whose password was right a moment ago (None when nobody's, or too long ago)."""
    data = request.session.get(PENDING)
    if not isinstance(data, dict):
        return None
    if time.time() - float(data.get("at", 0)) > PENDING_SECONDS:
        del request.session[PENDING]
        return None
    backend_path = str(data.get("backend", ""))
    if backend_path not in settings.AUTHENTICATION_BACKENDS:
        return None
    user = load_backend(backend_path).get_user(data.get("user"))  # None if now inactive
    if user is None:
        return None
    return Pending(user, backend_path, str(data.get("next", "")))


# -- checking a code -------------------------------------------------------------------------


@dataclass(frozen=True)
class Checked:
    device: Any = None  # the device whose code matched
    wait: int = 0  # seconds to wait first, when the attempt was turned away


def normalize(code: str) -> str:
    return "".join(str(code).split()).replace("-", "").lower()[:32]


def _match(user: Any, token: str, *, recovery: bool) -> Any:
    if recovery:
        if not RECOVERY_CODE.fullmatch(token):
            return None
        devices: Iterable[Any] = StaticDevice.objects.filter(user=user, confirmed=True)
    else:
        if not APP_CODE.fullmatch(token):
            return None
        devices = TOTPDevice.objects.filter(user=user, confirmed=True)
    # A recovery code is looked up by its stored form, under the secret key and then any
    # older one still accepted (SECRET_KEY_FALLBACKS), so rolling the key keeps them.
    candidates = (
        [stored_code(token, key) for key in [settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS]]
        if recovery
        else [token]
    )
    for device in list(devices):
        for candidate in candidates:
            # Locked for update while checked: a recovery code cannot be used twice at once.
            found = django_otp.verify_token(user, device.persistent_id, candidate)
            if found is not None:
                return found
    return None


def check_code(
    request: HttpRequest, user: Any, code: str, *, recovery: bool, during: str
) -> Checked:
    """Check a code from the app (or a recovery code), throttled like a password."""
    username = user.get_username()
    account = throttle.account_label(username)
    ip = client_ip(request)
    attempt = throttle.begin(username, ip, timezone.now(), throttle.CODE_STEP)
    wait = attempt.seconds_to_wait()
    if wait > 0:
        attempt.turned_away()
        log.warning("two-factor code refused while throttled: account=%s ip=%s", account, ip)
        return Checked(wait=wait)
    device = _match(user, normalize(code), recovery=recovery)
    kind = RECOVERY if recovery else AUTHENTICATOR
    practice = practice_of(user)
    if device is None:
        log.warning("two-factor code did not match: account=%s ip=%s", account, ip)
        record(
            "auth.two_factor_failed",
            request=request,
            actor=user,
            practice=practice,
            detail={"kind": kind, "during": during},
        )
        return Checked()
    attempt.succeeded()
    if recovery:
        record(
            "auth.recovery_code_used",
            request=request,
            actor=user,
            practice=practice,
            detail={"during": during, "left": recovery_codes_left(user)},
        )
    return Checked(device=device)


# -- the gate --------------------------------------------------------------------------------

# Open to everyone signed in, whatever their two-factor state.
ALWAYS_OPEN = frozenset({"logout", "health", "favicon"})


class TwoFactorMiddleware:
    """Signed in but not through two-factor: only the code step, or the set-up page."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated and not verified(user):
            stopped = self._stop(request, user)
            if stopped is not None:
                return stopped
        return self.get_response(request)

    @staticmethod
    def _stop(request: HttpRequest, user: Any) -> HttpResponse | None:
        if request.path_info.startswith(settings.STATIC_URL):
            return None
        try:
            name = resolve(request.path_info).view_name
        except Resolver404:
            name = ""
        if name in ALWAYS_OPEN:
            return None
        htmx = bool(getattr(request, "htmx", False))
        if enrolled(user):
            if name == "login-code":
                return None
            target = reverse("login-code")
            if not htmx and request.method == "GET":
                target += f"?next={quote(request.get_full_path())}"
        elif required(user):
            if name == "two-factor":
                return None
            target = reverse("two-factor")
        else:
            return None
        if htmx:
            # htmx would swap the page into part of the page; send the browser there whole.
            response = HttpResponse(status=204)
            response["HX-Redirect"] = target
            return response
        return redirect(target)
