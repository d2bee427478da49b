"""Every Debian package the suite needs, installed before it runs (``make test`` does).

Installing up front, not when a test first needs a package: a library that changes how
a module imports must be there before collection (WeasyPrint warns at import without
HarfBuzz's subsetter, and the suite turns warnings into errors). The browser and IMAP
fixtures still install their own package when run alone.

Run ``python -m between.testing.packages`` to install them all.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from between.testing import chromium, dovecot, faults
from between.testing.debian import Installed, PackageUnavailable, ensure_package


@dataclass(frozen=True)
class Needed:
    package: str
    installed: Installed
    why: str


NEEDED = (
    Needed(
        "libharfbuzz-subset0",
        Installed(library="harfbuzz-subset"),
        "WeasyPrint subsets the fonts of PDF receipts with it",
    ),
    Needed(chromium.PACKAGE, Installed(path=chromium.CHROMIUM), "the browser tests"),
    Needed(dovecot.PACKAGE, Installed(path=dovecot.IMAP_SERVER), "the IMAP tests"),
    Needed(
        "postgresql-15",
        Installed(path=faults.PG_BIN / "initdb"),
        "the fault suite's private PostgreSQL cluster",
    ),
    Needed(
        "redis-server",
        Installed(path=Path("/usr/bin/redis-server")),
        "the fault suite's private Redis",
    ),
)


def main() -> int:
    failed = False
    for needed in NEEDED:
        try:
            took = ensure_package(needed.installed, needed.package)
        except PackageUnavailable as exc:
            sys.stderr.write(f"packages: {needed.package} ({needed.why}): {exc}\n")
            failed = True
            continue
        done = f"installed in {took:.0f} s" if took else "present"
        sys.stdout.write(f"packages: {needed.package} {done}\n")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
