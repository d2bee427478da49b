"""Signed links for clients without an account: intake, re-acknowledgement, documents.

An intake link is ``<invitation id>.<secret>.<signature>``: the signature (an HMAC with
the secret key) rejects a tampered or made-up link before the database is asked, and
only a hash of the secret is stored, so a copied database yields no working link. Each
link works once and expires after BETWEEN_INTAKE_LINK_DAYS (the date is stored with the
invitation, so changing the setting never revives an old link).

The links are short on purpose: a policy-change notice sent by text must carry one and
still fit in two SMS segments. They hold no name or other client data.
"""

from __future__ import annotations

import base64
import enum
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac

from between.clients.models import (
    Client,
    ClientStatus,
    IntakeInvitation,
    InvitationPurpose,
)
from between.policies.models import PolicyVersion

INTAKE_SALT = "between.clients.intake-link"
DOCUMENT_SALT = "between.clients.policy-document"


class LinkState(enum.StrEnum):
    ok = "ok"
    invalid = "invalid"  # tampered, made up, or for a client who is no longer active
    used = "used"
    expired = "expired"


@dataclass(frozen=True)
class Resolved:
    state: LinkState
    invitation: IntakeInvitation | None = None


def _mac(salt: str, payload: str) -> str:
    digest = salted_hmac(salt, payload, algorithm="sha256").digest()[:16]
    return base64.urlsafe_b64encode(digest).decode("ascii").rstrip("=")


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode("ascii")).hexdigest()


def issue(
    client: Client,
    *,
    by: Any = None,
    purpose: str = InvitationPurpose.INTAKE,
    version: PolicyVersion | None = None,
    now: datetime | None = None,
    expires_at: datetime | None = None,
) -> tuple[IntakeInvitation, str]:
    """A new invitation and its token (shown once; only its hash is kept)."""
    now = now or timezone.now()
    secret = secrets.token_urlsafe(12)
    invitation = IntakeInvitation.objects.create(
        client=client,
        purpose=purpose,
        token_hash=_hash(secret),
        policy_version=version,
        created_by=by if getattr(by, "pk", None) else None,
        created_at=now,
        expires_at=expires_at or now + timedelta(days=settings.BETWEEN_INTAKE_LINK_DAYS),
    )
    payload = f"{invitation.pk}.{secret}"
    return invitation, f"{payload}.{_mac(INTAKE_SALT, payload)}"


def resolve(token: str, now: datetime | None = None) -> Resolved:
    """What a token is worth. Never raises on a malformed token."""
    parts = token.split(".")
    if len(parts) != 3 or not parts[0].isdigit():
        return Resolved(LinkState.invalid)
    payload = f"{parts[0]}.{parts[1]}"
    if not hmac.compare_digest(_mac(INTAKE_SALT, payload), parts[2]):
        return Resolved(LinkState.invalid)
    invitation = (
        IntakeInvitation.objects.filter(pk=int(parts[0]))
        .select_related("client__practice", "client__clinician", "policy_version")
        .first()
    )
    if invitation is None or not hmac.compare_digest(invitation.token_hash, _hash(parts[1])):
        return Resolved(LinkState.invalid)
    if invitation.client.status != ClientStatus.ACTIVE:
        return Resolved(LinkState.invalid)
    if invitation.used_at is not None:
        return Resolved(LinkState.used, invitation)
    if invitation.expires_at <= (now or timezone.now()):
        return Resolved(LinkState.expired, invitation)
    return Resolved(LinkState.ok, invitation)


def absolute(path: str) -> str:
    """A link as people outside use it (BETWEEN_BASE_URL)."""
    return f"{settings.BETWEEN_BASE_URL}{path}"


def intake_url(token: str) -> str:
    return absolute(reverse("intake", args=[token]))


def document_token(version: PolicyVersion) -> str:
    """A link to one published version's document; signed so ids cannot be walked."""
    return f"{version.pk}.{_mac(DOCUMENT_SALT, str(version.pk))}"


def document_version(token: str) -> PolicyVersion | None:
    number, _, mac = token.partition(".")
    if not number.isdigit() or not hmac.compare_digest(_mac(DOCUMENT_SALT, number), mac):
        return None
    return (
        PolicyVersion.objects.filter(pk=int(number), published_at__isnull=False)
        .select_related("practice")
        .first()
    )


def document_url(version: PolicyVersion) -> str:
    return absolute(reverse("policy-document", args=[document_token(version)]))
