"""Messages and calls: everything a client sends between sessions, and what we sent back.

Client words (subject, body, the raw original, transcripts) are encrypted at rest. What
must be queried in the clear is kept minimal: addresses for identification, a dedupe key
so a redelivered message changes nothing, and the decision's outcome for the queue.
"""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower

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
    digest = models.CharField(
        max_length=64, blank=True, help_text="keyed hash of the text, to fold exact duplicates"
    )
    signals = models.JSONField(default=list, blank=True)
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
    done_by = models.ForeignKey(
        "auth.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # What was done about a crisis, written when it is closed ("called, safe, safety
    # plan reviewed"): clinical words, so encrypted, and never copied into the audit.
    outcome_note = EncryptedTextField(blank=True, default="")
    assigned_to = models.ForeignKey(
        "practices.Membership",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_messages",
    )
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
            ),
            # Every decision reads the sender's recent messages (duplicates, daily
            # limits) by lower-cased address: without this it reads the whole practice.
            models.Index(
                F("practice"), Lower("from_address"), F("received_at"), name="message_sender_recent"
            ),
        ]

    def __str__(self) -> str:
        # Never the subject or body: this string turns up in logs and admin history.
        return f"{self.get_channel_display()} message #{self.pk}"


class SavedReply(models.Model):
    """A reply the practice writes often ("Thursday at 4 works, see you then"), to insert
    into the composer. The practice's own words, not a client's, so kept in the clear."""

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="saved_replies")
    title = models.CharField(max_length=80)
    body = models.TextField(max_length=2000)
    created_by = models.ForeignKey(
        "auth.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["title", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["practice", "title"], name="saved_reply_title_unique_in_practice"
            )
        ]

    def __str__(self) -> str:
        return self.title


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
    flags = models.JSONField(default=list, blank=True)
    policy_version = models.ForeignKey(
        "policies.PolicyVersion", on_delete=models.PROTECT, null=True, blank=True
    )
    # When staff marked the call returned: the callbacks report compares it with
    # callback_due, as the turnaround report does with a message's done_at.
    done_at = models.DateTimeField(null=True, blank=True)
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


class OutboundStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RETRYING = "retrying", "Retrying"
    SENDING = "sending", "Sending"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed"


class Outbound(models.Model):
    """Something we send: an automatic reply, a typed reply, a notice.

    The body is encrypted like every client-facing text; ``to`` stays readable because
    the history of what was sent to whom drives the once-per-day and once-per-absence
    limits.
    """

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="outbound")
    client = models.ForeignKey(
        Client, on_delete=models.SET_NULL, null=True, blank=True, related_name="outbound"
    )
    in_reply_to = models.ForeignKey(
        Message, on_delete=models.CASCADE, null=True, blank=True, related_name="outbound"
    )
    call = models.ForeignKey(
        Call, on_delete=models.CASCADE, null=True, blank=True, related_name="outbound"
    )
    channel = models.CharField(max_length=16)
    to = models.CharField(max_length=320)
    kind = models.CharField(max_length=32, help_text="the automatic reply's kind, or 'typed'")
    subject = EncryptedTextField(blank=True, default="")
    body = EncryptedTextField()
    headers = models.JSONField(default=dict, blank=True)
    safety_exception = models.BooleanField(default=False)
    absence_start = models.DateField(null=True, blank=True)
    status = models.CharField(
        max_length=16, choices=OutboundStatus.choices, default=OutboundStatus.QUEUED
    )
    provider_id = models.CharField(max_length=128, blank=True)
    claimed_by = models.CharField(
        max_length=64, blank=True, help_text="the worker handing it to the provider now"
    )
    claimed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        "auth.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        # Every decision reads what was sent to the sender lately, by lower-cased address.
        indexes = [
            models.Index(F("practice"), Lower("to"), F("created_at"), name="outbound_to_recent")
        ]

    def __str__(self) -> str:
        return f"{self.kind} by {self.channel} #{self.pk}"


class AttemptOutcome(models.TextChoices):
    SENT = "sent", "Sent"
    TEMPORARY = "temporary", "Temporary failure, will retry"
    PERMANENT = "permanent", "Permanent failure"


class DeliveryAttempt(models.Model):
    """One try at sending. ``detail`` is the transport's error, never the content."""

    outbound = models.ForeignKey(Outbound, on_delete=models.CASCADE, related_name="attempts")
    number = models.PositiveIntegerField()
    at = models.DateTimeField()
    outcome = models.CharField(max_length=16, choices=AttemptOutcome.choices)
    detail = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["outbound", "number"]

    def __str__(self) -> str:
        return f"attempt {self.number}: {self.outcome}"


class PageStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    SENDING = "sending", "Sending"
    SENT = "sent", "Sent"
    ACKNOWLEDGED = "acknowledged", "Acknowledged"
    ESCALATED = "escalated", "Escalated"
    FAILED = "failed", "Failed"


class Page(models.Model):
    """A person told about a crisis. Carries who and how to reach them, no client words."""

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="pages")
    message = models.ForeignKey(
        Message, on_delete=models.CASCADE, null=True, blank=True, related_name="pages"
    )
    call = models.ForeignKey(
        Call, on_delete=models.CASCADE, null=True, blank=True, related_name="pages"
    )
    audience = models.CharField(max_length=16)
    step = models.PositiveSmallIntegerField(
        default=0, help_text="0 for the first person paged, then one more per escalation"
    )
    name = models.CharField(max_length=200)
    phone = models.CharField(max_length=32, blank=True)
    email = models.CharField(max_length=320, blank=True)
    status = models.CharField(max_length=16, choices=PageStatus.choices, default=PageStatus.QUEUED)
    claimed_by = models.CharField(
        max_length=64, blank=True, help_text="the worker handing it to the provider now"
    )
    claimed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"page #{self.pk} to {self.audience}"


class Endpoint(models.Model):
    """An address or number of ours: which practice a message to it belongs to."""

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="endpoints")
    kind = models.CharField(max_length=8, choices=[("email", "Email"), ("phone", "Phone")])
    address = models.CharField(max_length=320, unique=True)

    def __str__(self) -> str:
        return self.address


class WorkerBeat(models.Model):
    """A task worker's sign of life: /health/ reads it, and live workers take over the
    tasks of one that stopped beating."""

    worker_id = models.CharField(max_length=64, unique=True)
    backend = models.CharField(max_length=16)
    host = models.CharField(max_length=255)
    pid = models.PositiveIntegerField()
    started_at = models.DateTimeField()
    beat_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return self.worker_id
