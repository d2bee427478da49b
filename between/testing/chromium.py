"""Chromium from Debian's packages, for the browser tests (marked ``browser``).

Playwright drives the system Chromium (``/usr/bin/chromium``) rather than a browser it
downloads itself: the test machines stay offline apart from the Debian mirror, and the
browser is patched with the rest of the system. When it is missing it is installed with
apt-get, as root, the way ``between.testing.dovecot`` installs Dovecot.

Run ``python -m between.testing.chromium`` to install it ahead of a test run.
"""

from __future__ import annotations

import os
from pathlib import Path

from between.testing.debian import PackageUnavailable, ensure_package

CHROMIUM = Path("/usr/bin/chromium")
PACKAGE = "chromium"
# Headless in a container: no sandbox (no user namespaces as root), no GPU, and nothing
# that phones home or updates itself while a test runs.
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def launch_environment() -> dict[str, str]:
    """The environment Chromium starts with: the tests' own, except that under a moved
    clock (between.testing.clock_ahead) Chromium's monotonic clock moves too. Chromium
    hangs on a monotonic clock libfaketime leaves real, as Python hangs on a moved one."""
    return {k: v for k, v in os.environ.items() if k != "FAKETIME_DONT_FAKE_MONOTONIC"}


class ChromiumUnavailable(PackageUnavailable):
    """Chromium is not installed and could not be installed."""


def ensure_installed() -> float:
    """Install the package when missing; the seconds it took (0 when present)."""
    try:
        return ensure_package(CHROMIUM, PACKAGE)
    except PackageUnavailable as exc:
        raise ChromiumUnavailable(str(exc)) from None


if __name__ == "__main__":
    took = ensure_installed()
    print(f"chromium: {CHROMIUM} present" + (f" (installed in {took:.0f} s)" if took else ""))
