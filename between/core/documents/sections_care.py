"""The care sections: emergency, time away, privacy, social media, resources, changes.

Every string passes through ``_``; see ``policy_document.py`` for the rules they follow.
"""

from __future__ import annotations

from between.core.documents.model import (
    Block,
    Bullets,
    Inline,
    Line,
    Paragraph,
    Section,
    compose,
    para,
)
from between.core.documents.sections_reach import emergency_call, enabled_channels
from between.core.documents.words import (
    capitalized,
    channel_in_sentence,
    email_link,
    join_or,
    phone_link,
    sentence,
    web_link,
)
from between.core.i18n import Translate, full_date
from between.core.policy.schema import Policy

# -- safety, absences -----------------------------------------------------------------------


def emergency_section(policy: Policy, _: Translate) -> Section:
    emergency = policy.emergency
    blocks: list[Block] = [para(emergency_call(policy, _))]
    if emergency.contact_via:
        live = [
            channel_in_sentence(n, c, _)
            for n in emergency.contact_via
            if (c := policy.channel(n)) is not None
        ]
        blocks.append(
            para(
                _("You may also use {ways}: a person answers right away.").format(
                    ways=join_or(live, _)
                )
            )
        )
    phone = policy.channel("phone")
    blocks.append(
        para(
            _(
                "Please do not wait for a reply to a message or a voicemail. They are not "
                "watched around the clock."
            )
            if phone is not None and phone.enabled
            else _(
                "Please do not wait for a reply to a message. Messages are not watched "
                "around the clock."
            )
        )
    )
    if emergency.crisis_lines:
        blocks.append(para(_("You can also reach these crisis lines:")))
        blocks.append(
            Bullets(
                tuple(
                    (_("{name}: {contact}").format(name=line.name, contact=sentence(line.contact)),)
                    for line in emergency.crisis_lines
                )
            )
        )
    after = emergency.after_hours
    if after is not None and after.phone:
        blocks.append(
            Paragraph(
                compose(
                    _("After hours, for anything urgent, call {phone} ({name})."),
                    name=after.name,
                    phone=phone_link(after.phone),
                )
            )
        )
    elif emergency.on_call is not None:
        blocks.append(para(_("A clinician from the practice is on call after hours.")))
    return Section("emergency", _("In an emergency"), tuple(blocks), urgent=True)


def away_section(policy: Policy, _: Translate) -> Section | None:
    if not policy.coverage and not policy.absences:
        return None
    blocks: list[Block] = [
        para(
            _(
                "When I am away, an automatic reply tells you when I will be back, who is "
                "covering for me, and where to get help."
            )
        ),
        para(_("My reply time starts again on the day I am back.")),
    ]
    if policy.coverage:
        blocks.append(para(_("These colleagues cover for me:")))
        lines: list[Line] = []
        for contact in policy.coverage:
            how: list[Inline] = []
            if contact.phone:
                how.append(phone_link(contact.phone))
            if contact.email:
                how.append(email_link(contact.email))
            line: list[Inline] = [contact.name]
            for i, item in enumerate(how):
                line.append(": " if i == 0 else ", ")
                line.append(item)
            lines.append(tuple(line))
        blocks.append(Bullets(tuple(lines)))
    if policy.absences:
        blocks.append(para(_("My planned time away:")))
        lines = []
        for absence in sorted(policy.absences, key=lambda a: a.start):
            when = _("{first_day} to {last_day}").format(
                first_day=full_date(absence.start, _), last_day=full_date(absence.end, _)
            )
            if absence.covering:
                when = _("{dates} ({name} covers)").format(dates=when, name=absence.covering)
            lines.append((capitalized(when),))
        blocks.append(Bullets(tuple(lines)))
    return Section("away", _("When I am away"), tuple(blocks))


def privacy_section(policy: Policy, _: Translate) -> Section:
    insecure = {
        n for n, c in enabled_channels(policy) if n in ("email", "sms") and c.secure is not True
    }
    blocks: list[Block] = []
    if insecure:
        if insecure == {"email", "sms"}:
            lead = _("Email and text messages are not secure.")
        elif insecure == {"email"}:
            lead = _("Email is not secure.")
        else:
            lead = _("Text messages are not secure.")
        blocks.append(
            para(
                lead,
                " ",
                _(
                    "Other people may see them, for example on a shared phone or computer. "
                    "Please do not use them for private details, such as how you are "
                    "feeling, your health, or what we talk about in sessions."
                ),
            )
        )
    secure = [channel_in_sentence(n, c, _) for n, c in enabled_channels(policy) if c.secure is True]
    if secure:
        blocks.append(
            para(
                capitalized(
                    _("{ways} is secure: use it for anything private.").format(
                        ways=join_or(secure, _)
                    )
                )
            )
        )
    blocks.append(
        para(
            _(
                "Automatic replies are kept general on purpose. They never use your name or "
                "repeat what you wrote, in case someone else sees them."
            )
        )
    )
    return Section("privacy", _("Privacy"), tuple(blocks))


def social_section(policy: Policy, _: Translate) -> Section | None:
    social = policy.social_media
    if social is None:
        return None
    requests = (
        _("Friend, follow and connection requests from clients: I accept them.")
        if social.accept_connection_requests
        else _("Friend, follow and connection requests from clients: I do not accept them.")
    )
    messages = (
        _("Messages sent through social media: I may answer them.")
        if social.answer_messages
        else _("Messages sent through social media: I do not answer them.")
    )
    return Section(
        "social",
        _("Social media and our relationship"),
        (
            para(sentence(social.statement)),
            Bullets(((requests,), (messages,))),
            para(
                _(
                    "Our relationship is a professional one. If you invite me to an event, "
                    "or ask to meet outside our sessions, we can talk about it together in "
                    "session."
                )
            ),
        ),
    )


def resources_section(policy: Policy, _: Translate) -> Section | None:
    if not policy.resources:
        return None
    lines: list[Line] = []
    for resource in policy.resources:
        if resource.url:
            lines.append((resource.name, ": ", web_link(resource.url)))
        elif resource.contact:
            lines.append((resource.name, ": ", resource.contact))
        else:
            lines.append((resource.name,))
    return Section(
        "resources",
        _("Other support"),
        (para(_("You may find these helpful between sessions:")), Bullets(tuple(lines))),
    )


def changes_section(policy: Policy, _: Translate) -> Section:
    days = policy.notice_days
    if days == 0:
        lead = _("If this policy changes, I will send you the new version before it takes effect.")
    else:
        lead = (
            _(
                "If this policy changes, I will send you the new version at least 1 day "
                "before it takes effect."
            )
            if days == 1
            else _(
                "If this policy changes, I will send you the new version at least {days} days "
                "before it takes effect."
            ).format(days=days)
        )
    blocks: list[Block] = [
        para(lead),
        para(
            _(
                "It will come the way you chose to be contacted, and I will ask you to read "
                "and accept it again. Until then, this version applies."
            )
        ),
    ]
    if policy.approval_required:
        blocks.append(para(_("A supervisor reviews and approves each version before you get it.")))
    return Section("changes", _("Changes to this policy"), tuple(blocks))
