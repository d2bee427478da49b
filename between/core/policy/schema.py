"""Pydantic models for the communications policy file (format 1).

The models are strict on purpose: every key is known, so a typo is an error rather than a
promise silently dropped; numbers have bounds and choices are enums. A policy that is
quietly misread would tell clients something that nobody then keeps.

Cross-field rules that need the whole file (a covering colleague listed in `coverage`,
callback windows inside office hours, ...) live in `checks.py`, not here, so that one
typo does not hide every other problem behind a single validation failure.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    WithJsonSchema,
    field_validator,
    model_validator,
)

CURRENT_FORMAT = 1
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
CHANNEL_NAMES = ("portal", "email", "sms", "phone", "app")

_RANGE_RE = re.compile(r"^(\d{2}):(\d{2})-(\d{2}):(\d{2})$")


def parse_range(text: str) -> tuple[int, int]:
    """Parse "09:00-12:00" into minutes since midnight, (540, 720).

    "24:00" is accepted as an end so a range can run to midnight; a range must not be
    empty or run backwards, because an office that closes before it opens is a typo.
    """
    match = _RANGE_RE.match(text.strip())
    if match is None:
        raise RangeError(f'"{text}" is not a time range like 09:00-17:00', text, "shape")
    sh, sm, eh, em = (int(g) for g in match.groups())
    if sh > 23 or sm > 59 or eh > 24 or em > 59 or (eh == 24 and em != 0):
        raise RangeError(f'"{text}" contains a time that does not exist', text, "no_such_time")
    start, end = sh * 60 + sm, eh * 60 + em
    if end <= start:
        raise RangeError(f'"{text}" ends before it starts', text, "backwards")
    return start, end


class RangeError(ValueError):
    """A time range that cannot be read; `why` (shape, no_such_time, backwards) lets the
    editor say it in words about the day it belongs to."""

    def __init__(self, message: str, text: str, why: str) -> None:
        super().__init__(message)
        self.text = text
        self.why = why


def _check_range(value: str) -> str:
    parse_range(value)
    return value.strip()


TimeRange = Annotated[
    str,
    AfterValidator(_check_range),
    WithJsonSchema(
        {"type": "string", "pattern": r"^\d{2}:\d{2}-\d{2}:\d{2}$", "examples": ["09:00-17:00"]}
    ),
]


class Strict(BaseModel):
    """Base for every section: unknown keys are errors, numbers may be written as text."""

    model_config = ConfigDict(
        extra="forbid", frozen=True, coerce_numbers_to_str=True, populate_by_name=True
    )


class Setting(StrEnum):
    private_practice = "private_practice"
    group_practice = "group_practice"
    clinic = "clinic"
    hospital = "hospital"
    agency = "agency"


class Need(StrEnum):
    """What a client is getting in touch about (R8). Crisis is never a channel's job."""

    admin = "admin"
    clinical = "clinical"


class Answered(StrEnum):
    queued = "queued"
    live = "live"


class Acknowledge(StrEnum):
    always = "always"
    after_hours = "after_hours"
    never = "never"


class OutOfOffice(StrEnum):
    once_per_sender = "once_per_sender"
    every_message = "every_message"


class Clinician(Strict):
    name: str = Field(min_length=1, description="Shown to clients and in the policy document.")
    addresses: list[str] = Field(
        default_factory=list,
        description="Every address and number that is the clinician's own (so Between never "
        "answers itself).",
    )


class Practice(Strict):
    name: str = Field(min_length=1)
    setting: Setting = Setting.private_practice


class Holidays(Strict):
    country: str | None = Field(
        default=None, description="Country code the `holidays` library knows, e.g. US, GB."
    )
    subdivision: str | None = Field(default=None, description="e.g. NY, or ENG for England.")
    extra_closures: list[date] = Field(default_factory=list, description="Extra closed dates.")


class WeekHours(Strict):
    """Opening ranges per weekday; a day that is absent or empty is closed."""

    monday: list[TimeRange] = Field(default_factory=list)
    tuesday: list[TimeRange] = Field(default_factory=list)
    wednesday: list[TimeRange] = Field(default_factory=list)
    thursday: list[TimeRange] = Field(default_factory=list)
    friday: list[TimeRange] = Field(default_factory=list)
    saturday: list[TimeRange] = Field(default_factory=list)
    sunday: list[TimeRange] = Field(default_factory=list)

    def minutes(self) -> tuple[tuple[tuple[int, int], ...], ...]:
        """Ranges as minutes since midnight, indexed by weekday (Monday is 0), sorted."""
        return tuple(tuple(sorted(parse_range(r) for r in getattr(self, day))) for day in WEEKDAYS)

    def is_empty(self) -> bool:
        return not any(getattr(self, day) for day in WEEKDAYS)


class Duration(Strict):
    """Exactly one way of counting time; see docs/policy-format.md for the exact rules."""

    business_days: int | None = Field(default=None, ge=1, le=60)
    business_hours: float | None = Field(default=None, gt=0, le=500)
    hours: float | None = Field(default=None, gt=0, le=1440)

    @model_validator(mode="after")
    def _exactly_one(self) -> Duration:
        given = [k for k in ("business_days", "business_hours", "hours") if getattr(self, k)]
        if len(given) != 1:
            found = ", ".join(given) if given else "none"
            raise ValueError(
                f"give exactly one of business_days, business_hours or hours (found {found})"
            )
        return self

    @property
    def kind(self) -> Literal["business_days", "business_hours", "hours"]:
        if self.business_days is not None:
            return "business_days"
        if self.business_hours is not None:
            return "business_hours"
        return "hours"

    @property
    def amount(self) -> float:
        value = getattr(self, self.kind)
        assert value is not None
        return float(value)

    def describe(self) -> str:
        """A phrase for clients: "1 business day", "24 hours (open days only)"."""
        n = self.amount
        shown = f"{n:g}"
        if self.kind == "business_days":
            return f"{shown} business day{'' if n == 1 else 's'}"
        if self.kind == "business_hours":
            return f"{shown} business hour{'' if n == 1 else 's'}"
        return f"{shown} hour{'' if n == 1 else 's'} (open days only)"


class Turnaround(Duration):
    say_sooner_possible: bool = Field(
        default=False, description='"I may reply sooner, but please don\'t count on it".'
    )


class Channel(Strict):
    enabled: bool = True
    needs: list[Need] = Field(
        default_factory=list, alias="for", description="Which needs this channel is for (R14)."
    )
    secure: bool | None = None
    name: str | None = Field(default=None, description="Display name, e.g. the secure app's.")
    address: str | None = None
    number: str | None = None
    username: str | None = None
    setup: str | None = Field(default=None, description="Setup steps shown to clients (R7).")
    hours: WeekHours | None = Field(
        default=None,
        description="When this channel is answered, if not office hours (e.g. coaching texts).",
    )
    turnaround: Turnaround | None = Field(
        default=None, description="Replaces the policy turnaround for this channel."
    )
    answered: Answered = Field(
        default=Answered.queued,
        description="live: a person answers as it rings (an on-call line); queued: a turnaround.",
    )


class Channels(Strict):
    portal: Channel | None = None
    email: Channel | None = None
    sms: Channel | None = None
    phone: Channel | None = None
    app: Channel | None = None

    def items(self) -> list[tuple[str, Channel]]:
        """(name, channel) for every channel section present, in file-format order."""
        return [(n, c) for n in CHANNEL_NAMES if (c := getattr(self, n)) is not None]


ChannelName = Literal["portal", "email", "sms", "phone", "app"]


class Calls(Strict):
    return_within: Duration
    voicemail_required: bool = Field(default=False, description="No voicemail, no callback.")
    only_office_hours: bool = True
    callback_windows: WeekHours | None = None


class Contact(Strict):
    name: str = Field(min_length=1)
    phone: str | None = None
    email: str | None = None


class CrisisLine(Strict):
    name: str = Field(min_length=1)
    contact: str = Field(min_length=1)


class OnCall(Strict):
    """A rotation: rotation[0] is on call from `starts`, the next one `every_days` later."""

    starts: datetime = Field(description="First handover, local time of the policy.")
    every_days: int = Field(default=7, ge=1, le=366)
    rotation: list[Contact] = Field(min_length=1)


class Emergency(Strict):
    number: str | None = Field(default=None, description='Emergency services, e.g. "911".')
    crisis_lines: list[CrisisLine] = Field(default_factory=list)
    after_hours: Contact | None = None
    on_call: OnCall | None = None
    contact_via: list[ChannelName] = Field(
        default_factory=list,
        description="Practice channels a client in crisis may also use; each must be live.",
    )
    escalate_after_minutes: int = Field(
        default=10,
        ge=1,
        le=120,
        description="Minutes an unacknowledged crisis page waits before the next person is paged.",
    )


class Resource(Strict):
    name: str = Field(min_length=1)
    url: str | None = None
    contact: str | None = None


class AutoReplies(Strict):
    acknowledge: Acknowledge = Acknowledge.after_hours
    out_of_office: OutOfOffice = OutOfOffice.once_per_sender


class SocialMedia(Strict):
    statement: str = Field(min_length=1)
    accept_connection_requests: bool = False
    answer_messages: bool = False


class Absence(Strict):
    start: date
    end: date = Field(description="Inclusive.")
    covering: str | None = Field(default=None, description="A name listed in `coverage`.")


class Policy(Strict):
    format: Literal[1]
    clinician: Clinician
    practice: Practice
    timezone: str = Field(description="IANA time zone, e.g. America/New_York.")
    holidays: Holidays = Field(default_factory=Holidays)
    office_hours: WeekHours
    turnaround: Turnaround
    channels: Channels
    calls: Calls | None = None
    emergency: Emergency
    coverage: list[Contact] = Field(default_factory=list)
    resources: list[Resource] = Field(default_factory=list)
    auto_replies: AutoReplies = Field(default_factory=AutoReplies)
    social_media: SocialMedia | None = None
    approval_required: bool = False
    notice_days: int = Field(default=30, ge=0, le=365)
    absences: list[Absence] = Field(default_factory=list)

    @field_validator("social_media", mode="before")
    @classmethod
    def _statement_only(cls, value: Any) -> Any:
        # Format 1 began with social_media as a bare statement; both spellings stay valid.
        if isinstance(value, str):
            return {"statement": value}
        return value

    def channel(self, name: str) -> Channel | None:
        """The channel section called `name` (portal, email, ...), or None if absent."""
        if name not in CHANNEL_NAMES:
            return None
        found: Channel | None = getattr(self.channels, name)
        return found


def json_schema() -> dict[str, Any]:
    """The JSON Schema of the policy file, as `between policy schema` prints it."""
    schema = Policy.model_json_schema(by_alias=True)
    schema["title"] = "Between communications policy (format 1)"
    return schema
