"""Shared helpers for the intake tests."""

from __future__ import annotations

import io

from between.clients.links import issue
from between.clients.models import Consent

FORM_CHOICES = {
    "consent_portal": "granted",
    "consent_email": "granted",
    "consent_sms": "declined",
    "consent_phone": "granted",
    "preferred": "email",
    "agree": "on",
    "signed_name": "Test Client",
}


def pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)


def intake_path(client, **kwargs) -> str:
    from django.urls import reverse

    _invitation, token = issue(client, **kwargs)
    return reverse("intake", args=[token])


def consents_of(client) -> dict[str, str]:
    latest: dict[str, str] = {}
    for consent in Consent.objects.filter(client=client).order_by("recorded_at", "id"):
        latest[consent.channel] = consent.state
    return latest
