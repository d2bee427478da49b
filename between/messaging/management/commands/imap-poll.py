"""``between imap-poll``: read new mail from BETWEEN_IMAP_URL (see channels/email/imap)."""

from __future__ import annotations

import signal
import threading
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import InterfaceError, OperationalError


class Command(BaseCommand):
    help = "Store new mail from the mailbox in BETWEEN_IMAP_URL, marking each once stored."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="one pass, then exit")
        parser.add_argument(
            "--practice",
            metavar="SLUG",
            help="file everything in this mailbox under this practice "
            "(default: by the practices' addresses in To, Cc and Delivered-To)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        from imapclient.exceptions import IMAPClientError  # type: ignore[import-untyped]

        from between.channels.email.imap import MailboxURLError, from_settings
        from between.conf.process import refuse_unmigrated
        from between.practices.models import Practice

        refuse_unmigrated()
        practice = None
        if options["practice"]:
            practice = Practice.objects.filter(slug=options["practice"]).first()
            if practice is None:
                raise CommandError(f"no practice with the slug {options['practice']!r}")
        try:
            poller = from_settings(practice)
        except MailboxURLError as exc:
            raise CommandError(str(exc)) from None
        box = poller.mailbox
        where = f"{box.host}:{box.port}/{box.folder}"
        if options["once"]:
            try:
                client = poller.connect()
            except (IMAPClientError, OSError) as exc:
                raise CommandError(f"cannot read {where}: {type(exc).__name__}") from None
            try:
                done = poller.poll_once(client)
            except (OperationalError, InterfaceError):
                raise CommandError("the database is unavailable; nothing was marked") from None
            finally:
                poller.close(client)
            self.stdout.write(
                f"{done.stored} stored, {done.duplicates} already stored, "
                f"{done.unrouted} for no practice, {done.unreadable} unreadable"
            )
            return
        stop = threading.Event()
        for signum in (signal.SIGINT, signal.SIGTERM):
            signal.signal(signum, lambda *_: stop.set())
        self.stdout.write(f"Between is reading {where}. Press Ctrl+C to stop.")
        poller.run(stop)
