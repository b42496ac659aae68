"""`make backup`: the whole database to a file (README, "Backups")."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from tvetkb import backups


class Command(BaseCommand):
    help = "Back up the whole database (pg_dump, or SQLite's backup API) to a file."

    def add_arguments(self, parser):
        parser.add_argument(
            "--file",
            help="Where to write it (default: backups/tvetkb-DATE-TIME.dump).",
        )

    def handle(self, *args, file=None, **options):
        path = file or "backups/tvetkb-{}.dump".format(
            timezone.now().strftime("%Y%m%d-%H%M%S")
        )
        try:
            backups.backup(path)
        except backups.UnsupportedDatabase as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(f"Backed up to {path}"))
