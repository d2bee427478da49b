"""The business calendar: open days and hours, holidays, absences, due times.

Pure: it takes a validated Policy plus values (absences, accommodations) and returns
values. Nothing here reads a database, a clock or the network.
"""

from between.core.calendar.business import MAX_SCAN_DAYS, BusinessCalendar
from between.core.calendar.values import Absence, AbsenceLike, Accommodations, DueResult

__all__ = [
    "MAX_SCAN_DAYS",
    "Absence",
    "AbsenceLike",
    "Accommodations",
    "BusinessCalendar",
    "DueResult",
]
