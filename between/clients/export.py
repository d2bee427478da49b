"""A client's whole record, for a request to see or take their data.

Everything Between holds about one client goes into one JSON document, and the same
facts into a PDF a person can read. Encrypted fields are read through the ORM, so the
export holds the words, not the ciphertext: it is as sensitive as the record itself,
which is why only owners and the client's own clinician may make one, and why every
export is audited.
"""

from __future__ import annotations

import base64
import zoneinfo
from datetime import date, datetime
from typing import Any

from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone

from between.audit.models import AuditEvent
from between.clients.models import Client
from between.messaging.models import Call, Message, Outbound, Page

FORMAT = "between.client-record/1"


class Stamp:
    """Times in the practice's own zone, as ISO 8601 with the offset."""

    def __init__(self, zone: str) -> None:
        self.zone = zoneinfo.ZoneInfo(zone)

    def __call__(self, value: datetime | date | None) -> str | None:
        if value is None:
            return None
        if isinstance(value, datetime):
            return value.astimezone(self.zone).isoformat(timespec="seconds")
        return value.isoformat()


def _who(user: Any) -> str | None:
    if user is None:
        return None
    member = getattr(user, "membership", None)
    return member.display_name if member is not None else user.username


def related_rows(client: Client) -> dict[str, Any]:
    """The rows outside the clients app that belong to this client's record.

    Messages, calls and what was sent keep pointing at nothing when a client row goes
    (their foreign key is SET_NULL), so they are found here explicitly, for the export
    and for retention alike.
    """
    messages = Message.objects.filter(client=client)
    calls = Call.objects.filter(client=client)
    outbound = Outbound.objects.filter(
        Q(client=client) | Q(in_reply_to__client=client) | Q(call__client=client)
    ).distinct()
    pages = Page.objects.filter(Q(message__client=client) | Q(call__client=client)).distinct()
    return {"messages": messages, "calls": calls, "outbound": outbound, "pages": pages}


def audit_about(client: Client) -> Any:
    """Events about the client or any of their messages, calls, sends and pages."""
    rows = related_rows(client)
    about = Q(object_type="clients.client", object_id=str(client.pk))
    for object_type, key in (
        ("messaging.message", "messages"),
        ("messaging.call", "calls"),
        ("messaging.outbound", "outbound"),
        ("messaging.page", "pages"),
    ):
        ids = [str(pk) for pk in rows[key].values_list("pk", flat=True)]
        if ids:
            about |= Q(object_type=object_type, object_id__in=ids)
    return AuditEvent.objects.filter(about, practice=client.practice_id).order_by("at", "id")


def client_record(client: Client, *, now: datetime | None = None) -> dict[str, Any]:
    """Everything about one client, as plain JSON-ready values."""
    at = Stamp(client.practice.timezone)
    rows = related_rows(client)
    return {
        "format": FORMAT,
        "exported_at": at(now or timezone.now()),
        "practice": {"name": client.practice.name, "timezone": client.practice.timezone},
        "client": {
            "id": client.pk,
            "name": client.name,
            "status": client.status,
            "discharged_on": at(client.discharged_on),
            "clinician": client.clinician.display_name if client.clinician else None,
            "preferred_channel": client.preferred_channel or None,
            "language": client.language,
            "notes": client.notes,
            "created_at": at(client.created_at),
        },
        "contact_points": [
            {"kind": c.kind, "value": c.value} for c in client.contacts.order_by("kind", "id")
        ],
        "consents": [
            {
                "channel": c.channel,
                "state": c.state,
                "recorded_at": at(c.recorded_at),
                "method": c.method,
                "policy_version": c.policy_version.number if c.policy_version else None,
                "recorded_by": _who(c.recorded_by),
                "note": c.note,
            }
            for c in client.consents.select_related("policy_version", "recorded_by").order_by(
                "recorded_at", "id"
            )
        ],
        "accommodations": [
            {
                "kind": a.kind,
                "detail": a.detail,
                "reason": a.reason,
                "active": a.active,
                "created_at": at(a.created_at),
                "created_by": _who(a.created_by),
            }
            for a in client.accommodations.select_related("created_by").order_by("created_at")
        ],
        "acknowledgements": [
            {
                "policy_version": a.policy_version.number,
                "content_hash": a.content_hash,
                "purpose": a.purpose,
                "signed_name": a.signed_name,
                "choices": a.choices,
                "at": at(a.at),
                "ip_address": a.ip_address,
                "receipt_sha256": a.receipt_sha256 or None,
                "receipt_pdf_base64": (
                    base64.b64encode(bytes(a.receipt_pdf)).decode("ascii")
                    if a.receipt_pdf
                    else None
                ),
            }
            for a in client.acknowledgements.select_related("policy_version").order_by("at")
        ],
        "invitations": [
            {
                "purpose": i.purpose,
                "created_at": at(i.created_at),
                "expires_at": at(i.expires_at),
                "used_at": at(i.used_at),
            }
            for i in client.invitations.order_by("created_at")
        ],
        "policy_notices": [
            {
                "policy_version": n.version.number,
                "must_acknowledge": n.must_acknowledge,
                "sent_at": at(n.sent_at),
                "channel": n.channel or None,
                "acknowledged_at": at(n.acknowledged_at),
                "could_not_notify": n.could_not_notify or None,
            }
            for n in client.policy_notices.select_related("version").order_by("created_at")
        ],
        "messages": [
            {
                "id": m.pk,
                "direction": m.direction,
                "channel": m.channel,
                "from": m.from_address,
                "to": m.to_addresses,
                "subject": m.subject,
                "body": m.body,
                "received_at": at(m.received_at),
                "category": m.category,
                "crisis": m.crisis,
                "due_at": at(m.due_at),
                "status": m.status,
                "done_at": at(m.done_at),
                "signals": m.signals,
                "flags": m.flags,
                "reasons": m.reasons,
                "malformed": m.malformed,
                "policy_version": m.policy_version.number if m.policy_version else None,
                "in_reply_to": m.in_reply_to_id,
                "original_base64": (
                    base64.b64encode(bytes(m.raw)).decode("ascii") if m.raw else None
                ),
            }
            for m in rows["messages"].select_related("policy_version").order_by("received_at")
        ],
        "sent": [
            {
                "id": o.pk,
                "kind": o.kind,
                "channel": o.channel,
                "to": o.to,
                "subject": o.subject,
                "body": o.body,
                "in_reply_to_message": o.in_reply_to_id,
                "about_call": o.call_id,
                "status": o.status,
                "created_at": at(o.created_at),
                "sent_at": at(o.sent_at),
                "written_by": _who(o.created_by),
                "safety_exception": o.safety_exception,
                "attempts": [
                    {"number": d.number, "at": at(d.at), "outcome": d.outcome}
                    for d in o.attempts.all()
                ],
            }
            for o in rows["outbound"]
            .select_related("created_by")
            .prefetch_related("attempts")
            .order_by("created_at", "id")
        ],
        "calls": [
            {
                "id": c.pk,
                "caller": c.caller,
                "called": c.called,
                "at": at(c.at),
                "voicemail": c.voicemail,
                "duration_seconds": c.duration_seconds,
                "transcript": c.transcript,
                "category": c.category,
                "crisis": c.crisis,
                "callback_due": at(c.callback_due),
                "callback_window": c.callback_window,
                "status": c.status,
                "reasons": c.reasons,
                "flags": c.flags,
                "policy_version": c.policy_version.number if c.policy_version else None,
            }
            for c in rows["calls"].select_related("policy_version").order_by("at")
        ],
        "pages": [
            {
                "id": p.pk,
                "message": p.message_id,
                "call": p.call_id,
                "audience": p.audience,
                "step": p.step,
                "paged": p.name,
                "status": p.status,
                "created_at": at(p.created_at),
                "sent_at": at(p.sent_at),
                "acknowledged_at": at(p.acknowledged_at),
                "acknowledged_by": p.acknowledged_by or None,
            }
            for p in rows["pages"].order_by("created_at", "id")
        ],
        "audit_events": [
            {
                "at": at(e.at),
                "actor": e.actor_label,
                "action": e.action,
                "object_type": e.object_type,
                "object_id": e.object_id,
                "detail": e.detail,
            }
            for e in audit_about(client)
        ],
    }


def _is_time_key(key: str) -> bool:
    return key == "at" or key.endswith("_at") or key == "callback_due"


def readable(value: Any, key: str = "") -> Any:
    """The record with its timestamps as people read them, for the PDF.

    Only fields Between stamps itself are rewritten (by their name), never the client's
    words, even one that happens to look like a date.
    """
    if isinstance(value, dict):
        return {k: readable(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [readable(v, key) for v in value]
    if isinstance(value, str) and _is_time_key(key):
        try:
            at = datetime.fromisoformat(value)
        except ValueError:
            return value
        return f"{at:%a} {at.day} {at:%b %Y, %H:%M}"
    return value


def record_pdf(record: dict[str, Any]) -> bytes:
    """The same record laid out for reading and printing."""
    # WeasyPrint is large: loaded when the first PDF is made, not by every process.
    from between.documents.pdf import html_to_pdf

    html = render_to_string("clients/record_export.html", {"record": readable(record)})
    return html_to_pdf(html)


def export_filename(client: Client, extension: str, today: date) -> str:
    """The client's number only: the file may sit in a shared downloads folder."""
    return f"client-{client.pk}-record-{today:%Y-%m-%d}.{extension}"
