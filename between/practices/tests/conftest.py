"""A fixed "today" for the absences pages: Monday 1 February 2027, 10:00 in New York."""

from __future__ import annotations

from datetime import date

import pytest
from freezegun import freeze_time

from between.practices.models import Absence

TODAY = date(2027, 2, 1)


@pytest.fixture
def frozen():
    with freeze_time("2027-02-01 15:00:00") as clock:
        yield clock


def away(clinician, start, end, *, covering=None, note=""):
    return Absence.objects.create(
        practice=clinician.practice,
        clinician=clinician,
        start=date.fromisoformat(start),
        end=date.fromisoformat(end),
        covering=covering,
        note=note,
    )
