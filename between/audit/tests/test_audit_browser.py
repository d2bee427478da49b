"""The audit log and the data-rights pages in Debian's Chromium through Playwright.

The owner opens a client (which the trail records), filters the audit log down to that
view and downloads it as CSV, exports the client's whole record as JSON and PDF from the
client page, and looks at the records due for deletion. Every page is checked with
axe-core; screenshots and downloads are kept in test-artifacts/.
"""

from __future__ import annotations

import csv
import json
import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from between.clients.models import Client
from between.clients.tests.support import pdf_text
from between.testing.browser import ARTIFACTS, assert_accessible, screenshot, sign_in

pytestmark = pytest.mark.browser


def test_owner_filters_the_audit_log_downloads_it_and_exports_a_record(
    chromium_browser, live_server, settings, riverside, owner, client_record, clinical_message
):
    settings.BETWEEN_BASE_URL = live_server.url
    riverside.retention_days = 30
    riverside.save()
    Client.objects.create(
        practice=riverside,
        name="Former Client",
        status="discharged",
        discharged_on=(timezone.now() - timedelta(days=90)).date(),
    )
    context = chromium_browser.new_context(accept_downloads=True)
    context.set_default_timeout(15_000)
    page = context.new_page()
    sign_in(page, live_server.url, owner)

    page.goto(f"{live_server.url}/clients/{client_record.pk}/")
    expect(page.get_by_role("heading", name="Record and data rights")).to_be_visible()
    assert_accessible(page, "client-record")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Audit log").click()
    expect(page).to_have_url(f"{live_server.url}/audit/")
    expect(page.get_by_role("heading", name="Audit log")).to_be_visible()
    assert_accessible(page, "audit-log")

    page.get_by_label("Action").select_option("client.viewed")
    page.get_by_role("button", name="Filter").click()
    expect(page).to_have_url(re.compile(r"/audit/\?.*action=client\.viewed"))
    rows = page.locator("tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("client.viewed", use_inner_text=True)
    expect(rows.first).to_contain_text(f"clients.client #{client_record.pk}", use_inner_text=True)
    assert_accessible(page, "audit-log-filtered")
    screenshot(page, "audit-1-filtered")

    with page.expect_download() as caught:
        page.get_by_role("link", name="Download these events as CSV").click()
    saved = ARTIFACTS / "audit-log.csv"
    caught.value.save_as(saved)
    assert caught.value.suggested_filename.startswith("audit-log-")
    with saved.open(newline="") as handle:
        exported = list(csv.reader(handle))
    assert exported[0][:3] == ["at", "actor", "action"]
    assert [(r[1], r[2], r[4]) for r in exported[1:]] == [
        ("owner", "client.viewed", str(client_record.pk))
    ]

    page.get_by_role("link", name=f"clients.client #{client_record.pk}").click()
    expect(page).to_have_url(f"{live_server.url}/clients/{client_record.pk}/")
    expect(page.get_by_role("heading", name="Record and data rights")).to_be_visible()
    with page.expect_download() as caught:
        page.get_by_role("link", name="whole record (JSON)").click()
    assert caught.value.suggested_filename.startswith(f"client-{client_record.pk}-record-")
    caught.value.save_as(ARTIFACTS / "client-record.json")
    record = json.loads((ARTIFACTS / "client-record.json").read_text())
    assert record["client"]["name"] == client_record.name
    assert record["messages"][0]["body"] == clinical_message.body

    with page.expect_download() as caught:
        page.get_by_role("link", name="whole record (PDF)").click()
    caught.value.save_as(ARTIFACTS / "client-record.pdf")
    pdf = (ARTIFACTS / "client-record.pdf").read_bytes()
    assert pdf.startswith(b"%PDF") and client_record.name in pdf_text(pdf)
    screenshot(page, "audit-2-client-record")

    page.goto(f"{live_server.url}/clients/retention/")
    expect(page.get_by_role("heading", name="Records due for deletion")).to_be_visible()
    expect(page.locator("#due ~ form")).to_contain_text("Former Client", use_inner_text=True)
    assert_accessible(page, "retention")
    screenshot(page, "audit-3-retention")
    context.close()
