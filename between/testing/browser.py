"""What every browser test shares: signing in, screenshots kept as artifacts, axe-core.

The tests drive Debian's Chromium through Playwright (see between/testing/chromium.py for
the install). axe-core comes bundled in the PyPI package axe-playwright-python, so no CDN
and no npm are involved.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from between.conftest import PASSWORD

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"

# WCAG 2.1 A and AA plus axe's best practices: what a careful product is held to.
AXE_OPTIONS = {
    "resultTypes": ["violations"],
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"],
    },
}


def sign_in(page: Any, base_url: str, member: Any) -> None:
    """Sign in through the real form, as a person would, and wait until the inbox it
    lands on has loaded (a click returns before the navigation it starts)."""
    from playwright.sync_api import expect

    page.goto(f"{base_url}/login/")
    page.get_by_label("Username").fill(member.user.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(f"{base_url}/inbox/")
    page.wait_for_load_state()


def screenshot(page: Any, name: str) -> Path:
    """Keep a full-page screenshot in test-artifacts/ (git-ignored) for people to look at."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def accessibility_violations(page: Any) -> list[str]:
    """axe-core's violations on the page as it stands, one readable line each."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options=AXE_OPTIONS)
    found = []
    for violation in results.response["violations"]:
        targets = ", ".join(str(node["target"]) for node in violation["nodes"][:3])
        found.append(f"{violation['id']} ({violation['impact']}): {violation['help']} at {targets}")
    return found


def assert_accessible(page: Any, name: str) -> None:
    """Fail with axe's findings, and keep a screenshot of the page that failed."""
    violations = accessibility_violations(page)
    if violations:
        screenshot(page, f"axe-{name}")
    assert not violations, f"{name}: " + "; ".join(violations)


# The first few elements that reach past the right edge, for a failure message.
WIDE_ELEMENTS = (
    "[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right"
    " > document.documentElement.clientWidth).slice(0, 5).map(e => e.tagName + '#' + e.id"
    " + '.' + e.className)"
)


def sideways_overflow(page: Any, width: int) -> str:
    """ "" if the page fits ``width`` with no sideways scrolling; otherwise what is wider."""
    scroll = page.evaluate("document.documentElement.scrollWidth")
    if scroll <= width:
        return ""
    return f"{scroll} px wide at {width} px: {page.evaluate(WIDE_ELEMENTS)}"


def assert_fits(page: Any, width: int, name: str) -> None:
    """The page as it stands fits ``width`` (a phone's 390 px, a desk's 1280), is kept
    as a screenshot named ``name-width``, and is clean under axe."""
    page.wait_for_load_state()
    screenshot(page, f"{name}-{width}")
    overflow = sideways_overflow(page, width)
    assert not overflow, f"{name}: {overflow}"
    assert_accessible(page, f"{name}-{width}")
