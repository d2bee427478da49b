"""The client's Communications Policy, written from the policy file and nothing else (R5).

Each section is written only when the policy has something to say in it, so a client
never reads a placeholder or a promise the file does not make. The call-return
sentences are the voicemail greeting's own (``voice_greeting``), so the document and
the greeting cannot disagree. Plain, warm, second person, short sentences: the
example policies measure near grade 8 (see ``readability.py`` and its test).
"""

from __future__ import annotations

from datetime import date

from between.core.documents.model import Block, Document, Paragraph, para
from between.core.documents.sections_care import (
    away_section,
    changes_section,
    emergency_section,
    privacy_section,
    resources_section,
    social_section,
)
from between.core.documents.sections_reach import (
    calls_section,
    contact_section,
    emergency_call,
    office_hours_section,
    replies_section,
    which_section,
)
from between.core.i18n import Translate, full_date, identity
from between.core.policy.schema import Policy


def build_document(
    policy: Policy,
    _: Translate = identity,
    *,
    language: str = "en",
    effective: date | None = None,
) -> Document:
    """The whole document as values; ``render_document`` lays it out."""
    sections = [
        contact_section(policy, _),
        which_section(policy, _),
        replies_section(policy, _),
        calls_section(policy, _),
        office_hours_section(policy, _),
        emergency_section(policy, _),
        away_section(policy, _),
        privacy_section(policy, _),
        social_section(policy, _),
        resources_section(policy, _),
        changes_section(policy, _),
    ]
    clinician, practice = policy.clinician.name, policy.practice.name
    byline = practice if clinician == practice else f"{clinician} · {practice}"
    intro: list[Block] = []
    if effective is not None:
        intro.append(para(_("In effect from {date}.").format(date=full_date(effective, _))))
    intro.append(
        para(
            _(
                "This policy explains how to reach me between sessions, how soon I reply, "
                "and what to do in an emergency. Please read it, and ask me about anything "
                "that is not clear."
            )
        )
    )
    intro.append(Paragraph((emergency_call(policy, _),), strong=True))
    return Document(
        title=_("Communications Policy"),
        byline=byline,
        intro=tuple(intro),
        sections=tuple(s for s in sections if s is not None),
        language=language,
    )
