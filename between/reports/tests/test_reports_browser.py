"""Reports and the boundary view in Debian's Chromium: charts on screen and on paper.

The owner opens the report for the hand-built fortnight (see conftest), checks the
charts and their text alternatives, switches to print media (navigation gone, charts
still there) and keeps a screenshot and a PDF in test-artifacts/; then opens a client's
boundary view. axe-core checks both pages.
"""

from __future__ import annotations

import re
from urllib.parse import urlencode

import pytest
from playwright.sync_api import expect

from between.reports.tests.conftest import PERIOD
from between.testing.browser import ARTIFACTS, assert_accessible, screenshot, sign_in

pytestmark = pytest.mark.browser


def test_owner_reads_prints_the_report_and_opens_a_boundary_view(
    chromium_browser, live_server, owner, scenario
):
    context = chromium_browser.new_context()
    context.set_default_timeout(10_000)
    page = context.new_page()
    sign_in(page, live_server.url, owner)

    page.get_by_role("link", name="Reports").click()
    expect(page.get_by_role("heading", name="Reports", level=1)).to_be_visible()
    page.goto(f"{live_server.url}/reports/?{urlencode(PERIOD)}")
    expect(page).to_have_url(re.compile(r"/reports/\?start=2026-01-05&end=2026-01-18$"))
    charts = page.locator("svg[role=img]")
    expect(charts).to_have_count(3)
    expect(
        page.get_by_role(
            "img", name="Share of messages answered within the published turnaround, by week"
        )
    ).to_have_count(1)
    expect(page.locator("#chart-turnaround-desc")).to_have_text(re.compile(r"^Bar chart"))
    expect(page.get_by_role("button", name="Print")).to_be_visible()
    expect(page.get_by_role("table", name="By week", exact=True)).to_have_count(2)
    assert_accessible(page, "reports")
    screenshot(page, "reports-1-screen")

    page.emulate_media(media="print")
    expect(page.get_by_role("navigation", name="Main")).to_be_hidden()
    expect(page.get_by_role("button", name="Print")).to_be_hidden()
    expect(charts.first).to_be_visible()
    screenshot(page, "reports-2-print")
    ARTIFACTS.mkdir(exist_ok=True)
    pdf = page.pdf(path=str(ARTIFACTS / "reports.pdf"), format="A4")
    assert pdf.startswith(b"%PDF")
    page.emulate_media(media="screen")

    page.goto(f"{live_server.url}/clients/{scenario.a.pk}/")
    page.get_by_role("link", name="Boundary patterns").click()
    expect(page.get_by_role("heading", name="Boundary patterns: Test Client")).to_be_visible()
    page.goto(f"{live_server.url}/clients/{scenario.a.pk}/boundaries/?{urlencode(PERIOD)}")
    expect(page.get_by_role("heading", name="Contacts outside office hours: 1")).to_be_visible()
    assert_accessible(page, "boundaries")
    screenshot(page, "reports-3-boundaries")
    context.close()
