"""One client's conversation: every message, reply, call, page and consent change, in order.

What each role sees follows the rules of the pages it is drawn from. Everyone who may
open the client sees that something happened, when and how. The front desk does not see
clinical words (bodies of messages that are not scheduling, transcripts, consent notes,
crisis outcomes) nor anything about a crisis, which is itself clinical (as in the inbox
and callbacks).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import Q
from django.urls import reverse

from between.clients.models import Client, Consent
from between.messaging.access import body_visible
from between.messaging.models import Call, Direction, Message, Outbound, Page
from between.messaging.templatetags.between_flags import flag_label
from between.practices.models import Membership

CHANNEL_LABELS = {
    "email": "Email",
    "sms": "Text",
    "portal": "Portal",
    "voice": "Phone",
    "phone": "Phone",
}
HOW = {"email": "by email", "sms": "by text", "portal": "in the portal", "voice": "by voicemail"}
# What the practice sent that answers no message, named for what it is.
SENT_TITLES = {
    "intake_link": "Intake link sent",
    "policy_notice": "Policy change notice sent",
    "sms_keyword": "Automatic answer to a text keyword",
}
LIMIT = 300  # the newest items; a longer history is on the message pages and the export


@dataclass
class Item:
    at: datetime
    kind: str  # inbound, typed, automatic, call, voicemail, page, consent, closed
    channel: str  # in words
    title: str
    body: str | None = None  # None: not shown to this person
    hidden: str = ""  # why the words are not shown
    subject: str = ""
    crisis: bool = False
    link: str = ""
    status: str = ""
    notes: list[str] = field(default_factory=list)

    @property
    def ours(self) -> bool:
        """Written by the practice (shown on the other side of the thread)."""
        return self.kind in ("typed", "automatic")


def _clinical(member: Membership) -> bool:
    return member.sees_clinical_content


def _messages(member: Membership, client: Client) -> tuple[list[Item], set[int]]:
    items: list[Item] = []
    shown: set[int] = set()
    messages = Message.objects.filter(client=client).select_related("done_by")
    for m in messages:
        if m.crisis and not _clinical(member):
            continue
        readable = body_visible(member, m)
        shown.add(m.pk)
        who = "Client" if m.direction == Direction.INBOUND else "Practice"
        item = Item(
            at=m.received_at,
            kind="inbound" if m.direction == Direction.INBOUND else "typed",
            channel=CHANNEL_LABELS.get(m.channel, m.channel),
            title=f"{who} wrote {HOW.get(m.channel, 'by ' + m.channel)}",
            body=m.body if readable else None,
            hidden="" if readable else "For the clinical team: not shown to the front desk.",
            subject=m.subject if readable else "",
            crisis=m.crisis,
            link=reverse("message", args=[m.pk]) if readable else "",
            status=m.get_status_display(),
        )
        if readable:
            # A crisis already wears its badge; its category would say it twice.
            category = [] if m.crisis else [m.get_category_display()]
            item.notes = category + [flag_label(f) for f in m.flags if f != "crisis"]
        items.append(item)
        if m.status == "done" and m.done_at:
            by = m.done_by.username if m.done_by else "staff"
            closed = Item(
                at=m.done_at,
                kind="closed",
                channel=CHANNEL_LABELS.get(m.channel, m.channel),
                title=f"{'Crisis closed' if m.crisis else 'Marked done'} by {by}",
                crisis=m.crisis,
                link=item.link,
            )
            if m.crisis:
                closed.body = m.outcome_note or "(no outcome recorded)"
                closed.subject = "Outcome"
            items.append(closed)
    return items, shown


def _outbound(member: Membership, client: Client, shown: set[int]) -> list[Item]:
    items = []
    rows = Outbound.objects.filter(client=client).select_related(
        "in_reply_to", "call", "created_by"
    )
    for o in rows:
        about = o.in_reply_to
        crisis = (
            o.kind == "crisis"
            or o.safety_exception
            or (about is not None and about.crisis)
            or (o.call is not None and o.call.crisis)
        )
        if crisis and not _clinical(member):
            continue
        readable = about is None or body_visible(member, about)
        typed = o.kind == "typed"
        by = o.created_by.username if typed and o.created_by else "staff"
        if typed:
            title = f"Reply typed by {by}"
        else:
            title = SENT_TITLES.get(o.kind) or f"Automatic {flag_label(o.kind)} reply"
        items.append(
            Item(
                at=o.created_at,
                kind="typed" if typed else "automatic",
                channel=CHANNEL_LABELS.get(o.channel, o.channel),
                title=title,
                body=o.body if readable else None,
                hidden="" if readable else "A reply about a clinical message: not shown.",
                subject=o.subject if readable else "",
                crisis=crisis,
                link=reverse("message", args=[about.pk])
                if about and about.pk in shown and readable
                else "",
                status=o.get_status_display(),
            )
        )
    return items


def _calls(member: Membership, client: Client) -> list[Item]:
    items = []
    for c in Call.objects.filter(client=client):
        if c.crisis and not _clinical(member):
            continue
        words = c.transcript if _clinical(member) else None
        items.append(
            Item(
                at=c.at,
                kind="voicemail" if c.voicemail else "call",
                channel="Phone",
                title="Voicemail left" if c.voicemail else "Called, no voicemail",
                body=(words or None) if c.voicemail else None,
                hidden=(
                    "Transcript for the clinical team: not shown to the front desk."
                    if c.voicemail and not _clinical(member) and c.transcript
                    else ""
                ),
                crisis=c.crisis,
                status=c.get_status_display(),
            )
        )
    return items


def _pages(member: Membership, client: Client) -> list[Item]:
    if not _clinical(member):
        return []
    items = []
    pages = list(Page.objects.filter(Q(message__client=client) | Q(call__client=client)))
    pages.sort(key=lambda p: (p.created_at, p.step, p.pk))
    for p in pages:
        about = reverse("message", args=[p.message_id]) if p.message_id else ""
        items.append(
            Item(
                at=p.created_at,
                kind="page",
                channel="Page",
                title=f"Crisis page sent to {p.name} (step {p.step + 1})",
                crisis=True,
                link=about,
                status=p.get_status_display(),
            )
        )
        if p.acknowledged_at:
            items.append(
                Item(
                    at=p.acknowledged_at,
                    kind="page",
                    channel="Page",
                    title=f"Page acknowledged by {p.acknowledged_by or p.name}",
                    crisis=True,
                    link=about,
                )
            )
        elif p.status == "escalated":
            after = next(
                (q for q in pages if q.step > p.step and q.created_at >= p.created_at), None
            )
            items.append(
                Item(
                    at=after.created_at if after else (p.sent_at or p.created_at),
                    kind="page",
                    channel="Page",
                    title=f"No answer from {p.name}: escalated to the next person",
                    crisis=True,
                    link=about,
                )
            )
    return items


def _consents(member: Membership, client: Client) -> list[Item]:
    """One item per decision; several channels agreed at once (at intake) make one item."""
    groups: list[list[Consent]] = []
    for c in client.consents.order_by("recorded_at", "id"):
        last = groups[-1][0] if groups else None
        together = (
            last is not None
            and (last.method, last.recorded_by_id) == (c.method, c.recorded_by_id)
            and c.recorded_at - last.recorded_at < timedelta(minutes=1)
            and c.channel not in {g.channel for g in groups[-1]}
        )
        if together:
            groups[-1].append(c)
        else:
            groups.append([c])
    items = []
    for rows in groups:
        first = rows[0]
        if len(rows) == 1:
            title = f"{first.get_channel_display()}: consent {first.get_state_display().lower()}"
        else:
            title = "Consent: " + ", ".join(
                f"{c.get_channel_display().lower()} {c.get_state_display().lower()}" for c in rows
            )
        notes = list(dict.fromkeys(c.note for c in rows if c.note))  # one note per decision
        items.append(
            Item(
                at=first.recorded_at,
                kind="consent",
                channel="Consent"
                if len(rows) > 1
                else CHANNEL_LABELS.get(first.channel, first.channel),
                title=title,
                body="\n".join(notes) if notes and _clinical(member) else None,
                status=first.get_method_display(),
            )
        )
    return items


def timeline(member: Membership, client: Client) -> tuple[list[Item], bool]:
    """The items oldest first (the newest next to the composer), and whether older ones
    were left out."""
    messages, shown = _messages(member, client)
    items = [
        *messages,
        *_outbound(member, client, shown),
        *_calls(member, client),
        *_pages(member, client),
        *_consents(member, client),
    ]
    items.sort(key=lambda i: i.at)
    return items[-LIMIT:], len(items) > LIMIT
