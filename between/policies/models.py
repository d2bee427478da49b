"""Stored versions of a practice's communications policy.

The YAML text is the source of truth; everything else (the client document, automatic
replies, due times) is derived from it by the core. A version's content hash is what a
client's acknowledgement points at, so an edited text can never pass for an agreed one.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.db import models

from between.practices.models import Membership, Practice


class PolicyStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted for approval"
    APPROVED = "approved", "Approved"
    PUBLISHED = "published", "Published"
    SUPERSEDED = "superseded", "Superseded"


class PolicyVersion(models.Model):
    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="policies")
    clinician = models.ForeignKey(
        Membership,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="policies",
        help_text="Empty for the practice-wide policy",
    )
    number = models.PositiveIntegerField()
    text = models.TextField()
    content_hash = models.CharField(max_length=64, editable=False)
    status = models.CharField(
        max_length=16, choices=PolicyStatus.choices, default=PolicyStatus.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    effective_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["practice", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["practice", "clinician", "number"], name="policy_version_number_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.practice} policy v{self.number} ({self.get_status_display()})"

    def save(self, *args: object, **kwargs: object) -> None:
        self.content_hash = self.hash_text(self.text)
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    @staticmethod
    def hash_text(text: str) -> str:
        return hashlib.sha256(text.encode("utf-8")).hexdigest()


class PolicyNotice(models.Model):
    """A client who must be told about a published version, and whether they have agreed.

    Created when a version is published, and sent at once over the client's preferred
    consented channel (``between.policies.notices``); ``could_not_notify`` says why when
    no channel was usable. The acknowledgement is recorded by the client's signed link.
    """

    version = models.ForeignKey(PolicyVersion, on_delete=models.CASCADE, related_name="notices")
    client = models.ForeignKey(
        "clients.Client", on_delete=models.CASCADE, related_name="policy_notices"
    )
    must_acknowledge = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    channel = models.CharField(
        max_length=16, blank=True, help_text="The channel the notice was sent over"
    )
    could_not_notify = models.CharField(
        max_length=200, blank=True, help_text="Why no notice could be sent, when none was"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["version", "client"], name="one_notice_per_client")
        ]

    def __str__(self) -> str:
        return f"notice of v{self.version.number} for client #{self.client_id}"
