"""Policy problems in the words of the person who fills in the form, not of the YAML file.

The command line says `policy.yaml:20:12 office_hours.friday: "17:00-09:00" ends before it
starts`, which a script and a YAML editor need. The policy form says "Friday's office hours
end before they start (17:00–09:00)": what is wrong, about which thing, and nothing about
keys, lines or columns. Both come from the same finding.
"""

from __future__ import annotations

from typing import Any

from pydantic_core import ErrorDetails

from between.core.policy.schema import WEEKDAYS, RangeError

Loc = tuple[str | int, ...]

CHANNEL_WORDS = {
    "portal": "the client portal",
    "email": "email",
    "sms": "text messages",
    "phone": "phone calls",
    "app": "the messaging app",
}
_CONTACT_WORDS = {
    ("channels", "sms", "number"): "The texting number",
    ("channels", "phone", "number"): "The phone number clients call",
    ("channels", "email", "address"): "The email address clients write to",
    ("channels", "app", "name"): "The app's name",
    ("emergency", "number"): "The emergency number",
    ("emergency", "after_hours", "phone"): "The after-hours contact's phone number",
    ("emergency", "after_hours", "name"): "The after-hours contact's name",
    ("emergency", "after_hours", "email"): "The after-hours contact's email",
    ("emergency", "after_hours"): "The after-hours contact",
    ("emergency", "crisis_lines"): "The crisis lines",
    ("emergency", "escalate_after_minutes"): "The minutes before the next person is paged",
    ("emergency", "contact_via"): "The channels for a client in crisis",
    ("emergency", "on_call"): "The on-call rotation",
    ("emergency",): "Emergencies",
    ("timezone",): "The time zone",
    ("holidays", "country"): "The country for public holidays",
    ("holidays", "subdivision"): "The state, province or nation for public holidays",
    ("holidays",): "Public holidays",
    ("practice", "name"): "The practice name",
    ("practice", "setting"): "The kind of practice",
    ("clinician", "name"): "Your name as clients see it",
    ("clinician", "addresses"): "Your own addresses and numbers",
    ("turnaround",): "The reply time",
    ("calls", "return_within"): "The time to return calls",
    ("calls", "callback_windows"): "The callback hours",
    ("calls",): "Phone calls",
    ("office_hours",): "Office hours",
    ("notice_days",): "The days of notice",
    ("approval_required",): "Approval",
    ("auto_replies", "acknowledge"): "The automatic acknowledgement",
    ("auto_replies", "out_of_office"): "The out-of-office reply",
    ("social_media",): "The social media statement",
    ("coverage",): "The covering colleagues",
    ("absences",): "The absences",
    ("resources",): "The resources",
    ("channels",): "The channels",
    ("format",): "The format",
}


def _day(loc: Loc) -> str | None:
    found = [p for p in loc if isinstance(p, str) and p in WEEKDAYS]
    return found[-1].capitalize() if found else None


def _ordinal(i: int) -> str:
    return f"{i + 1}"


def subject(loc: Loc) -> str:
    """What `loc` is, in words, capitalised: "Friday's office hours", "The texting number"."""
    keys = tuple(p for p in loc if isinstance(p, str))
    day = _day(loc)
    if day and keys[:1] == ("office_hours",):
        return f"{day}'s office hours"
    if day and keys[:2] == ("calls", "callback_windows"):
        return f"{day}'s callback hours"
    if day and keys[:1] == ("channels",) and "hours" in keys and len(keys) > 1:
        return f"{day}'s hours for {CHANNEL_WORDS.get(keys[1], keys[1])}"
    indices = [p for p in loc if isinstance(p, int)]
    if keys[:1] == ("coverage",) and indices:
        what = "phone number" if "phone" in keys else "entry"
        return f"Covering colleague {_ordinal(indices[0])}'s {what}"
    if keys[:3] == ("emergency", "on_call", "rotation") and indices:
        return f"On-call person {_ordinal(indices[0])}'s phone number"
    if keys[:1] == ("absences",) and indices:
        return f"Absence {_ordinal(indices[0])}"
    if keys[:2] == ("emergency", "crisis_lines") and indices:
        return f"Crisis line {_ordinal(indices[0])}"
    if keys[:2] == ("clinician", "addresses") and indices:
        return f"Your address or number {_ordinal(indices[0])}"
    if keys[:1] == ("turnaround",):
        return "The reply time"
    if keys[:1] == ("channels",) and len(keys) >= 2:
        for size in (3, 2):
            if keys[:size] in _CONTACT_WORDS:
                return _CONTACT_WORDS[keys[:size]]
        words = CHANNEL_WORDS.get(keys[1], keys[1])
        if len(keys) >= 3 and keys[2] == "for":
            return f"What {words} {'are' if words.endswith('s') else 'is'} for"
        if len(keys) >= 3 and keys[2] == "turnaround":
            return f"The reply time for {words}"
        return words[0].upper() + words[1:]
    for size in range(len(keys), 0, -1):
        if keys[:size] in _CONTACT_WORDS:
            return _CONTACT_WORDS[keys[:size]]
    shown = " → ".join(str(p).replace("_", " ") for p in keys) or "The policy"
    return shown[0].upper() + shown[1:]


def _quoted(value: Any) -> str:
    if isinstance(value, str):
        return f"“{value}”"
    if isinstance(value, dict):
        return "a section"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "empty"
    return str(value)


def _range_words(error: RangeError, what: str) -> str:
    shown = error.text.strip().replace("-", "–")
    if error.why == "backwards":
        return f"{what} end before they start ({shown})"
    if error.why == "no_such_time":
        return f"{what} contain a time that does not exist ({shown})"
    return f"{what} should be written as a time range like 09:00–17:00, not {_quoted(error.text)}"


def type_error(error: ErrorDetails, message: str) -> str:
    """A pydantic error in words; `message` is the command line's sentence for it."""
    loc: Loc = tuple(error["loc"])
    kind = error["type"]
    ctx = error.get("ctx") or {}
    value = error.get("input")
    what = subject(loc)
    if kind == "value_error" and isinstance(ctx.get("error"), RangeError):
        return _range_words(ctx["error"], what)
    if kind == "missing":
        return f"{what} is missing; it is needed"
    if kind == "extra_forbidden":
        return (
            f"“{loc[-1]}” is not a setting Between knows "
            f"({message.removeprefix('this key is not one Between knows here').strip('; ')})"
            if "did you mean" in message
            else f"“{loc[-1]}” is not a setting Between knows here"
        )
    if kind in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
        limit = next(iter(ctx.values()), "?")
        words = {
            "greater_than_equal": "at least",
            "greater_than": "more than",
            "less_than_equal": "at most",
            "less_than": "less than",
        }[kind]
        return f"{what} must be {words} {limit}, not {value}"
    if kind in ("enum", "literal_error"):
        return f"{what} cannot be {_quoted(value)}: {message.split(' is not ', 1)[-1]}"
    if kind == "too_short" and not isinstance(value, list | dict):
        return f"{what} must not be empty"
    return f"{what}: {message}"


def sentence(loc: Loc, message: str) -> str:
    """A finding without a sentence of its own: its subject, then the message."""
    return f"{subject(loc)}: {message}"
