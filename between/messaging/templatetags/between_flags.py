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

CRISIS_CATEGORIES = {
    "suicidal_ideation": "suicidal thoughts",
    "self_harm": "self-harm",
    "plan_means": "plan or means",
    "goodbye": "goodbye message",
    "harm_to_others": "harm to others",
    "abuse_danger": "abuse or danger",
    "medical_emergency": "medical emergency",
    "distress": "distress",
    "model": "crisis model",
}


@register.filter
def crisis_categories(signals: list[str]) -> list[str]:
    """What kind of crisis language was found, in staff words, each once."""
    return [CRISIS_CATEGORIES[s] for s in dict.fromkeys(signals) if s in CRISIS_CATEGORIES]


@register.filter
def flag_label(flag: str) -> str:
    return FLAG_LABELS.get(flag, flag.replace("_", " "))


@register.filter
def highlight_signals(body: str) -> str:
    """The message with the crisis rules' matches marked, escaped everywhere else.

    The rules are run again on the decrypted text here rather than storing matched
    words anywhere: spans of client words never leave the encrypted body.
    """
    from django.utils.html import escape
    from django.utils.safestring import mark_safe

    from between.core.triage import screen_rules

    spans = sorted(
        {(s.start, s.end) for s in screen_rules(body).signals if 0 <= s.start < s.end <= len(body)}
    )
    out: list[str] = []
    cursor = 0
    for start, end in spans:
        if start < cursor:
            continue
        out.append(escape(body[cursor:start]))
        out.append(f"<mark>{escape(body[start:end])}</mark>")
        cursor = end
    out.append(escape(body[cursor:]))
    return mark_safe("".join(out))  # noqa: S308 - every piece above is escaped


@register.filter
def shown_flags(flags: list[str]) -> list[str]:
    """Flags worth a badge: "crisis" has its own, louder one."""
    return [f for f in flags if f != "crisis"]
