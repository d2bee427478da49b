"""Figures as staff read them; the formatting itself lives in the core, with its tests."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django import template

from between.core.reports import channel_label, format_duration, format_share

register = template.Library()


@register.filter
def share(value: float | None) -> str:
    return format_share(value)


@register.filter
def duration(value: timedelta | None) -> str:
    return format_duration(value)


@register.filter
def channel_name(value: str) -> str:
    return channel_label(value)


@register.filter
def count_for(counts: dict[str, int], key: str) -> Any:
    return counts.get(key, 0)


@register.filter
def counted(tally: Any) -> bool:
    """Whether a row has anything to show: rows of nothing but zeros are left out."""
    for name in ("total", "received"):
        value = getattr(tally, name, None)
        if isinstance(value, int):
            return value > 0
    return True
