"""`between policy render FILE --format F --out PATH [--language en|es]`.

pdf, html, md, txt: the client's Communications Policy. voicemail: the greeting as plain
text, or as TwiML when PATH ends in .xml. replies: every automatic message the policy
can send (email and text versions), with its SMS segments and privacy-lint verdict.

Exit codes as for the other policy commands: 0 written, 1 the policy has errors (listed
one per line on stderr, as `check` lists them), 2 bad arguments (a PDF to standard
output, a folder that does not exist, a file that cannot be written).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TextIO, cast

from between.core.documents import Format, Preview, render_document, render_replies_preview
from between.core.pipeline.voice_greeting import greeting_text
from between.core.policy import Policy, PolicyError, load_policy_file
from between.documents.i18n import translator
from between.policies.cli import EXIT_INVALID, EXIT_OK, EXIT_USAGE

KIND_TITLES = {
    "crisis": "Crisis reply",
    "acknowledgement": "Acknowledgement (office hours)",
    "after_hours": "Acknowledgement (after hours)",
    "out_of_office": "Out of office",
    "redirect": "Redirect to the right channel",
    "unknown_sender": "Reply to an unknown sender",
}


def render(options: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    fmt: str = options.format
    out: str = options.out
    if out == "-" and fmt == "pdf":
        stderr.write("error: a PDF cannot go to standard output; give --out FILE.pdf\n")
        return EXIT_USAGE
    target = None if out == "-" else Path(out)
    if target is not None and not target.parent.is_dir():
        stderr.write(f"error: --out {out}: the folder {target.parent} does not exist\n")
        return EXIT_USAGE
    try:
        result = load_policy_file(options.file)
    except PolicyError as exc:
        for problem in exc.problems:
            stderr.write(problem.format() + "\n")
        count = len(exc.errors)
        stderr.write(f"{options.file}: {count} error{'' if count == 1 else 's'}\n")
        return EXIT_INVALID
    policy = result.policy
    language: str = options.language
    _ = translator(language)

    content: str | bytes
    if fmt == "pdf":
        from between.documents.pdf import html_to_pdf

        content = html_to_pdf(render_document(policy, "html", translate=_, language=language))
    elif fmt in ("html", "md", "txt"):
        content = render_document(policy, cast(Format, fmt), translate=_, language=language)
    elif fmt == "voicemail":
        if target is not None and target.suffix.lower() == ".xml":
            from between.channels.voice.twiml import greeting_twiml

            content = greeting_twiml(policy, translate=_, language=language) + "\n"
        else:
            content = greeting_text(policy, _) + "\n"
    else:
        previews = render_replies_preview(policy, _)
        for preview in previews:
            for finding in preview.problems:
                stderr.write(f"warning: {preview.kind} ({preview.channel}): {finding}\n")
        content = replies_text(policy, previews, options.file, language)

    if target is None:
        assert isinstance(content, str)
        stdout.write(content)
        return EXIT_OK
    try:
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8")
    except OSError as exc:
        stderr.write(f"error: --out {out}: {exc.strerror or exc}\n")
        return EXIT_USAGE
    return EXIT_OK


def replies_text(policy: Policy, previews: list[Preview], path: str, language: str) -> str:
    """Every preview as readable text, for the therapist to check before clients see them."""
    head = f"Automatic messages of {policy.practice.name} ({path}), language {language}"
    lines = [
        head,
        "=" * len(head),
        "",
        "Each message exactly as a client would get it. Dates and times are examples:",
        "a message arriving on Monday 1 March 2027, or during the first absence in the policy.",
    ]
    for number, preview in enumerate(previews, start=1):
        channel = "text message" if preview.channel == "sms" else preview.channel
        title = f"{number}. {KIND_TITLES.get(preview.kind, preview.kind)}, by {channel}"
        lines += ["", "", title, "-" * len(title), f"When: {preview.situation}"]
        if preview.channel == "sms":
            lines.append(f"Length: {preview.segments} SMS segment{'s' * (preview.segments != 1)}")
        else:
            lines.append(f"Subject: {preview.subject}")
        verdict = "; ".join(preview.problems) if preview.problems else "ok"
        lines += [f"Privacy lint: {verdict}", "", preview.body]
    return "\n".join(lines) + "\n"
