"""Telling clients that the policy changes (R15): one notice each, over a channel they agreed to.

Called by ``lifecycle.publish`` in the publishing transaction. Each active client gets
the effective date, a link to the new document and a signed, single-use link to
acknowledge it, over their preferred consented channel, else another consented channel
(an alternate-channel accommodation comes first). A client with no usable channel is
marked "could not notify" and shows on the clients page.

The text is generic like every automatic message: no client name, nothing clinical, the
emergency number and a crisis line, and over email and text the reminder that they are
not secure. It is checked by the privacy lint before it is stored; a text that fails is
not sent.
"""

from __future__ import annotations

import copy
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from between.audit.log import record
from between.clients.links import document_url, intake_url, issue
from between.clients.models import (
    AccommodationKind,
    Client,
    ClientStatus,
    ConsentState,
    ContactKind,
    InvitationPurpose,
)
from between.core.policy import Policy
from between.core.privacy_lint import CLIENT_NAME, CLINICAL_DETAIL, QUOTES_CLIENT, lint
from between.messaging.models import Outbound
from between.messaging.tasks import after_commit_deliver
from between.policies.models import PolicyNotice, PolicyVersion
from between.policies.store import parsed_policy

log = logging.getLogger(__name__)

NOTICE_KIND = "policy_notice"  # Outbound.kind
# Channels a notice can go over, tried in this order after the client's own choices.
NOTICE_CHANNELS = ("portal", "email", "sms")
# Problems that stop a notice; a long text is sent in more segments rather than not at all.
BLOCKING = {CLIENT_NAME, QUOTES_CLIENT, CLINICAL_DETAIL}


@dataclass(frozen=True)
class NoticeText:
    subject: str
    body: str


@dataclass(frozen=True)
class Summary:
    sent: int
    could_not_notify: int


def _address(client: Client, channel: str) -> str | None:
    if channel == "portal":
        return str(client.pk)  # the portal thread is the client's own
    kind = ContactKind.EMAIL if channel == "email" else ContactKind.PHONE
    point = client.contacts.filter(kind=kind).order_by("id").first()
    return point.value if point else None


def choose_channel(client: Client, policies: Iterable[Policy]) -> tuple[str, str] | None:
    """(channel, address) to notify the client over, or None when there is none."""
    offered = {
        name
        for policy in policies
        for name in NOTICE_CHANNELS
        if (found := policy.channel(name)) is not None and found.enabled
    }
    wanted: list[str] = []
    for acc in client.accommodations.filter(active=True, kind=AccommodationKind.ALTERNATE_CHANNEL):
        channel = (acc.detail or {}).get("channel")
        if isinstance(channel, str):
            wanted.append(channel)
    if client.preferred_channel:
        wanted.append(client.preferred_channel)
    wanted += NOTICE_CHANNELS
    for channel in dict.fromkeys(wanted):
        if channel not in offered or client.consent_state(channel) != ConsentState.GRANTED:
            continue
        address = _address(client, channel)
        if address:
            return channel, address
    return None


def secure_channel_name(policy: Policy) -> str | None:
    for name in ("portal", "app"):
        channel = policy.channel(name)
        if channel is not None and channel.enabled and (name == "portal" or channel.secure):
            return channel.name or (_("the secure portal") if name == "portal" else _("our app"))
    return None


def notice_text(
    policy: Policy,
    version: PolicyVersion,
    channel: str,
    *,
    acknowledge_url: str | None,
    document_link: str,
) -> NoticeText:
    """The notice in the active language. No name, nothing clinical, safety lines."""
    practice = policy.practice.name
    local = (version.effective_at or timezone.now()).astimezone(ZoneInfo(policy.timezone))
    when = formats.date_format(local, "DATE_FORMAT")
    emergency = policy.emergency.number or "911"
    lines = policy.emergency.crisis_lines
    secure = secure_channel_name(policy)
    if channel == "sms":
        parts = [
            _("%(practice)s: our communications policy changes on %(date)s.")
            % {"practice": practice, "date": when},
            (_("Please read and confirm: %(url)s") % {"url": acknowledge_url})
            if acknowledge_url
            else (_("Read it: %(url)s") % {"url": document_link}),
            (_("Texts are not secure; use %(secure)s for anything private.") % {"secure": secure})
            if secure
            else _("Texts are not secure."),
            (
                _("Emergency: call %(number)s or %(line)s.")
                % {"number": emergency, "line": lines[0].name}
            )
            if lines
            else _("Emergency: call %(number)s.") % {"number": emergency},
        ]
        return NoticeText("", " ".join(parts))
    paragraphs = [
        _("Hello,"),
        _(
            "%(practice)s has updated its communications policy. The new version takes "
            "effect on %(date)s. Until then, the current policy still applies."
        )
        % {"practice": practice, "date": when},
        _("Read the new policy: %(url)s") % {"url": document_link},
    ]
    if acknowledge_url:
        paragraphs.append(
            _("Please confirm that you have read it (the link works once): %(url)s")
            % {"url": acknowledge_url}
        )
    if channel == "email":
        paragraphs.append(
            (
                _(
                    "Email is not secure: please do not send private details by email; "
                    "use %(secure)s instead."
                )
                % {"secure": secure}
            )
            if secure
            else _("Email is not secure: please do not send private details by email.")
        )
    safety = _("If you are in danger or this is an emergency, call %(number)s now.") % {
        "number": emergency
    }
    if lines:
        safety += " " + " ".join(f"{line.name}: {line.contact}." for line in lines)
    paragraphs += [safety, practice]
    return NoticeText(
        _("Our communications policy is changing") if channel != "portal" else "",
        "\n\n".join(paragraphs) + "\n",
    )


def lint_notice(text: NoticeText, policy: Policy, channel: str, client: Client) -> list[str]:
    """Codes of the privacy problems in a notice (empty when it may be sent)."""
    allowed = [policy.practice.name, policy.clinician.name, *(c.name for c in policy.coverage)]
    secure = secure_channel_name(policy)
    problems = lint(
        f"{text.subject}\n{text.body}",
        client_names=[client.name],
        channel="sms" if channel == "sms" else ("email" if channel == "email" else "portal"),
        emergency_number=policy.emergency.number,
        crisis_line_names=[line.name for line in policy.emergency.crisis_lines],
        secure_channel_name=secure,
        allowed_phrases=allowed,
    )
    return [p.code for p in problems]


def _headers(policy: Policy, channel: str) -> dict[str, str]:
    if channel != "email":
        return {}
    email = policy.channel("email")
    headers = {"Auto-Submitted": "auto-generated"}  # RFC 3834: nobody typed this
    if email is not None and email.address:
        headers["From"] = email.address
    return headers


def notice_policies(version: PolicyVersion, now: datetime) -> list[Policy]:
    """The new version and the one in force: a notice may go over a channel either offers."""
    from between.policies.lifecycle import in_force  # lifecycle imports this module

    current = in_force(version.practice, now, version.clinician)
    policy = parsed_policy(version.text)
    return [policy] + ([parsed_policy(current.text)] if current is not None else [])


@dataclass(frozen=True)
class Recipient:
    client: Client
    channel: str


@dataclass(frozen=True)
class Left:
    """A client who gets no notice, and why, in words the owner can act on."""

    client: Client
    reason: str


CHANNEL_WORDS = {"email": "by email", "sms": "by text", "portal": "in the portal"}


@dataclass(frozen=True)
class NoticePlan:
    """Who would be told about a version, over which channel, and who would not.

    The confirmation page shows it and the publication sends exactly it: both come from
    ``plan_notices``, the same choice ``send_change_notices`` makes.
    """

    recipients: list[Recipient]
    left_out: list[Left]

    @property
    def count(self) -> int:
        return len(self.recipients)

    def by_channel(self) -> list[tuple[str, int]]:
        """(channel, clients) with the most used first: [("email", 9), ("sms", 3)]."""
        counts: dict[str, int] = {}
        for r in self.recipients:
            counts[r.channel] = counts.get(r.channel, 0) + 1
        return sorted(counts.items(), key=lambda item: (-item[1], NOTICE_CHANNELS.index(item[0])))

    def languages(self) -> list[tuple[str, int]]:
        """(language code, clients), the language most clients read first."""
        counts: dict[str, int] = {}
        for r in self.recipients:
            counts[r.client.language] = counts.get(r.client.language, 0) + 1
        return sorted(counts.items(), key=lambda item: (-item[1], item[0]))

    def summary(self) -> str:
        """ "This will message 12 clients: 9 by email, 3 by text"."""
        if not self.recipients:
            return "This will message no clients."
        parts = ", ".join(f"{n} {CHANNEL_WORDS.get(c, c)}" for c, n in self.by_channel())
        return f"This will message {self.count} client{'' if self.count == 1 else 's'}: {parts}"


def _why_not(client: Client, policies: list[Policy]) -> str:
    offered = [
        name
        for name in NOTICE_CHANNELS
        if any((c := p.channel(name)) is not None and c.enabled for p in policies)
    ]
    agreed = [ch for ch in offered if client.consent_state(ch) == ConsentState.GRANTED]
    if not agreed:
        ways = " or ".join(CHANNEL_WORDS.get(c, c).removeprefix("by ") for c in offered)
        return f"has not agreed to be contacted ({ways or 'no channel is offered'})"
    ways = " or ".join(CHANNEL_WORDS.get(c, c).removeprefix("by ") for c in agreed)
    return f"agreed to {ways}, but there is no address or number on file for it"


def plan_notices(
    version: PolicyVersion, clients: Iterable[Client], *, now: datetime | None = None
) -> NoticePlan:
    """Who publication would tell, and how; nothing is stored or sent."""
    now = now or timezone.now()
    policies = notice_policies(version, now)
    recipients: list[Recipient] = []
    left: list[Left] = []
    for client in clients:
        if client.status != ClientStatus.ACTIVE:
            label = "discharged" if client.status == ClientStatus.DISCHARGED else "not active"
            left.append(Left(client, f"{label}: only current clients are told"))
            continue
        found = choose_channel(client, policies)
        if found is None:
            left.append(Left(client, _why_not(client, policies)))
        else:
            recipients.append(Recipient(client, found[0]))
    return NoticePlan(recipients, left)


def sample_notices(
    version: PolicyVersion, plan: NoticePlan, effective_at: datetime
) -> list[tuple[str, str, NoticeText]]:
    """(language, channel, text) of every kind of notice the plan sends, most common first.

    Rendered exactly as the clients will get them, except that each client's own
    confirmation link stands where PERSONAL-LINK is.
    """
    policy = parsed_policy(version.text)
    shown = copy.copy(version)
    shown.effective_at = effective_at
    pairs: dict[tuple[str, str], int] = {}
    for r in plan.recipients:
        key = (r.client.language, r.channel)
        pairs[key] = pairs.get(key, 0) + 1
    if not pairs:
        pairs[(settings.LANGUAGE_CODE.split("-")[0], "email")] = 0
    order = sorted(pairs.items(), key=lambda item: -item[1])
    out = []
    for (language, channel), _n in order:
        with translation.override(language):
            text = notice_text(
                policy,
                shown,
                channel,
                acknowledge_url=intake_url("PERSONAL-LINK"),
                document_link=document_url(version) + f"?lang={language}",
            )
        out.append((language, channel, text))
    return out


def send_change_notices(
    version: PolicyVersion, notices: Iterable[PolicyNotice], *, now: datetime | None = None
) -> Summary:
    """Queue one notice per client (sent once the publication commits)."""
    now = now or timezone.now()
    policy = parsed_policy(version.text)
    policies = notice_policies(version, now)
    sent = unreachable = 0
    # A re-acknowledgement link works at least until the new version takes effect.
    expires = max(
        now + timedelta(days=settings.BETWEEN_INTAKE_LINK_DAYS), version.effective_at or now
    )
    for notice in notices:
        client = notice.client
        found = choose_channel(client, policies)
        if found is None:
            notice.could_not_notify = "no channel the client agreed to has an address"
            notice.save(update_fields=["could_not_notify"])
            unreachable += 1
            continue
        channel, address = found
        link = None
        if notice.must_acknowledge:
            _invitation, token = issue(
                client,
                purpose=InvitationPurpose.ACKNOWLEDGE,
                version=version,
                now=now,
                expires_at=expires,
            )
            link = intake_url(token)
        with translation.override(client.language):
            text = notice_text(
                policy,
                version,
                channel,
                acknowledge_url=link,
                document_link=document_url(version) + f"?lang={client.language}",
            )
        codes = lint_notice(text, policy, channel, client)
        if BLOCKING.intersection(codes):
            # Never expected (the text has no client field); refuse rather than leak.
            log.error("policy notice for client %s failed the privacy lint: %s", client.pk, codes)
            notice.could_not_notify = "the notice failed the privacy check"
            notice.save(update_fields=["could_not_notify"])
            unreachable += 1
            continue
        outbound = Outbound.objects.create(
            practice=version.practice,
            client=client,
            channel=channel,
            to=address,
            kind=NOTICE_KIND,
            subject=text.subject,
            body=text.body,
            headers=_headers(policy, channel),
            created_at=now,
        )
        after_commit_deliver(outbound.pk)
        notice.channel = channel
        notice.sent_at = now
        notice.could_not_notify = ""
        notice.save(update_fields=["channel", "sent_at", "could_not_notify"])
        sent += 1
    record(
        "policy.notices_sent",
        obj=version,
        detail={"sent": sent, "could_not_notify": unreachable},
    )
    return Summary(sent, unreachable)
