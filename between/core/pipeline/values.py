"""The values that flow through the pipeline: one inbound shape for every channel, what
``decide()`` knows about the client and the sender's history, and the Decision it returns.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from between.core.calendar import Accommodations
from between.core.needs import Need
from between.core.pipeline.texts import ReplyKind


class InChannel(StrEnum):
    email = "email"
    sms = "sms"
    voice = "voice"
    portal = "portal"


# The policy's name for the channel a message arrived on (a voicemail came by phone).
POLICY_CHANNEL = {
    InChannel.email: "email",
    InChannel.sms: "sms",
    InChannel.voice: "phone",
    InChannel.portal: "portal",
}


@dataclass(frozen=True)
class Inbound:
    """A message or call as it arrived, whatever the channel.

    ``sender`` is the address the practice would answer: the email envelope sender (or
    From when no envelope is known), an E.164 number, or a portal client's id.
    ``envelope_sender`` is email only: "" is the null sender, None unknown.
    """

    channel: InChannel
    received_at: datetime
    sender: str
    dedupe_key: str
    recipients: tuple[str, ...] = ()
    subject: str = ""
    body: str = ""
    envelope_sender: str | None = None
    raw: bytes | None = None
    voicemail: bool | None = None
    malformed: bool = False


class ConsentState(StrEnum):
    granted = "granted"
    declined = "declined"
    withdrawn = "withdrawn"


@dataclass(frozen=True)
class ClientView:
    """What the decision may know about a known client. Names only for the privacy lint."""

    id: str
    names: tuple[str, ...] = ()
    consents: Mapping[str, str] = field(default_factory=dict)
    preferred: str | None = None
    accommodations: Accommodations | None = None
    language: str = "en"

    def consent(self, policy_channel: str) -> str | None:
        return self.consents.get(policy_channel)

    def has_consented(self, policy_channel: str) -> bool:
        return self.consents.get(policy_channel) == ConsentState.granted


@dataclass(frozen=True)
class SentRecord:
    """An automatic message already sent to this sender."""

    kind: ReplyKind
    channel: str
    at: datetime
    absence_start: date | None = None


@dataclass(frozen=True)
class ReceivedRecord:
    """An earlier inbound message from this sender; ``digest`` is a hash of its text."""

    at: datetime
    digest: str
    crisis: bool = False


@dataclass(frozen=True)
class History:
    sent: tuple[SentRecord, ...] = ()
    received: tuple[ReceivedRecord, ...] = ()


@dataclass(frozen=True)
class Reply:
    kind: ReplyKind
    channel: str  # email | sms | portal
    to: str
    subject: str
    body: str
    headers: Mapping[str, str] = field(default_factory=dict)
    safety_exception: bool = False  # sent over a channel the client did not consent to
    # The absence this reply told the sender about: out-of-office replies and redirects
    # sent during an absence go once per sender per absence.
    absence_start: date | None = None


class Audience(StrEnum):
    clinician = "clinician"
    covering = "covering"
    on_call = "on_call"
    after_hours = "after_hours"


@dataclass(frozen=True)
class Alert:
    """Someone who must be told now. Carries no client content, only who and how."""

    kind: str  # "crisis_page"
    audience: Audience
    name: str
    phone: str | None = None
    email: str | None = None


@dataclass(frozen=True)
class Decision:
    need: Need
    crisis: bool
    due_at: datetime | None
    reply: Reply | None
    alerts: tuple[Alert, ...] = ()
    flags: tuple[str, ...] = ()
    reasons: tuple[str, ...] = ()
    signals: tuple[str, ...] = ()
    callback_window: tuple[datetime, datetime] | None = None
    folded_duplicate: bool = False
    # Calls: the end of the last callback window by the promised time (see DueResult).
    callback_by: datetime | None = None
