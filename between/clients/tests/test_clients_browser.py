"""Adding a client, the list, the client page and the import in Chromium, on a phone and a desk.

At 390 px (a phone) and 1280 px every page fits its width (no sideways scrolling), is
kept as a screenshot in test-artifacts/, and is held to axe-core.
"""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from between.clients.models import Client
from between.testing.browser import ARTIFACTS, assert_fits, sign_in

pytestmark = pytest.mark.browser

WIDTHS = (390, 1280)


def fits(page: Any, width: int, name: str) -> None:
    assert_fits(page, width, f"clients-{name}")


@pytest.mark.parametrize("width", WIDTHS)
def test_add_a_client_from_the_empty_list_then_find_them(page, live_server, owner, width):
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, live_server.url, owner)
    page.goto(f"{live_server.url}/clients/")
    expect(page.get_by_text("Add your first client or import a CSV.")).to_be_visible()
    fits(page, width, "empty")

    page.get_by_role("link", name="Add your first client").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add a client")
    fits(page, width, "add")
    page.get_by_label("Name").fill("Maya Torres")
    page.get_by_label("Clinician").select_option(label="Owner")
    page.get_by_label("Email address 1").fill("maya.t@example.com")
    page.get_by_label("Phone number 1").fill("555")  # too short: an error, nothing lost
    page.get_by_label("Text message").select_option("granted")
    page.get_by_role("button", name="Add client").click()
    expect(page.get_by_text("This is not a phone number we can use.")).to_be_visible()
    expect(page.get_by_text("Say how and when the client gave or refused consent")).to_be_visible()
    expect(page.get_by_label("Name")).to_have_value("Maya Torres")
    expect(page.get_by_label("Phone number 1")).to_have_value("555")
    fits(page, width, "add-errors")

    page.get_by_label("Phone number 1").fill("(212) 555-0142")
    page.get_by_label("How and when the client told you").fill("said yes on the phone, 3 Dec")
    page.get_by_role("button", name="Add client").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Maya Torres")
    expect(page.locator("#contact-points")).to_contain_text("(212) 555-0142")
    expect(page.locator("#consent-sms")).to_contain_text("Granted")
    expect(page.locator("#consent-sms")).to_contain_text("Recorded by staff by Owner")
    fits(page, width, "detail")

    Client.objects.create(practice=owner.practice, name="Zed Other")
    page.goto(f"{live_server.url}/clients/")
    expect(page.locator("#client-list li")).to_have_count(2)
    fits(page, width, "list")
    page.get_by_label("Search clients by name, email or phone").fill("212 555 0142")
    page.get_by_role("button", name="Search").click()
    expect(page.locator("#client-list li")).to_have_count(1)
    expect(page.locator("#client-list")).to_contain_text("Maya Torres")
    assert "maya" not in page.url.lower() and "555" not in page.url  # searches are posted
    fits(page, width, "search")


@pytest.mark.parametrize("width", WIDTHS)
def test_import_a_csv_preview_and_confirm(page, live_server, owner, width, tmp_path):
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, live_server.url, owner)
    page.goto(f"{live_server.url}/clients/import/")
    fits(page, width, "import")
    csv = tmp_path / "clients.csv"
    csv.write_bytes(
        "name,email,phone,language,consent_email\r\n"
        "José Núñez,jose@example.com,(212) 555-0142,es,yes\r\n"
        "Ana,not-an-address,555,,\r\n".encode("cp1252")
    )
    page.get_by_label("Client list (.csv)").set_input_files(str(csv))
    page.get_by_role("button", name="Preview the import").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check before importing")
    expect(page.get_by_text("Line 3: Ana")).to_be_visible()
    fits(page, width, "import-preview")
    page.get_by_role("button", name="Add the ticked clients").click()
    expect(page.locator("#client-list")).to_contain_text("José Núñez")
    assert not Client.objects.filter(name="Ana").exists()
    ARTIFACTS.mkdir(exist_ok=True)


def test_send_the_intake_link_from_the_client_page_on_a_phone(
    page, live_server, front_desk, client_record, policy_version
):
    from django.core import mail

    page.set_viewport_size({"width": 390, "height": 900})
    sign_in(page, live_server.url, front_desk)
    page.goto(f"{live_server.url}/clients/{client_record.pk}/")
    expect(page.locator("#intake-status")).to_contain_text("Not started")
    page.get_by_label("Send the intake link").select_option(label="Email to test@example.com")
    page.get_by_role("button", name="Send the intake link").click()
    expect(page.get_by_role("alert").or_(page.get_by_role("status")).first).to_contain_text(
        "Intake link sent by email to test@example.com"
    )
    expect(page.locator("#intake-status")).to_contain_text("Link out")
    page.get_by_text("Links sent").click()
    expect(page.locator("#links-sent")).to_contain_text("sent by email to test@example.com")
    fits(page, 390, "intake-sent")
    assert [m.to for m in mail.outbox] == [["test@example.com"]]
