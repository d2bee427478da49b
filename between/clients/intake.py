"""Intake and re-acknowledgement: what a client is shown, and recording what they agreed.

A client agrees to one exact policy text. What they were shown is rendered from the
version's text by the core (``between.core.documents``); what they chose is stored as
append-only consent records (method ``intake``) and one ``ClientAcknowledgement`` that
carries the content hash, the typed name, the time, the address and browser, and the
PDF receipt both sides keep.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from between.clients.models import (
    Client,
    ClientAcknowledgement,
    Consent,
    ConsentMethod,
    IntakeInvitation,
    InvitationPurpose,
)
from between.core.documents import render_document
from between.core.policy import Policy
from between.core.policy.schema import Need
from between.documents.i18n import translator
from between.policies.lifecycle import in_force
from between.policies.models import PolicyNotice, PolicyVersion
from between.policies.store import parsed_policy

# Channels a client can consent to, in the order the form asks (the secure one first).
CONSENT_CHANNELS = ("portal", "email", "sms", "phone")

CHANNEL_LABELS = {
    "portal": gettext_lazy("Secure portal"),
    "email": gettext_lazy("Email"),
    "sms": gettext_lazy("Text messages"),
    "phone": gettext_lazy("Phone calls and voicemail"),
}

# The plain risk of each channel that is not private (R3, R20), said before consent.
RISKS = {
    "email": gettext_lazy(
        "Email is not secure. It may be seen by other people who share your computer, "
        "phone or email account, and it passes through services neither of us controls. "
        "Please do not write anything private by email."
    ),
    "sms": gettext_lazy(
        "Text messages are not secure. They can show on your lock screen and may be seen "
        "by anyone who shares or picks up your phone, and your phone company keeps them."
    ),
    "phone": gettext_lazy(
        "Voicemail is not private: it may be heard by other people who share your phone "
        "or voicemail box."
    ),
}


class LinkAlreadyUsed(Exception):
    """Someone completed the same link a moment earlier: nothing more is recorded."""


@dataclass(frozen=True)
class ChannelOffer:
    """One channel the policy offers, as the client is asked about it."""

    name: str
    label: str
    contact: str
    uses: str
    risk: str
    secure: bool


@dataclass(frozen=True)
class Answers:
    signed_name: str
    preferred: str = ""
    consents: dict[str, str] = field(default_factory=dict)


def _uses(needs: list[Need]) -> str:
    if Need.admin in needs and Need.clinical in needs:
        return _("scheduling, check-ins and homework")
    if Need.clinical in needs:
        return _("check-ins and homework")
    if Need.admin in needs:
        return _("scheduling only")
    return ""


def offered_channels(policy: Policy) -> list[ChannelOffer]:
    """The channels the policy uses that a client can agree to, with their risks."""
    offers = []
    for name in CONSENT_CHANNELS:
        channel = policy.channel(name)
        if channel is None or not channel.enabled:
            continue
        # Email and texts are never private, whatever the policy calls them.
        secure = name == "portal" or (channel.secure is True and name not in ("email", "sms"))
        offers.append(
            ChannelOffer(
                name=name,
                label=str(channel.name or CHANNEL_LABELS[name]),
                contact=channel.address or channel.number or channel.username or "",
                uses=_uses(channel.needs),
                risk="" if secure else str(RISKS.get(name, "")),
                secure=secure,
            )
        )
    return offers


def version_to_agree(invitation: IntakeInvitation, now: datetime | None = None) -> PolicyVersion:
    """The version this link asks the client to agree to.

    A re-acknowledgement is for the version it was made for. An intake is for the version
    in force when the client opens it, so nobody agrees to a text already replaced.
    """
    client = invitation.client
    if invitation.purpose == InvitationPurpose.INTAKE:
        current = in_force(client.practice, now or timezone.now(), client.clinician)
        if current is not None:
            return current
    if invitation.policy_version is None:
        raise LookupError("no policy version to agree to")
    return invitation.policy_version


def document_html(version: PolicyVersion, language: str) -> str:
    """The client-facing policy document, in the client's language."""
    policy = parsed_policy(version.text)
    effective = (
        version.effective_at.astimezone(ZoneInfo(policy.timezone)).date()
        if version.effective_at
        else None
    )
    return render_document(
        policy, "html", translate=translator(language), language=language, effective=effective
    )


_BODY_OPEN = re.compile(r"<body[^>]*>", re.IGNORECASE)


def receipt_html(
    client: Client,
    version: PolicyVersion,
    answers: Answers,
    *,
    at: datetime,
    ip: str | None,
    user_agent: str,
    purpose: str,
) -> str:
    """The receipt: what was chosen and signed, then the document itself."""
    language = client.language
    document = document_html(version, language)
    policy = parsed_policy(version.text)
    labels = {o.name: o for o in offered_channels(policy)}
    # The template's date filter shows the active zone's time: the practice's, named
    # beside it, whoever's request (a client has no practice zone of their own) renders it.
    with translation.override(language), timezone.override(ZoneInfo(client.practice.timezone)):
        section = render_to_string(
            "clients/receipt.html",
            {
                "practice": client.practice,
                "version": version,
                "answers": answers,
                "preferred": labels[answers.preferred].label if answers.preferred else "",
                "consents": [
                    (labels[c].label if c in labels else c, state, labels.get(c))
                    for c, state in answers.consents.items()
                ],
                "at": at.astimezone(ZoneInfo(client.practice.timezone)),
                "timezone": client.practice.timezone,
                "ip": ip,
                "user_agent": user_agent,
                "intake": purpose == InvitationPurpose.INTAKE,
            },
        )
    found = _BODY_OPEN.search(document)
    if found is None:
        with translation.override(language):
            title = _("Receipt")
        return (
            f'<!doctype html><html lang="{language}"><head><meta charset="utf-8">'
            f"<title>{title}</title></head><body>{section}{document}</body></html>"
        )
    return document[: found.end()] + section + document[found.end() :]


def receipt_pdf(html: str) -> bytes:
    # WeasyPrint is large: loaded when the first PDF is made, not by every process.
    from between.documents.pdf import html_to_pdf

    return html_to_pdf(html)


def complete(
    invitation: IntakeInvitation,
    version: PolicyVersion,
    answers: Answers,
    *,
    ip: str | None,
    user_agent: str,
    now: datetime | None = None,
) -> ClientAcknowledgement:
    """Record the client's choices and signature, once. Raises LinkAlreadyUsed."""
    now = now or timezone.now()
    client = invitation.client
    user_agent = user_agent[:300]
    # The receipt is rendered before the transaction: it is the slow part, and a
    # database write lock must not wait on WeasyPrint.
    pdf = receipt_pdf(
        receipt_html(
            client,
            version,
            answers,
            at=now,
            ip=ip,
            user_agent=user_agent,
            purpose=invitation.purpose,
        )
    )
    with transaction.atomic():
        locked = IntakeInvitation.objects.select_for_update().get(pk=invitation.pk)
        if locked.used_at is not None:
            raise LinkAlreadyUsed
        for channel, state in answers.consents.items():
            Consent.objects.create(
                client=client,
                channel=channel,
                state=state,
                recorded_at=now,
                method=ConsentMethod.INTAKE,
                policy_version=version,
            )
        if answers.preferred:
            client.preferred_channel = answers.preferred
            client.save(update_fields=["preferred_channel"])
        locked.used_at = now
        locked.policy_version = version
        locked.save(update_fields=["used_at", "policy_version"])
        acknowledgement = ClientAcknowledgement.objects.create(
            client=client,
            policy_version=version,
            content_hash=version.content_hash,
            purpose=locked.purpose,
            invitation=locked,
            signed_name=answers.signed_name,
            choices={"preferred": answers.preferred, "consents": dict(answers.consents)},
            at=now,
            ip_address=ip,
            user_agent=user_agent,
            receipt_pdf=pdf,
            receipt_sha256=hashlib.sha256(pdf).hexdigest(),
        )
        PolicyNotice.objects.filter(
            client=client, version=version, acknowledged_at__isnull=True
        ).update(acknowledged_at=now)
    return acknowledgement


def receipt_filename(acknowledgement: ClientAcknowledgement) -> str:
    """No name in it: the file may sit in a shared downloads folder."""
    version = acknowledgement.policy_version
    return f"policy-v{version.number}-receipt-{acknowledgement.at:%Y-%m-%d}.pdf"
