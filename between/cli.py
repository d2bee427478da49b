"""The ``between`` command: Django's management commands with Between's settings.

A configuration mistake is reported as one line naming the variable, not a traceback.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "between.settings")
    from between.conf.env import SettingError

    try:
        from django.conf import settings

        settings.INSTALLED_APPS  # noqa: B018 - forces the settings to load now
    except SettingError as exc:
        sys.stderr.write(f"between: configuration error: {exc}\n")
        raise SystemExit(2) from None

    from django.core.management import execute_from_command_line

    execute_from_command_line(["between", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    main()
