"""Flags and signals in the words staff read."""

from __future__ import annotations

from django import template

register = template.Library()

FLAG_LABELS = {
    "after_hours": "after hours",
    "during_absence": "during absence",
    "boundary": "boundary",
    "social_request": "social request",
    "meet_outside": "invitation outside therapy",
    "gift": "gift",
    "personal_question": "personal question",
    "follow_up_burst": "several messages in a day",
    "malformed": "malformed",
    "no_consent": "no consent for this channel",
    "channel_not_offered": "channel not offered",
    "channel_not_for_need": "channel not for this need",
    "no_auto_reply": "no automatic reply",
    "reply_blocked_by_privacy_lint": "reply withheld by privacy check",
    "safety_exception": "safety exception",
    "duplicate_folded": "duplicate folded",
    "crisis": "crisis",
    "no_policy_in_force": "no policy in force",
    "sms_keyword": "text keyword",
}


@register.filter
def flag_label(flag: str) -> str:
    return FLAG_LABELS.get(flag, flag.replace("_", " "))
