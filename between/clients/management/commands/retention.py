"""``between retention [--apply]``: former clients' records past the practice's retention.

Without ``--apply`` it only lists what is due, by client number and counts (no names,
no content: the output may end up in a cron mail or a log). With ``--apply`` it deletes
those records and prints what went. Running it twice deletes nothing the second time.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from between.clients import retention
from between.practices.models import Practice


class Command(BaseCommand):
    help = "List (or with --apply, delete) former clients' records past retention."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--apply", action="store_true", help="delete what is due")
        parser.add_argument("--practice", metavar="SLUG", help="only this practice")

    def handle(self, *args: Any, **options: Any) -> None:
        practices = Practice.objects.order_by("slug")
        if options["practice"]:
            practices = practices.filter(slug=options["practice"])
            if not practices.exists():
                raise CommandError(f"no practice {options['practice']!r}")
        for found in retention.review_all(practices=practices):
            self._report(found, apply=options["apply"])

    def _report(self, found: retention.Review, *, apply: bool) -> None:
        practice = found.practice
        self.stdout.write(
            f"{practice.slug}: retention {practice.retention_days} days, today "
            f"{found.today}: {len(found.due)} due, {len(found.kept)} kept"
        )
        for candidate in found.due:
            if apply:
                deleted = retention.delete_client(candidate)
                what = (
                    f"deleted {retention.describe(deleted)}" if deleted else "changed since, kept"
                )
            else:
                what = f"due: {retention.describe(candidate.counts)}"
            self.stdout.write(
                f"  client #{candidate.client_id} (discharged {candidate.discharged_on}, "
                f"kept until {candidate.kept_until}): {what}"
            )
        for candidate in found.kept:
            self.stdout.write(
                f"  client #{candidate.client_id}: kept because of {candidate.blocked}"
            )
        if found.undated:
            self.stdout.write(
                f"  {found.undated} discharged client(s) without a discharge date are never "
                "deleted automatically; set the date on the client's page"
            )
        if found.due and not apply:
            self.stdout.write("  run with --apply to delete what is due")
