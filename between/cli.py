"""The ``between`` command: Django's management commands with Between's settings.

A configuration mistake is reported as one line naming the variable, not a traceback.
"""

from __future__ import annotations

import os
import sys

# Commands that work on files and values only. They run anywhere, with no secrets set up,
# because nothing they touch is stored: a therapist checking a policy file on a laptop
# should not need the server's encryption key.
STANDALONE_COMMANDS = frozenset({"policy", "simulate", "triage", "bench", "keygen"})


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "between.settings")
    if args and args[0] in STANDALONE_COMMANDS:
        os.environ["BETWEEN_STANDALONE"] = "true"
    if args and (
        args[0] == "simulate" or (args[0] == "bench" and not os.environ.get("DATABASE_URL"))
    ):
        # A store of its own, made for this run and thrown away after it. (A benchmark
        # given DATABASE_URL measures that database, with a practice it removes again.)
        os.environ["BETWEEN_THROWAWAY_STORE"] = "true"
    from between.conf.env import SettingError

    try:
        from django.conf import settings

        settings.INSTALLED_APPS  # noqa: B018 - forces the settings to load now
    except SettingError as exc:
        sys.stderr.write(f"between: configuration error: {exc}\n")
        raise SystemExit(2) from None

    from django.core.management import execute_from_command_line

    execute_from_command_line(["between", *args])


if __name__ == "__main__":
    main()
