"""What the policy editor's pages share: the check report, previews and the simulator.

Each is the command line's own function called with the draft's text, so the page says
exactly what `between policy check`, `between policy render` and `between simulate` say.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime
from typing import Any
from zoneinfo import ZoneInfo

from between.core.documents import Preview, render_document, render_replies_preview
from between.core.pipeline.voice_greeting import greeting_text
from between.core.policy import Policy
from between.documents.i18n import translator
from between.messaging.models import Category
from between.messaging.simulate import SimulationError, simulate
from between.policies.cli import CheckReport, check_text
from between.policies.forms import SimulatorForm
from between.policies.models import PolicyVersion
from between.policies.render import KIND_TITLES

CHANNEL_WORDS = {
    "sms": "a text",
    "email": "an email",
    "voice": "a call",
    "portal": "a portal message",
}

# The simulated sender: example addresses that reach nobody.
CLIENT_ID = "client"
CLIENT_NAME = "Sample Client"
CLIENT_EMAIL = "client@example.com"
CLIENT_PHONE = "+12125550301"
STRANGER_EMAIL = "someone@example.net"
STRANGER_PHONE = "+12125550999"


def file_name(version: PolicyVersion) -> str:
    """What stands for the file in messages, as a path does for `between policy check`."""
    return f"policy-v{version.number}.yaml"


def report_for(version: PolicyVersion, text: str | None = None) -> CheckReport:
    return check_text(version.text if text is None else text, file_name(version))


@dataclass(frozen=True)
class Previews:
    document: str
    replies: list[tuple[str, Preview]]
    voicemail: str


def previews(policy: Policy, language: str = "en") -> Previews:
    """The client document, every automatic message and the voicemail greeting."""
    _ = translator(language)
    return Previews(
        document=render_document(policy, "html", translate=_, language=language),
        replies=[(KIND_TITLES.get(p.kind, p.kind), p) for p in render_replies_preview(policy, _)],
        voicemail=greeting_text(policy, _),
    )


def _addresses(policy: Policy) -> tuple[str, str]:
    """The practice's email address and phone number as the policy gives them."""
    email = next((c.address for _n, c in policy.channels.items() if c.address), None)
    phones = [policy.channel("sms"), policy.channel("phone")]
    number = next((c.number for c in phones if c is not None and c.number), None)
    return email or "practice@example.com", number or "+12125550100"


def simulation_input(
    form: SimulatorForm, policy: Policy, today: date
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The events and clients `between simulate` would be given for this situation."""
    data = form.cleaned_data
    zone = ZoneInfo(policy.timezone)
    first = form.first_moment(zone, today)
    channel: str = data["channel"]
    known = data["sender"] == "known"
    practice_email, practice_number = _addresses(policy)
    clients: list[dict[str, Any]] = []
    if known:
        spec: dict[str, Any] = {
            "id": CLIENT_ID,
            "name": CLIENT_NAME,
            "emails": [CLIENT_EMAIL],
            "phones": [CLIENT_PHONE],
        }
        if data["consent"] != "none":
            spec["consents"] = {channel: data["consent"]}
        clients.append(spec)
    phone = CLIENT_PHONE if known else STRANGER_PHONE
    email = CLIENT_EMAIL if known else STRANGER_EMAIL
    body: str = data["body"]
    events = []
    for n in range(data["repeat"]):
        at = first + timedelta(minutes=n * data["gap"])
        event: dict[str, Any] = {"channel": channel, "at": at.isoformat()}
        if channel == "sms":
            event |= {"from": phone, "to": practice_number, "body": body}
        elif channel == "voice":
            event |= {"from": phone, "to": practice_number, "voicemail": data["voicemail"]}
            if data["voicemail"]:
                event["transcript"] = body
        elif channel == "portal":
            event |= {"client": CLIENT_ID, "body": body}
        else:
            event |= {
                "raw": _email(email, practice_email, body, at, n),
                "mail_from": email,
                "rcpt_to": [practice_email],
            }
        events.append(event)
    return events, clients


def _email(sender: str, to: str, body: str, at: datetime, n: int) -> str:
    message = EmailMessage(policy=SMTP)
    message["From"] = sender
    message["To"] = to
    message["Subject"] = "A question"
    message["Date"] = format_datetime(at)
    message["Message-ID"] = f"<simulated-{n}@example.com>"
    message.set_content(body or " ")
    return message.as_string()


def run_simulation(version: PolicyVersion, form: SimulatorForm, today: date) -> list[Outcome]:
    """Simulate the situation on this version's text; raises SimulationError if invalid."""
    report = report_for(version)
    if report.result is None:
        raise SimulationError("The policy has errors; fix them to try the simulator.")
    policy = report.result.policy
    events, clients = simulation_input(form, policy, today)
    lines = simulate(version.text, events, clients, file_name(version))
    zone = ZoneInfo(policy.timezone)
    return [Outcome.of(line, event, zone) for line, event in zip(lines, events, strict=True)]


@dataclass(frozen=True)
class Outcome:
    """One simulated event in the words of the page; `raw` is the simulator's own dict."""

    raw: dict[str, Any]
    at: datetime
    channel: str
    due_at: datetime | None

    @property
    def when(self) -> str:
        return f"{self.at:%A %-d %B %Y, %H:%M}"

    @property
    def due(self) -> str:
        return f"{self.due_at:%A %-d %B %Y, %H:%M}" if self.due_at else ""

    @property
    def how(self) -> str:
        return CHANNEL_WORDS.get(self.channel, self.channel)

    @property
    def category(self) -> str:
        value = self.raw.get("category") or ""
        return str(Category(value).label) if value in Category.values else value

    @classmethod
    def of(cls, line: dict[str, Any], event: dict[str, Any], zone: ZoneInfo) -> Outcome:
        due = line.get("due_at")
        return cls(
            raw=line,
            at=datetime.fromisoformat(event["at"]).astimezone(zone),
            channel=event["channel"],
            due_at=datetime.fromisoformat(due).astimezone(zone) if due else None,
        )
