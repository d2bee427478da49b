"""The short message that carries an intake link to a client, in the client's language.

It says who writes, what the link is for, until when it works, and where to turn in an
emergency: no client name, nothing clinical (the privacy lint checks it before it is
queued). Over email and text it reminds that these channels are not secure.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from django.utils import formats, translation
from django.utils.translation import gettext as _

from between.core.policy import Policy

KIND = "intake_link"  # Outbound.kind


@dataclass(frozen=True)
class IntakeText:
    subject: str
    body: str


def intake_text(
    policy: Policy, channel: str, url: str, expires_at: datetime, language: str
) -> IntakeText:
    with translation.override(language):
        practice = policy.practice.name
        until = formats.date_format(expires_at.astimezone(ZoneInfo(policy.timezone)), "DATE_FORMAT")
        emergency = policy.emergency.number or "911"
        if channel == "sms":
            return IntakeText(
                "",
                " ".join(
                    [
                        _(
                            "%(practice)s: please read how we keep in touch between "
                            "sessions and choose how we may contact you: %(url)s"
                        )
                        % {"practice": practice, "url": url},
                        _("The link works once, until %(date)s.") % {"date": until},
                        _("Emergency: call %(number)s.") % {"number": emergency},
                    ]
                ),
            )
        paragraphs = [
            _("Hello,"),
            _(
                "%(practice)s invites you to read how we keep in touch between sessions, "
                "and to tell us how we may contact you."
            )
            % {"practice": practice},
            _("Open this link to read and sign (it works once, until %(date)s):") % {"date": until}
            + f"\n{url}",
            _("Email is not secure: please do not send private details by email."),
            _("If you are in danger or this is an emergency, call %(number)s now.")
            % {"number": emergency},
            practice,
        ]
        return IntakeText(
            _("Your communications agreement with %(practice)s") % {"practice": practice},
            "\n\n".join(paragraphs) + "\n",
        )
