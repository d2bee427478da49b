"""Clients, how to reach them, what they agreed to, and what was adjusted for them."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from between.clients.contact import normalize_email, normalize_phone
from between.crypto.fields import EncryptedBinaryField, EncryptedTextField
from between.practices.models import Membership, Practice


class Channel(models.TextChoices):
    """Ways a practice and a client talk between sessions."""

    EMAIL = "email", "Email"
    SMS = "sms", "Text message"
    PHONE = "phone", "Phone"
    PORTAL = "portal", "Secure portal"


class ClientStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    INACTIVE = "inactive", "Inactive"
    DISCHARGED = "discharged", "Discharged"


class Client(models.Model):
    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="clients")
    name = models.CharField(max_length=200)
    preferred_channel = models.CharField(max_length=16, choices=Channel.choices, blank=True)
    clinician = models.ForeignKey(
        Membership, on_delete=models.SET_NULL, null=True, blank=True, related_name="clients"
    )
    status = models.CharField(
        max_length=16, choices=ClientStatus.choices, default=ClientStatus.ACTIVE
    )
    # The retention clock (Practice.retention_days) starts here, so it is a date of its
    # own rather than inferred from the status: a former client without one is never
    # deleted automatically.
    discharged_on = models.DateField(
        null=True, blank=True, help_text="When the client stopped being a client"
    )
    language = models.CharField(max_length=8, choices=settings.LANGUAGES, default="en")
    notes = EncryptedTextField(blank=True, default="")
    portal_key = models.CharField(
        max_length=32, blank=True, help_text="Changing it revokes every portal link issued"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def consent_state(self, channel: str) -> str | None:
        """The latest recorded consent for a channel, or None when never asked."""
        latest = self.consents.filter(channel=channel).order_by("-recorded_at", "-id").first()
        return latest.state if latest else None


class ContactKind(models.TextChoices):
    EMAIL = "email", "Email address"
    PHONE = "phone", "Phone number"


class ContactPoint(models.Model):
    """An address or number that identifies a client when a message arrives."""

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="+")
    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="contacts")
    kind = models.CharField(max_length=8, choices=ContactKind.choices)
    value = models.CharField(max_length=254)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["practice", "kind", "value"], name="contact_point_unique_in_practice"
            )
        ]

    def __str__(self) -> str:
        return self.value

    def save(self, *args: object, **kwargs: object) -> None:
        self.practice_id = self.client.practice_id
        if self.kind == ContactKind.PHONE:
            self.value = normalize_phone(self.value, self.client.practice.country)
        else:
            self.value = normalize_email(self.value)
        super().save(*args, **kwargs)  # type: ignore[arg-type]


class ConsentState(models.TextChoices):
    GRANTED = "granted", "Granted"
    DECLINED = "declined", "Declined"
    WITHDRAWN = "withdrawn", "Withdrawn"


class ConsentMethod(models.TextChoices):
    INTAKE = "intake", "Intake form"
    SMS_KEYWORD = "sms_keyword", "Text keyword (STOP/START)"
    STAFF = "staff", "Recorded by staff"
    PORTAL = "portal", "Portal"
    # A spreadsheet cannot prove what a client agreed to: staff vouch for it by importing.
    IMPORT = "import", "Imported from a file by staff"


class Consent(models.Model):
    """One consent decision. Records are only ever added: the newest one is in effect."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="consents")
    channel = models.CharField(max_length=16, choices=Channel.choices)
    state = models.CharField(max_length=16, choices=ConsentState.choices)
    recorded_at = models.DateTimeField()
    method = models.CharField(max_length=16, choices=ConsentMethod.choices)
    policy_version = models.ForeignKey(
        "policies.PolicyVersion", on_delete=models.PROTECT, null=True, blank=True
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    # Why staff recorded a change ("asked in session to stop email"): may hold client
    # words, so it is encrypted and shown only to staff who see clinical content.
    note = EncryptedTextField(blank=True, default="")

    class Meta:
        ordering = ["-recorded_at", "-id"]

    def __str__(self) -> str:
        return f"{self.channel}: {self.state}"


class AccommodationKind(models.TextChoices):
    CALLBACK_WINDOW = "callback_window", "Wider callback window"
    TURNAROUND = "turnaround", "Longer or shorter turnaround"
    ALTERNATE_CHANNEL = "alternate_channel", "Alternate channel"
    OTHER = "other", "Other"


class Accommodation(models.Model):
    """A per-client adjustment (R16), always with the reason it was made."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="accommodations")
    kind = models.CharField(max_length=32, choices=AccommodationKind.choices)
    detail = models.JSONField(default=dict, blank=True)
    reason = EncryptedTextField()
    active = models.BooleanField(default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.get_kind_display()


class InvitationPurpose(models.TextChoices):
    INTAKE = "intake", "Intake and consent"
    ACKNOWLEDGE = "acknowledge", "Acknowledge a new policy version"


class IntakeInvitation(models.Model):
    """A signed, single-use, expiring link that lets a client without an account agree.

    Only a hash of the link's secret is stored, so a copy of the database cannot be
    turned back into working links. ``policy_version`` is the version the client is asked
    to agree to; for intake it is replaced by the one actually shown when a newer
    version came into force before the client opened the link.
    """

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="invitations")
    purpose = models.CharField(
        max_length=16, choices=InvitationPurpose.choices, default=InvitationPurpose.INTAKE
    )
    token_hash = models.CharField(max_length=64, unique=True)
    policy_version = models.ForeignKey(
        "policies.PolicyVersion", on_delete=models.PROTECT, null=True, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    # When staff sent the link from the client page: the message that carried it (its
    # status says whether it went out). Empty for a link staff copied by hand.
    sent_message = models.ForeignKey(
        "messaging.Outbound",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.purpose} link #{self.pk} for client #{self.client_id}"


class ClientAcknowledgement(models.Model):
    """Evidence that a client read and agreed to one exact policy text (R17).

    Append-only. ``content_hash`` is copied from the version at the moment of signing,
    so the record proves which words were agreed to even if a version row were ever
    tampered with. The receipt is the PDF the client downloaded, kept byte for byte.
    """

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="acknowledgements")
    policy_version = models.ForeignKey("policies.PolicyVersion", on_delete=models.PROTECT)
    content_hash = models.CharField(max_length=64)
    purpose = models.CharField(max_length=16, choices=InvitationPurpose.choices)
    invitation = models.OneToOneField(
        IntakeInvitation, on_delete=models.SET_NULL, null=True, blank=True
    )
    signed_name = EncryptedTextField()
    choices = models.JSONField(
        default=dict, blank=True, help_text="preferred channel and consent per channel"
    )
    at = models.DateTimeField()
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)
    receipt_pdf = EncryptedBinaryField(null=True, blank=True)
    receipt_sha256 = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"client #{self.client_id} acknowledged policy #{self.policy_version_id}"
