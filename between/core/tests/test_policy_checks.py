"""Semantic checks: each rule from issue 3, with errors and warnings kept distinct."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from between.core.policy import PolicyError, Problem, Severity, load_policy
from between.core.tests.helpers import reference_text

REFERENCE: dict[str, Any] = yaml.safe_load(reference_text())
EXAMPLES = Path(__file__).resolve().parents[3] / "examples" / "policies"

Change = Callable[[dict[str, Any]], None]


def findings(change: Change) -> list[Problem]:
    data = copy.deepcopy(REFERENCE)
    change(data)
    text = yaml.safe_dump(data, sort_keys=False)
    try:
        return load_policy(text).warnings
    except PolicyError as exc:
        return exc.problems


def _set(path: str, value: Any) -> Change:
    def change(data: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        node: Any = data
        for part in parents:
            node = node[int(part)] if part.isdigit() else node[part]
        if value is _DELETE:
            del node[last]
        else:
            node[int(last) if last.isdigit() else last] = value

    return change


_DELETE = object()
E, W = Severity.error, Severity.warning

CASES: list[tuple[str, Change, str, Severity, str]] = [
    ("no emergency path", _set("emergency", {}), "emergency", E, "no emergency path"),
    # A published policy must tell clients which number to call (issue 15: an error).
    (
        "no emergency number",
        _set("emergency.number", None),
        "emergency.number",
        E,
        "no emergency number",
    ),
    (
        "channel named for a need but disabled",
        _set("channels.sms.enabled", False),
        "channels.sms.for",
        E,
        "is not enabled",
    ),
    (
        "enabled email without address",
        _set("channels.email.address", _DELETE),
        "channels.email",
        E,
        "need its address",
    ),
    (
        "enabled channel for nothing",
        _set("channels.email.for", []),
        "channels.email.for",
        W,
        "redirected",
    ),
    (
        "clinical over an insecure channel",
        _set("channels.email.for", ["admin", "clinical"]),
        "channels.email.for",
        W,
        "not secure",
    ),
    (
        "overlapping office hours",
        _set("office_hours.monday", ["09:00-12:00", "11:00-17:00"]),
        "office_hours.monday",
        E,
        '"11:00-17:00" overlaps "09:00-12:00"',
    ),
    ("no office hours at all", _set("office_hours", {}), "office_hours", E, "nothing could"),
    (
        "callback window outside office hours",
        _set("calls.callback_windows.friday", ["16:00-17:00"]),
        "calls.callback_windows.friday",
        E,
        "outside friday's office hours",
    ),
    (
        "callback window on a closed weekday",
        _set("calls.callback_windows.saturday", ["10:00-11:00"]),
        "calls.callback_windows.saturday",
        E,
        "no office hours",
    ),
    (
        "overlapping callback windows",
        _set("calls.callback_windows.wednesday", ["12:00-13:00", "12:30-14:00"]),
        "calls.callback_windows.wednesday",
        E,
        "overlaps",
    ),
    (
        "return-within that windows cannot keep",
        lambda d: None,
        "calls.return_within",
        W,
        "cannot be returned within 1 business day",
    ),
    (
        "covering colleague not in coverage",
        _set("absences.0.covering", "Pat Doe"),
        "absences[0].covering",
        E,
        '"Pat Doe" is not listed in coverage',
    ),
    (
        "absence without cover",
        _set("absences.0.covering", None),
        "absences",
        W,
        "no covering colleague",
    ),
    (
        "absence ends before it starts",
        _set("absences.0.end", "2027-01-01"),
        "absences[0].end",
        E,
        "ends (2027-01-01) before it starts",
    ),
    (
        "unknown time zone",
        _set("timezone", "Mars/Olympus"),
        "timezone",
        E,
        '"Mars/Olympus" is not a time zone',
    ),
    (
        "unknown holiday country",
        _set("holidays.country", "XX"),
        "holidays.country",
        E,
        '"XX" is not a country code',
    ),
    (
        "unknown subdivision",
        _set("holidays.subdivision", "ZZ"),
        "holidays.subdivision",
        E,
        '"ZZ" is not a subdivision of US',
    ),
    (
        "no holiday country",
        _set("holidays.country", None),
        "holidays.country",
        W,
        "public holidays are not closed days",
    ),
    (
        "crisis routed to a queued channel",
        _set("emergency.contact_via", ["sms"]),
        "emergency.contact_via",
        E,
        "must never wait in a queue",
    ),
    (
        "crisis routed to a missing channel",
        _set("emergency.contact_via", ["app"]),
        "emergency.contact_via",
        E,
        "not an enabled channel",
    ),
    (
        "after-hours contact without phone",
        _set("emergency.after_hours.phone", None),
        "emergency.after_hours",
        E,
        "needs a phone number",
    ),
    (
        "phone offered but no calls section",
        _set("calls", _DELETE),
        "channels.phone",
        W,
        "no calls section",
    ),
]


@pytest.mark.parametrize(
    ("case", "change", "path", "severity", "fragment"), CASES, ids=[c[0] for c in CASES]
)
def test_semantic_check(
    case: str, change: Change, path: str, severity: Severity, fragment: str
) -> None:
    found = findings(change)
    assert any(
        p.path == path and p.severity is severity and fragment in p.message for p in found
    ), [str(p) for p in found]


def test_lunch_break_callback_window_is_fine() -> None:
    # The reference returns Monday calls 12:00-13:00, between its two office ranges.
    assert not any(p.path.startswith("calls.callback_windows") for p in findings(lambda d: None))


def test_live_channel_may_take_crisis() -> None:
    def change(data: dict[str, Any]) -> None:
        data["channels"]["phone"]["answered"] = "live"
        data["emergency"]["contact_via"] = ["phone"]

    assert not any(p.path.startswith("emergency") for p in findings(change))


def test_errors_and_warnings_are_distinct() -> None:
    data = copy.deepcopy(REFERENCE)
    data["absences"][0]["covering"] = "Pat Doe"  # an error
    data["holidays"]["country"] = None  # a warning
    with pytest.raises(PolicyError) as caught:
        load_policy(yaml.safe_dump(data, sort_keys=False))
    assert [p.path for p in caught.value.errors] == ["absences[0].covering"]
    assert "holidays.country" in [p.path for p in caught.value.warnings]
    assert all(str(p).startswith("warning: ") for p in caught.value.warnings)


@pytest.mark.parametrize(
    "name",
    [
        "reference-solo.yaml",
        "solo-no-texting.yaml",
        "group-practice.yaml",
        "dbt-coaching.yaml",
        "community-agency.yaml",
    ],
)
def test_examples_are_valid(name: str) -> None:
    path = EXAMPLES / name
    result = load_policy(path.read_text(encoding="utf-8"), str(path))
    allowed = {"reference-solo.yaml": ["calls.return_within"]}.get(name, [])
    assert [w.path for w in result.warnings] == allowed
