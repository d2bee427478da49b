"""Two-factor sign-in: set-up, the code step, recovery codes, the practice's rule, throttling.

Codes are computed from the device's own key for the (frozen) current time, as the
person's app would; the clock moves a step ahead before a code is used again, since a
code that has worked once is never accepted twice.
"""

from __future__ import annotations

import logging
import re
import time
from base64 import b32encode
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from freezegun import freeze_time

from between.accounts import throttle, two_factor
from between.accounts.models import LoginFailure
from between.audit.models import AuditEvent
from between.conftest import PASSWORD, make_member, signed_in
from between.testing.pytest_plugin import RECORDER

pytestmark = pytest.mark.django_db

STEP = timedelta(seconds=30)  # one TOTP time step: the next code


@pytest.fixture
def clock():
    with freeze_time(timezone.now()) as frozen:
        yield frozen


def app_code(device: TOTPDevice) -> str:
    """What the person's authenticator app shows now."""
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    return f"{totp.token():0{device.digits}d}"


def wrong_code(device: TOTPDevice) -> str:
    right = int(app_code(device))
    return f"{(right + 500_000) % 1_000_000:06d}"


def enrol(client, member, clock) -> tuple[TOTPDevice, list[str]]:
    """Set up two-factor through the page, as a person would; the recovery codes shown."""
    signed_in(client, member)
    page = client.get(reverse("two-factor"))
    assert page.status_code == 200
    device = TOTPDevice.objects.get(user=member.user, confirmed=False)
    done = client.post(reverse("two-factor"), {"action": "confirm", "code": app_code(device)})
    assert done.status_code == 302 and done.url == reverse("two-factor")
    shown = client.get(reverse("two-factor"))
    codes = shown.context["new_codes"]
    clock.tick(STEP)
    device.refresh_from_db()
    return device, codes


def sign_in_with_password(client, member, **extra):
    return client.post(
        reverse("login"), {"username": member.user.username, "password": PASSWORD}, **extra
    )


def signed_in_user_id(client):
    return client.session.get("_auth_user_id")


# -- set-up ----------------------------------------------------------------------------------


def test_set_up_shows_a_qr_code_and_the_key_then_ten_recovery_codes_once(client, owner, clock):
    signed_in(client, owner)
    page = client.get(reverse("two-factor"))
    html = page.content.decode()
    device = TOTPDevice.objects.get(user=owner.user)
    assert not device.confirmed
    assert '<svg role="img"' in html and "<script" not in html.split("</head>")[1]
    key = b32encode(device.bin_key).decode()
    assert " ".join(key[i : i + 4] for i in range(0, 32, 4)) in html  # for typing it in
    assert 'autocomplete="one-time-code"' in html and 'inputmode="numeric"' in html
    assert client.get(reverse("two-factor")).context["secret"] == page.context["secret"]

    refused = client.post(reverse("two-factor"), {"action": "confirm", "code": wrong_code(device)})
    assert refused.status_code == 200 and "did not match" in refused.content.decode()
    device.refresh_from_db()
    assert not device.confirmed

    done = client.post(reverse("two-factor"), {"action": "confirm", "code": app_code(device)})
    assert done.status_code == 302 and key not in done.url
    device.refresh_from_db()
    assert device.confirmed
    shown = client.get(reverse("two-factor"))
    codes = shown.context["new_codes"]
    assert len(codes) == 10 and len(set(codes)) == 10
    assert all(code in shown.content.decode() for code in codes)
    assert key not in shown.content.decode() and shown.context.get("secret") is None
    again = client.get(reverse("two-factor")).content.decode()
    assert not any(code in again for code in codes)  # shown once only
    assert "10 of 10" in again
    assert StaticToken.objects.filter(device__user=owner.user).count() == 10
    assert AuditEvent.objects.filter(action="auth.two_factor_enrolled", actor=owner.user).exists()


def test_setting_up_verifies_the_session_it_was_done_in(client, owner, clock):
    enrol(client, owner, clock)
    assert client.get(reverse("inbox")).status_code == 200


# -- signing in ------------------------------------------------------------------------------


def test_sign_in_takes_the_password_then_the_code(client, owner, clock):
    device, _ = enrol(client, owner, clock)
    client.post(reverse("logout"))

    step_one = sign_in_with_password(client, owner)
    assert step_one.status_code == 302 and step_one.url == reverse("login-code")
    assert signed_in_user_id(client) is None  # not signed in on the password alone
    inbox = client.get(reverse("inbox"))
    assert inbox.status_code == 302 and inbox.url.startswith(reverse("login"))

    page = client.get(reverse("login-code"))
    html = page.content.decode()
    assert page.status_code == 200
    assert 'autocomplete="one-time-code"' in html and 'inputmode="numeric"' in html
    assert 'for="id_code">6-digit code</label>' in html
    assert 'for="id_recovery_code">Recovery code</label>' in html

    wrong = client.post(reverse("login-code"), {"code": wrong_code(device)})
    assert wrong.status_code == 200 and "did not match" in wrong.content.decode()
    assert signed_in_user_id(client) is None

    right = client.post(reverse("login-code"), {"code": app_code(device)})
    assert right.status_code == 302 and right.url == reverse("inbox")
    assert signed_in_user_id(client) == str(owner.user.pk)
    assert client.get(reverse("inbox")).status_code == 200
    event = AuditEvent.objects.filter(action="auth.sign_in").latest("pk")
    assert event.actor == owner.user and event.detail == {"two_factor": "authenticator"}
    failed = AuditEvent.objects.get(action="auth.two_factor_failed")
    assert failed.detail == {"kind": "authenticator", "during": "sign_in"}


def test_a_code_is_not_accepted_twice(client, owner, clock):
    device, _ = enrol(client, owner, clock)
    client.post(reverse("logout"))
    sign_in_with_password(client, owner)
    code = app_code(device)
    assert client.post(reverse("login-code"), {"code": code}).status_code == 302
    client.post(reverse("logout"))
    sign_in_with_password(client, owner)
    assert client.post(reverse("login-code"), {"code": code}).status_code == 200
    assert signed_in_user_id(client) is None


def test_the_page_asked_for_is_reached_after_the_code(client, owner, clock):
    device, _ = enrol(client, owner, clock)
    client.post(reverse("logout"))
    client.post(
        reverse("login"),
        {"username": "owner", "password": PASSWORD, "next": reverse("clients")},
    )
    done = client.post(reverse("login-code"), {"code": app_code(device)})
    assert done.url == reverse("clients")


def test_without_a_right_password_first_the_code_step_sends_to_sign_in(client, owner, clock):
    enrol(client, owner, clock)
    client.post(reverse("logout"))
    assert client.get(reverse("login-code")).url == reverse("login")
    wrong = client.post(reverse("login"), {"username": "owner", "password": "not it"})
    assert wrong.status_code == 200
    assert client.post(reverse("login-code"), {"code": "123456"}).url == reverse("login")


def test_the_step_between_expires(client, owner, clock):
    device, _ = enrol(client, owner, clock)
    client.post(reverse("logout"))
    sign_in_with_password(client, owner)
    clock.tick(timedelta(minutes=11))
    late = client.post(reverse("login-code"), {"code": app_code(device)})
    assert late.status_code == 302 and late.url == reverse("login")
    assert signed_in_user_id(client) is None


def test_a_recovery_code_works_once_only(client, owner, clock):
    _, codes = enrol(client, owner, clock)
    client.post(reverse("logout"))
    sign_in_with_password(client, owner)
    used = client.post(reverse("login-code"), {"recovery_code": codes[0].upper()})
    assert used.status_code == 302 and signed_in_user_id(client) == str(owner.user.pk)
    assert "9 of 10 are left" in client.get(reverse("inbox")).content.decode()
    event = AuditEvent.objects.get(action="auth.recovery_code_used")
    assert event.actor == owner.user and event.detail == {"during": "sign_in", "left": 9}

    client.post(reverse("logout"))
    sign_in_with_password(client, owner)
    again = client.post(reverse("login-code"), {"recovery_code": codes[0]})
    assert again.status_code == 200 and "already used" in again.content.decode()
    assert signed_in_user_id(client) is None
    # Another of the codes still works.
    assert client.post(reverse("login-code"), {"recovery_code": codes[1]}).status_code == 302


def test_a_session_signed_in_without_the_code_reaches_only_the_code_step(client, owner, clock):
    """Signed in some other way (the admin's sign-in page, an older session)."""
    device, _ = enrol(client, owner, clock)
    client.post(reverse("logout"))
    client.force_login(owner.user)
    inbox = client.get(reverse("inbox"))
    assert inbox.status_code == 302
    assert inbox.url == f"{reverse('login-code')}?next={reverse('inbox')}"
    for name in ("clients", "two-factor", "staff", "audit-log"):
        assert client.get(reverse(name)).url.startswith(reverse("login-code")), name
    refresh = client.get(reverse("inbox"), HTTP_HX_REQUEST="true")
    assert refresh.status_code == 204 and refresh["HX-Redirect"] == reverse("login-code")
    done = client.post(reverse("login-code"), {"code": app_code(device), "next": reverse("inbox")})
    assert done.status_code == 302 and done.url == reverse("inbox")
    assert client.get(reverse("inbox")).status_code == 200


def test_without_two_factor_the_password_alone_still_signs_in(client, clinician):
    done = sign_in_with_password(client, clinician)
    assert done.status_code == 302 and done.url == reverse("inbox")
    assert client.get(reverse("inbox")).status_code == 200


# -- throttling ------------------------------------------------------------------------------


def test_wrong_codes_are_slowed_down(client, owner, clock, settings):
    settings.BETWEEN_LOGIN_FREE_FAILURES = 3
    device, _ = enrol(client, owner, clock)
    client.post(reverse("logout"))
    sign_in_with_password(client, owner)
    for _ in range(3):
        assert client.post(reverse("login-code"), {"code": wrong_code(device)}).status_code == 200
    blocked = client.post(reverse("login-code"), {"code": app_code(device)})
    assert blocked.status_code == 429 and "Too many attempts" in blocked.content.decode()
    assert signed_in_user_id(client) is None  # even the right code waits

    # The right password again does not wipe out the record of wrong codes.
    sign_in_with_password(client, owner)
    assert client.post(reverse("login-code"), {"code": app_code(device)}).status_code == 429

    clock.tick(timedelta(seconds=3))  # the wait after the third failure is two seconds
    assert client.post(reverse("login-code"), {"code": app_code(device)}).status_code == 302
    assert not LoginFailure.objects.filter(
        key__in=[s.key for s in throttle.scopes("owner", "127.0.0.1", throttle.CODE_STEP)[:2]]
    ).exists()


def test_a_strangers_wrong_codes_do_not_lock_out_the_rightful_user(client, owner, clock, settings):
    """Even a stranger who knows the password: their address waits, the owner's does not."""
    from django.test import Client

    settings.BETWEEN_LOGIN_FREE_FAILURES = 3
    device, _ = enrol(client, owner, clock)
    client.post(reverse("logout"))
    stranger = Client(REMOTE_ADDR="198.51.100.7")
    sign_in_with_password(stranger, owner)
    for _ in range(8):
        stranger.post(reverse("login-code"), {"code": wrong_code(device)})
    assert stranger.post(reverse("login-code"), {"code": app_code(device)}).status_code == 429

    rightful = Client(REMOTE_ADDR="192.0.2.44")
    sign_in_with_password(rightful, owner)
    done = rightful.post(reverse("login-code"), {"code": app_code(device)})
    assert done.status_code == 302 and done.url == reverse("inbox")


def test_code_scopes_are_apart_from_password_scopes():
    password = {s.key for s in throttle.scopes("sam", "10.0.0.1")}
    code = {s.key for s in throttle.scopes("sam", "10.0.0.1", throttle.CODE_STEP)}
    assert len(password) == len(code) == 3 and not password & code
    assert throttle.scopes("sam", "10.0.0.1", throttle.CODE_STEP)[0].free_setting == (
        "BETWEEN_TWO_FACTOR_ACCOUNT_FREE_FAILURES"
    )


# -- the practice's rule ---------------------------------------------------------------------


def require(practice):
    practice.require_two_factor = True
    practice.save(update_fields=["require_two_factor"])


def test_when_required_a_member_without_it_reaches_only_the_set_up_page(
    client, riverside, clinician, clock
):
    require(riverside)
    done = sign_in_with_password(client, clinician)
    assert done.status_code == 302
    for name in ("inbox", "clients", "callbacks", "absences", "reports"):
        response = client.get(reverse(name))
        assert response.status_code == 302 and response.url == reverse("two-factor"), name
    assert client.get(reverse("inbox"), HTTP_HX_REQUEST="true")["HX-Redirect"] == reverse(
        "two-factor"
    )
    page = client.get(reverse("two-factor"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Riverside Test requires two-factor sign-in" in html
    assert reverse("inbox") not in html  # no navigation that leads nowhere
    static = client.get("/static/between/site.css")
    # Read through the test client's own wrapper, which closes the file without closing
    # the test's database connection.
    assert static.status_code == 200 and b"".join(static.streaming_content)

    enrol(client, clinician, clock)
    assert client.get(reverse("inbox")).status_code == 200

    assert client.post(reverse("logout")).status_code == 302
    assert client.get(reverse("inbox")).url.startswith(reverse("login"))


def test_when_required_sign_out_still_works(client, riverside, clinician):
    require(riverside)
    signed_in(client, clinician)
    assert client.post(reverse("logout")).status_code == 302
    assert signed_in_user_id(client) is None


def test_a_member_of_another_practice_is_not_affected(client, riverside, outsider):
    require(riverside)
    signed_in(client, outsider)
    assert client.get(reverse("inbox")).status_code == 200


def test_an_operator_follows_the_rule_of_their_practice(client, riverside):
    member = make_member(riverside, "operator", "clinician", staff=True)
    member.user.is_superuser = True
    member.user.save(update_fields=["is_superuser"])
    require(riverside)
    signed_in(client, member)
    assert client.get(reverse("inbox")).url == reverse("two-factor")
    assert client.get(reverse("admin:index")).url == reverse("two-factor")


def test_an_owner_requires_it_on_the_staff_page_once_they_use_it(
    client, riverside, owner, clinician, clock
):
    signed_in(client, owner)
    client.post(reverse("staff"), {"require_two_factor": "on"})
    riverside.refresh_from_db()
    assert not riverside.require_two_factor  # not before they have set it up themselves

    enrol(client, owner, clock)
    staff = client.get(reverse("staff")).content.decode()
    assert "Require two-factor sign-in for everyone" in staff
    assert "1 active member has not set it up" in staff
    assert client.post(reverse("staff"), {"require_two_factor": "on"}).url == reverse("staff")
    riverside.refresh_from_db()
    assert riverside.require_two_factor
    event = AuditEvent.objects.get(action="practice.two_factor_required")
    assert event.detail == {"required": True} and event.practice == riverside

    colleague = type(client)()
    signed_in(colleague, clinician)
    assert colleague.get(reverse("inbox")).url == reverse("two-factor")

    client.post(reverse("staff"), {})
    riverside.refresh_from_db()
    assert not riverside.require_two_factor
    assert colleague.get(reverse("inbox")).status_code == 200


def test_an_owner_turns_it_off_for_a_colleague_who_lost_their_phone(
    client, riverside, owner, clinician, clock
):
    enrol(client, clinician, clock)
    assert two_factor.enrolled(clinician.user)
    signed_in(client, owner)
    url = reverse("staff-member", args=[clinician.pk])
    assert "Turn off two-factor for Clinician" in client.get(url).content.decode()
    assert client.post(url, {"action": "reset_two_factor"}).url == url
    assert not two_factor.enrolled(clinician.user)
    assert not StaticToken.objects.filter(device__user=clinician.user).exists()
    assert AuditEvent.objects.filter(action="staff.two_factor_reset").count() == 1


# -- managing it -----------------------------------------------------------------------------


def test_turning_it_off_asks_for_a_current_code(client, owner, clock):
    device, _ = enrol(client, owner, clock)
    wrong = client.post(reverse("two-factor"), {"action": "turn_off", "code": wrong_code(device)})
    assert wrong.status_code == 200 and "did not match" in wrong.content.decode()
    assert two_factor.enrolled(owner.user)
    done = client.post(reverse("two-factor"), {"action": "turn_off", "code": app_code(device)})
    assert done.status_code == 302
    assert not two_factor.enrolled(owner.user)
    assert not StaticToken.objects.filter(device__user=owner.user).exists()
    assert AuditEvent.objects.filter(action="auth.two_factor_disabled").count() == 1
    client.post(reverse("logout"))
    assert sign_in_with_password(client, owner).url == reverse("inbox")


def test_turning_it_off_with_a_recovery_code_when_the_phone_is_lost(client, owner, clock):
    _, codes = enrol(client, owner, clock)
    done = client.post(reverse("two-factor"), {"action": "turn_off", "recovery_code": codes[3]})
    assert done.status_code == 302 and not two_factor.enrolled(owner.user)


def test_new_recovery_codes_replace_the_old_ones(client, owner, clock):
    device, old = enrol(client, owner, clock)
    client.post(reverse("two-factor"), {"action": "new_codes", "code": app_code(device)})
    new = client.get(reverse("two-factor")).context["new_codes"]
    assert len(new) == 10 and not set(new) & set(old)
    clock.tick(STEP)
    client.post(reverse("logout"))
    sign_in_with_password(client, owner)
    assert client.post(reverse("login-code"), {"recovery_code": old[0]}).status_code == 200
    assert client.post(reverse("login-code"), {"recovery_code": new[0]}).status_code == 302
    assert AuditEvent.objects.filter(action="auth.recovery_codes_renewed").count() == 1


# -- privacy ---------------------------------------------------------------------------------


def test_no_secret_and_no_code_reaches_the_logs_or_an_address(client, owner, clock, caplog):
    caplog.set_level(logging.DEBUG)
    first = len(RECORDER.lines)
    signed_in(client, owner)
    page = client.get(reverse("two-factor"))
    device = TOTPDevice.objects.get(user=owner.user)
    typed_key = page.context["secret"]
    enrol_code = app_code(device)
    done = client.post(reverse("two-factor"), {"action": "confirm", "code": enrol_code})
    codes = client.get(reverse("two-factor")).context["new_codes"]
    clock.tick(STEP)
    client.post(reverse("logout"))
    sign_in_with_password(client, owner)
    wrong = wrong_code(device)
    client.post(reverse("login-code"), {"code": wrong})
    client.post(reverse("login-code"), {"recovery_code": codes[0]})

    secrets = [
        device.key,
        b32encode(device.bin_key).decode(),
        typed_key,
        enrol_code,
        wrong,
        *codes,
        *(c.replace("-", "") for c in codes),
    ]
    lines = RECORDER.lines[first:] + caplog.text.splitlines()
    assert any("two-factor code did not match" in line for line in lines)
    leaked = [s for s in secrets if any(s.lower() in line.lower() for line in lines)]
    assert not leaked
    assert not any(s in done.url for s in secrets)
    for event in AuditEvent.objects.all():
        assert not any(s in str(event.detail) for s in secrets)
    assert not re.search(r"otpauth", page.content.decode())  # only inside the drawn QR code


def test_recovery_codes_are_stored_hashed_and_survive_a_rolled_secret_key(
    client, owner, clock, settings
):
    _, codes = enrol(client, owner, clock)
    stored = set(
        StaticToken.objects.filter(device__user=owner.user).values_list("token", flat=True)
    )
    assert len(stored) == 10 and not stored & {two_factor.normalize(c) for c in codes}
    assert all(len(token) == 16 for token in stored)
    client.post(reverse("logout"))
    # The key is rolled: the old one moves to the fallbacks, and the codes still work.
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "a-new-secret-key-" + "x" * 40
    sign_in_with_password(client, owner)
    assert client.post(reverse("login-code"), {"recovery_code": codes[2]}).status_code == 302


def test_codes_stored_as_typed_before_hashing_are_hashed_in_place_and_still_work(
    client, owner, clock
):
    from importlib import import_module

    from django.apps import apps

    enrol(client, owner, clock)
    device = StaticToken.objects.filter(device__user=owner.user).first().device
    device.token_set.all().delete()
    device.token_set.create(token="abcdefgh")  # as django-otp stored them before
    import_module("between.accounts.migrations.0002_hash_recovery_codes").hash_typed_codes(
        apps, None
    )
    assert device.token_set.get().token == two_factor.stored_code("abcdefgh")
    client.post(reverse("logout"))
    sign_in_with_password(client, owner)
    assert client.post(reverse("login-code"), {"recovery_code": "ABCD-EFGH"}).status_code == 302
