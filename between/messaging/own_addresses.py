"""The numbers and addresses Between itself receives on: never a person to page.

A page sent to the practice's own texting number goes From that number To itself and
reaches nobody (it happened: an owner's "mobile for pages" was the policy's SMS number).
The staff form refuses such a number, and a page aimed at one goes by the person's
other way, or to the next person in the chain, with the reason on record.
"""

from __future__ import annotations

from django.conf import settings

from between.messaging.models import Endpoint


def is_own(address: str) -> bool:
    """Whether any practice on this installation receives messages at ``address``."""
    value = address.strip()
    if not value:
        return False
    if settings.BETWEEN_SMS_FROM and value == settings.BETWEEN_SMS_FROM:
        return True
    return Endpoint.objects.filter(address__iexact=value).exists()
