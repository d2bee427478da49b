"""``between smtpd``: receive mail for the practices' addresses (see channels/email/smtpd)."""

from __future__ import annotations

import asyncio
import contextlib
import signal
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser


class Command(BaseCommand):
    help = "Listen for SMTP on HOST:PORT; 250 only once a message is stored, 451 if not."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default=settings.BETWEEN_SMTP_HOST)
        parser.add_argument("--port", type=int, default=settings.BETWEEN_SMTP_PORT)

    def handle(self, *args: Any, **options: Any) -> None:
        from between.channels.email.ingest import MAX_DEPTH, MAX_PARTS, PARSE_SECONDS
        from between.channels.email.smtpd import serve

        if not 1 <= options["port"] <= 65535:
            raise CommandError("--port must be between 1 and 65535")
        from between.conf.process import ready_for_traffic, refuse_unmigrated

        refuse_unmigrated()
        self.stdout.write(ready_for_traffic())
        self.stdout.write(
            f"Between is receiving mail on {options['host']}:{options['port']} "
            f"(largest message {settings.BETWEEN_SMTP_MAX_BYTES} bytes). Press Ctrl+C to stop."
        )
        self.stdout.write(
            f"A message of more than {MAX_PARTS} parts, nested more than {MAX_DEPTH} deep, "
            f"or taking over {PARSE_SECONDS:g} s to read is stored whole and flagged "
            "too_complex_to_parse."
        )

        async def run() -> None:
            stop = asyncio.Event()
            loop = asyncio.get_running_loop()
            for signum in (signal.SIGINT, signal.SIGTERM):
                with contextlib.suppress(NotImplementedError, RuntimeError):
                    loop.add_signal_handler(signum, stop.set)
            await serve(options["host"], options["port"], stop=stop)

        try:
            asyncio.run(run())
        except OSError as exc:
            raise CommandError(f"cannot listen on {options['host']}:{options['port']}: "
                               f"{exc.strerror}") from None  # fmt: skip
