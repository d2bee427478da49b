"""Registers every channel's transport (and pagers) with ``between.messaging.transport``."""

from __future__ import annotations

import importlib

CHANNEL_MODULES = (
    "between.channels.email.transport",
    "between.channels.sms.transport",
    "between.channels.portal.transport",
)


def register_all() -> None:
    for name in CHANNEL_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
            continue  # a channel package still being built
        module.register()
