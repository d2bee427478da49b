"""Two-factor sign-in in a real browser, on a phone-sized screen: Debian's Chromium.

The owner sets it up from the QR page (typing the code their app would show), keeps the
recovery codes, signs out, and signs in again with the password and then a code. Every
page is screenshotted and checked with axe-core, and none may scroll sideways in its
content at 390 px.
"""

from __future__ import annotations

import time

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from between.conftest import PASSWORD
from between.testing.browser import assert_accessible, screenshot, sign_in

pytestmark = pytest.mark.browser


def app_code(device: TOTPDevice, *, ahead: int = 0) -> str:
    """The app's code now, or ``ahead`` steps on (the next code, never used yet)."""
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + ahead * device.step
    return f"{totp.token():06d}"


def assert_fits(page, name):
    width = page.evaluate(
        "(() => { const m = document.querySelector('main');"
        " return m.scrollWidth - m.clientWidth; })()"
    )
    assert width <= 0, f"{name}: the content is {width} px wider than the screen"


def test_setting_up_and_signing_in_with_a_code_on_a_phone(chromium_browser, live_server, owner):
    context = chromium_browser.new_context(viewport={"width": 390, "height": 844})
    context.set_default_timeout(10_000)
    page = context.new_page()
    sign_in(page, live_server.url, owner)

    page.goto(f"{live_server.url}/account/two-factor/")
    expect(page.get_by_role("heading", name="Set up two-factor sign-in")).to_be_visible()
    expect(
        page.get_by_role("img", name="QR code to scan with your authenticator app")
    ).to_be_visible()
    screenshot(page, "two-factor-1-set-up")
    assert_accessible(page, "two-factor-set-up")
    assert_fits(page, "set-up")
    device = TOTPDevice.objects.get(user=owner.user)
    page.get_by_label("6-digit code").fill(app_code(device))
    page.get_by_role("button", name="Turn on two-factor sign-in").click()

    expect(page.get_by_role("heading", name="Your recovery codes")).to_be_visible()
    expect(page.locator("ol.codes li")).to_have_count(10)
    screenshot(page, "two-factor-2-recovery-codes")
    assert_accessible(page, "two-factor-recovery-codes")
    assert_fits(page, "recovery codes")
    page.get_by_role("link", name="I have saved them").click()
    expect(page).to_have_url(f"{live_server.url}/inbox/")

    # Sign out (the menus that hold the button are opened in test_every_page_browser).
    page.locator("form[action='/logout/']").evaluate("form => form.requestSubmit()")
    expect(page).to_have_url(f"{live_server.url}/login/")  # signed out, to sign in
    page.get_by_label("Username").fill(owner.user.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Enter your sign-in code")).to_be_visible()
    code_input = page.get_by_label("6-digit code")
    assert code_input.get_attribute("autocomplete") == "one-time-code"
    assert code_input.get_attribute("inputmode") == "numeric"
    screenshot(page, "two-factor-3-code")
    assert_accessible(page, "two-factor-code")
    assert_fits(page, "code")
    code_input.fill(app_code(device, ahead=1))  # the next code: the last one was used
    page.get_by_role("button", name="Continue", exact=True).click()
    expect(page).to_have_url(f"{live_server.url}/inbox/")
    context.close()
