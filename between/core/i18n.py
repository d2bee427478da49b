"""Words every client-facing text shares: day and month names, dates, durations.

Pure: no Django. Client-facing code takes a ``translate`` function (``_``), a gettext
supplied by the shell (``between.documents.i18n.translator``); the default leaves the
English as written. Names that are looked up at run time ("Monday", "March") are marked
here with ``gettext_noop`` so that ``makemessages`` extracts them: Django passes
``--keyword=gettext_noop`` to xgettext, and a msgid nobody extracts would be dropped
from the catalogue as obsolete the next time it is regenerated.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from between.core.policy.schema import WEEKDAYS, Duration

Translate = Callable[[str], str]


def identity(text: str) -> str:
    return text


def gettext_noop(text: str) -> str:
    """Marks a string for extraction; translated later, where it is used."""
    return text


DAY_NAMES: dict[str, str] = {
    "monday": gettext_noop("Monday"),
    "tuesday": gettext_noop("Tuesday"),
    "wednesday": gettext_noop("Wednesday"),
    "thursday": gettext_noop("Thursday"),
    "friday": gettext_noop("Friday"),
    "saturday": gettext_noop("Saturday"),
    "sunday": gettext_noop("Sunday"),
}
assert tuple(DAY_NAMES) == WEEKDAYS

MONTH_NAMES: tuple[str, ...] = (
    gettext_noop("January"),
    gettext_noop("February"),
    gettext_noop("March"),
    gettext_noop("April"),
    gettext_noop("May"),
    gettext_noop("June"),
    gettext_noop("July"),
    gettext_noop("August"),
    gettext_noop("September"),
    gettext_noop("October"),
    gettext_noop("November"),
    gettext_noop("December"),
)


def weekday_name(value: date, _: Translate = identity) -> str:
    return _(DAY_NAMES[WEEKDAYS[value.weekday()]])


def month_name(value: date, _: Translate = identity) -> str:
    return _(MONTH_NAMES[value.month - 1])


def day_and_date(value: date, _: Translate = identity) -> str:
    """ "Tuesday March 2" (Spanish: "martes 2 de marzo")."""
    return _("{weekday} {month} {day}").format(
        weekday=weekday_name(value, _), month=month_name(value, _), day=value.day
    )


def full_date(value: date, _: Translate = identity) -> str:
    """ "January 4, 2027" (Spanish: "4 de enero de 2027")."""
    return _("{month} {day}, {year}").format(
        month=month_name(value, _), day=value.day, year=value.year
    )


def time_of_day(value: datetime, _: Translate = identity) -> str:
    """ "5:00 PM" (Spanish: "5:00 p. m.")."""
    hour = value.hour % 12 or 12
    suffix = _("AM") if value.hour < 12 else _("PM")
    return f"{hour}:{value.minute:02d} {suffix}"


def day_date_time(value: datetime, _: Translate = identity) -> str:
    """ "Tuesday March 2, 5:00 PM"."""
    return _("{date}, {time}").format(date=day_and_date(value, _), time=time_of_day(value, _))


def describe_duration(duration: Duration, _: Translate = identity) -> str:
    """``Duration.describe()`` through ``_``: "1 business day", "24 hours (open days only)".

    One msgid per singular and plural rather than ngettext: the translate function is a
    plain one-argument gettext, and the languages shipped need only "one" and "other".
    """
    n = duration.amount
    one = n == 1
    if duration.kind == "business_days":
        text = _("{n} business day") if one else _("{n} business days")
    elif duration.kind == "business_hours":
        text = _("{n} business hour") if one else _("{n} business hours")
    else:
        text = _("{n} hour (open days only)") if one else _("{n} hours (open days only)")
    return text.format(n=f"{n:g}")
