"""Signed portal links: a client writes to their clinician without an account.

The link carries the client's id and a per-client key, signed with the secret key and
timestamped. It expires after BETWEEN_PORTAL_LINK_DAYS, and issuing a new key revokes
every earlier link. The URL holds no name or other client data, only the signature.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core import signing

from between.clients.models import Client

SALT = "between.portal.link"


def issue(client: Client) -> str:
    """A fresh token for the client; earlier links stop working."""
    client.portal_key = secrets.token_hex(8)
    client.save(update_fields=["portal_key"])
    return signing.dumps({"c": client.pk, "k": client.portal_key}, salt=SALT, compress=True)


def resolve(token: str) -> Client | None:
    """The client a valid, unexpired, unrevoked token belongs to; otherwise None."""
    try:
        data = signing.loads(token, salt=SALT, max_age=settings.BETWEEN_PORTAL_LINK_DAYS * 86400)
    except signing.BadSignature:  # SignatureExpired is a BadSignature too
        return None
    if not isinstance(data, dict) or not isinstance(data.get("c"), int):
        return None
    client = Client.objects.filter(pk=data["c"]).select_related("practice").first()
    if client is None or not client.portal_key or client.portal_key != data.get("k"):
        return None
    if client.status != "active":
        return None
    return client
