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
        importlib.import_module(name).register()
