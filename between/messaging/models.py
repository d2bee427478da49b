"""Messages and calls: everything a client sends between sessions, and what we sent back.

Client words (subject, body, the raw original, transcripts) are encrypted at rest. What
must be queried in the clear is kept minimal: addresses for identification, a dedupe key
so a redelivered message changes nothing, and the decision's outcome for the queue.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from between.clients.models import Client
from between.crypto.fields import EncryptedBinaryField, EncryptedTextField
from between.practices.models import Practice


class MessageChannel(models.TextChoices):
    EMAIL = "email", "Email"
    SMS = "sms", "Text"
    VOICE = "voice", "Voicemail"
    PORTAL = "portal", "Portal"


class Direction(models.TextChoices):
    INBOUND = "inbound", "Received"
    OUTBOUND = "outbound", "Sent"


class Category(models.TextChoices):
    CRISIS = "crisis", "Crisis"
    ADMIN = "admin", "Scheduling and admin"
    CLINICAL = "clinical", "Clinical"
    BOUNDARY = "boundary", "Boundary"
    OTHER = "other", "Other"


class MessageStatus(models.TextChoices):
    OPEN = "open", "Open"
    DONE = "done", "Done"


class Message(models.Model):
    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="messages")
    client = models.ForeignKey(
        Client, on_delete=models.SET_NULL, null=True, blank=True, related_name="messages"
    )
    channel = models.CharField(max_length=16, choices=MessageChannel.choices)
    direction = models.CharField(
        max_length=16, choices=Direction.choices, default=Direction.INBOUND
    )
    from_address = models.CharField(max_length=320, blank=True)
    to_addresses = models.JSONField(default=list, blank=True)
    subject = EncryptedTextField(blank=True, default="")
    body = EncryptedTextField(blank=True, default="")
    raw = EncryptedBinaryField(null=True, blank=True)
    received_at = models.DateTimeField()
    category = models.CharField(max_length=16, choices=Category.choices, default=Category.OTHER)
    crisis = models.BooleanField(default=False)
    due_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(
        max_length=16, choices=MessageStatus.choices, default=MessageStatus.OPEN
    )
    dedupe_key = models.CharField(max_length=128)
    flags = models.JSONField(default=list, blank=True)
    reasons = models.JSONField(default=list, blank=True)
    malformed = models.BooleanField(default=False)
    policy_version = models.ForeignKey(
        "policies.PolicyVersion", on_delete=models.PROTECT, null=True, blank=True
    )
    in_reply_to = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="replies"
    )
    done_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-crisis", "due_at", "received_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["practice", "dedupe_key"], name="message_dedupe_unique_in_practice"
            )
        ]
        indexes = [
            models.Index(
                fields=["practice", "status", "crisis", "due_at"],
                name="message_queue",
                condition=Q(direction="inbound"),
            )
        ]

    def __str__(self) -> str:
        # Never the subject or body: this string turns up in logs and admin history.
        return f"{self.get_channel_display()} message #{self.pk}"


class CallStatus(models.TextChoices):
    OPEN = "open", "To call back"
    DONE = "done", "Done"
    NO_CALLBACK = "no_callback", "No callback owed"


class Call(models.Model):
    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="calls")
    client = models.ForeignKey(
        Client, on_delete=models.SET_NULL, null=True, blank=True, related_name="calls"
    )
    caller = models.CharField(max_length=32, help_text="E.164, or empty when withheld")
    called = models.CharField(max_length=32, blank=True)
    at = models.DateTimeField()
    call_id = models.CharField(max_length=128, help_text="The provider's id, for redelivery")
    voicemail = models.BooleanField(default=False)
    duration_seconds = models.PositiveIntegerField(null=True, blank=True)
    recording_ref = EncryptedTextField(blank=True, default="")
    transcript = EncryptedTextField(blank=True, default="")
    category = models.CharField(max_length=16, choices=Category.choices, default=Category.OTHER)
    crisis = models.BooleanField(default=False)
    callback_due = models.DateTimeField(null=True, blank=True)
    callback_window = models.CharField(max_length=64, blank=True)
    status = models.CharField(max_length=16, choices=CallStatus.choices, default=CallStatus.OPEN)
    reasons = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-crisis", "callback_due", "at"]
        constraints = [
            models.UniqueConstraint(
                fields=["practice", "call_id"], name="call_id_unique_in_practice"
            )
        ]

    def __str__(self) -> str:
        return f"Call #{self.pk}"
