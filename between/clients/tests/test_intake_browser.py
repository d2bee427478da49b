"""Intake driven end to end in a real browser: Debian's Chromium through Playwright.

Staff sign in, open a client and create an intake link; the client opens it in a
separate browser context (no staff cookies), reads the policy, chooses, signs and
downloads the receipt; staff then see the consents on the client page. Screenshots
and the receipt are kept in test-artifacts/ (not committed).
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from between.clients.models import ClientAcknowledgement
from between.clients.tests.support import FORM_CHOICES, pdf_text
from between.conftest import PASSWORD
from between.testing.browser import ARTIFACTS

LINK = re.compile(r"https?://\S+/intake/[\w.-]+/")

pytestmark = pytest.mark.browser


def test_staff_invite_the_client_signs_and_staff_see_the_consents(
    chromium_browser, live_server, settings, owner, client_record, policy_version
):
    settings.BETWEEN_BASE_URL = live_server.url
    ARTIFACTS.mkdir(exist_ok=True)
    assert FORM_CHOICES["signed_name"] == client_record.name

    staff = chromium_browser.new_context()
    staff.set_default_timeout(10_000)
    page = staff.new_page()
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Username").fill(owner.user.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(f"{live_server.url}/inbox/")
    page.goto(f"{live_server.url}/clients/")
    page.get_by_role("link", name=client_record.name).click()
    expect(page).to_have_url(f"{live_server.url}/clients/{client_record.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(client_record.name)
    page.get_by_role("button", name="Create an intake link").click()
    notices = page.locator(".notices")
    expect(notices).to_contain_text(LINK, use_inner_text=True)
    notice = notices.inner_text()
    link = LINK.search(notice)
    assert link is not None, notice
    page.screenshot(path=str(ARTIFACTS / "intake-1-staff-link.png"), full_page=True)

    visitor = chromium_browser.new_context(accept_downloads=True)
    visitor.set_default_timeout(10_000)
    form = visitor.new_page()
    form.goto(link.group(0))
    document = form.frame_locator("iframe.document")
    expect(document.locator("body")).to_contain_text("Riverside Counseling", use_inner_text=True)
    expect(form.locator("#channel-sms .risk")).to_have_text(
        re.compile(r"^Text messages are not secure"), use_inner_text=True
    )
    form.screenshot(path=str(ARTIFACTS / "intake-2-client-form.png"), full_page=True)

    yes, no = "Yes, you may contact me this way", "No, do not contact me this way"
    form.locator("#channel-portal").get_by_label(yes).check()
    form.locator("#channel-email").get_by_label(yes).check()
    form.locator("#channel-sms").get_by_label(no).check()
    form.locator("#channel-phone").get_by_label(no).check()
    form.locator("#preferred").get_by_label("Email", exact=True).check()
    form.get_by_label("I have read this communications policy and I agree to it.").check()
    form.get_by_label("Type your full name to sign").fill(client_record.name)
    form.get_by_role("button", name="Sign and send").click()
    expect(form.get_by_role("heading", name="Thank you")).to_be_visible()
    form.screenshot(path=str(ARTIFACTS / "intake-3-client-done.png"), full_page=True)

    with form.expect_download() as caught:
        form.get_by_role("link", name="Download your receipt (PDF)").click()
    receipt = ARTIFACTS / "intake-receipt.pdf"
    caught.value.save_as(receipt)
    data = receipt.read_bytes()
    assert data.startswith(b"%PDF")
    assert client_record.name in pdf_text(data)
    assert caught.value.suggested_filename.startswith("policy-v1-receipt-")

    # The link worked once: opening it again records nothing and says so.
    form.goto(link.group(0))
    expect(form.get_by_role("heading", level=1)).to_have_text("This link cannot be used")
    expect(form.locator("body")).to_contain_text("already been completed")

    page.reload()
    expect(page.locator("#consent-sms")).to_contain_text("Declined", use_inner_text=True)
    expect(page.locator("#consent-email")).to_contain_text("Granted", use_inner_text=True)
    expect(page.locator("#consent-portal")).to_contain_text("Granted", use_inner_text=True)
    expect(page.locator("#consent-email")).to_contain_text("Intake form", use_inner_text=True)
    expect(page.locator("a", has_text="PDF receipt")).to_have_count(1)
    page.screenshot(path=str(ARTIFACTS / "intake-4-staff-consents.png"), full_page=True)

    ack = ClientAcknowledgement.objects.get()
    assert ack.user_agent and "Chrome" in ack.user_agent and ack.ip_address == "127.0.0.1"
    client_record.refresh_from_db()
    assert client_record.preferred_channel == "email"
    staff.close()
    visitor.close()
