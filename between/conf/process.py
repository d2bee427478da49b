"""Start-up housekeeping for Between's long-running processes."""

from __future__ import annotations

import gc

from django.core.management.base import CommandError


def freeze_start_up_objects() -> int:
    """Leave what start-up loaded (Django, the apps, the crisis model) out of every
    later garbage collection; returns how many objects that is.

    Those objects live as long as the process, yet each full collection walks them all
    again: measured on the 2-core machine over 1,000 messages, two full collections
    took 215 ms (about 100 ms each, a stall for whichever message met one) and 39 ms
    after freezing. CPython's documentation recommends this once start-up is done.
    """
    gc.collect()
    gc.freeze()
    return gc.get_freeze_count()


class NotMigrated(CommandError):
    """The database lacks migrations this code needs."""


def refuse_unmigrated() -> None:
    """Every long-running process refuses alike, so a fleet never runs half-started: a
    task backend switched without `between migrate` stops the worker and smtpd as well
    as the web server, each saying what to run."""
    from django.db import DatabaseError

    from between.web.doctor import unapplied_migrations

    try:
        missing = unapplied_migrations()
    except DatabaseError:
        # An outage at start is not a refusal: each process waits out outages itself
        # (the worker pauses, smtpd answers 451), and checks again on its next start.
        return
    if missing:
        apps = ", ".join(sorted({m.split(".", 1)[0] for m in missing}))
        raise NotMigrated(
            f"the database needs migrating first ({len(missing)} migrations of {apps}): "
            "run `between migrate` once, with the same settings as every process"
        )


class RulesOnlyRefused(CommandError):
    """The crisis reader did not load, and nobody said to run on the rules alone."""


def ready_for_traffic() -> str:
    """What a server does once before its first message: load the crisis reader (about a
    second, so no message waits for it), then freeze start-up; returns the line to print.

    With DEBUG off a server will not start on the rules alone: they catch explicit danger
    but miss what a client only implies, in either language, and that must be a
    decision, not an accident of the install. ``BETWEEN_CRISIS_RULES_ONLY=true`` makes it
    one; /health/ then says "degraded".
    """
    from django.conf import settings

    from between.core.triage import describe, status

    line = f"Crisis screening: {describe()}"
    current = status()
    if not current.available and not settings.DEBUG and not settings.CRISIS_RULES_ONLY:
        raise RulesOnlyRefused(
            f"the crisis reader could not load ({current.reason}), and Between does not "
            "screen messages on the rules alone unless told to: reinstall Between "
            "(pip install . brings the reader and its model), or set "
            "BETWEEN_CRISIS_RULES_ONLY=true to run knowingly on the rules alone"
        )
    freeze_start_up_objects()
    return line
