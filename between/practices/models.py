"""The tenant (a practice), who works there and in what role, and when they are away."""

from __future__ import annotations

import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q


def validate_timezone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(f"{value!r} is not a known time zone")


class Setting(models.TextChoices):
    PRIVATE_PRACTICE = "private_practice", "Private practice"
    GROUP_PRACTICE = "group_practice", "Group practice"
    CLINIC = "clinic", "Clinic"
    HOSPITAL = "hospital", "Hospital"
    AGENCY = "agency", "Agency"


class Practice(models.Model):
    name = models.CharField(max_length=200)
    slug = models.SlugField(unique=True)
    timezone = models.CharField(max_length=64, validators=[validate_timezone])
    setting = models.CharField(max_length=32, choices=Setting.choices)
    country = models.CharField(
        max_length=2, default="US", help_text="Region used to read phone numbers written without +"
    )
    retention_days = models.PositiveIntegerField(
        default=7 * 365, help_text="How long a former client's record is kept"
    )
    require_two_factor = models.BooleanField(
        default=False,
        help_text="Every member signs in with a code from an authenticator app as well as "
        "their password",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.name

    @property
    def timezone_words(self) -> str:
        """The zone as people say it ("New York" for America/New_York): pages say
        "times are New York time", not an identifier."""
        return self.timezone.rsplit("/", 1)[-1].replace("_", " ")

    @property
    def retention_period(self) -> str:
        from between.core.reports import format_period

        return format_period(self.retention_days)


class Role(models.TextChoices):
    OWNER = "owner", "Owner"
    CLINICIAN = "clinician", "Clinician"
    SUPERVISOR = "supervisor", "Supervisor"
    FRONT_DESK = "front_desk", "Front desk"


class Membership(models.Model):
    """A user's place in one practice. A user belongs to exactly one practice."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="membership"
    )
    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="members")
    role = models.CharField(max_length=16, choices=Role.choices)
    display_name = models.CharField(max_length=200)
    phone = models.CharField(max_length=20, blank=True, help_text="E.164, for pages")
    email = models.EmailField(blank=True)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["display_name"]

    def __str__(self) -> str:
        return f"{self.display_name} ({self.get_role_display()})"

    @property
    def sees_clinical_content(self) -> bool:
        """Front-desk staff handle scheduling; clinical words are not theirs to read."""
        return self.role != Role.FRONT_DESK

    @property
    def manages_practice(self) -> bool:
        return self.role == Role.OWNER


class Absence(models.Model):
    """A clinician's time away; dates are inclusive local dates of the practice."""

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="absences")
    clinician = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="absences")
    start = models.DateField()
    end = models.DateField()
    covering = models.ForeignKey(
        Membership,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="covering_for",
    )
    note = models.CharField(max_length=200, blank=True)
    import_key = models.CharField(
        max_length=64,
        blank=True,
        editable=False,
        help_text="For an absence read from a calendar file: which event and date it came from",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gte=F("start")), name="absence_ends_after_start"
            ),
            # Importing the same calendar file twice must create nothing new.
            models.UniqueConstraint(
                fields=["clinician", "import_key"],
                condition=~Q(import_key=""),
                name="absence_imported_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.clinician.display_name}: {self.start} to {self.end}"

    @property
    def days(self) -> int:
        """Calendar days away, both ends included."""
        return (self.end - self.start).days + 1

    def clean(self) -> None:
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": "An absence must end on or after its first day."})
