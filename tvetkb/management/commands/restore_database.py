"""`make restore FILE=...`: replace the whole database with a backup."""

from django.core.management.base import BaseCommand, CommandError

from tvetkb import backups
from tvetkb.page_cache import content_changed


class Command(BaseCommand):
    help = "Replace the whole database with a backup made by backup_database."

    def add_arguments(self, parser):
        parser.add_argument("file", help="The backup to restore.")
        parser.add_argument(
            "--no-input",
            action="store_false",
            dest="interactive",
            help="Do not ask for confirmation.",
        )

    def handle(self, *args, file, interactive=True, **options):
        if interactive:
            answer = input(
                f"This replaces everything in the database with {file}. "
                "Type 'yes' to go on: "
            )
            if answer.strip().lower() != "yes":
                raise CommandError("Nothing restored.")
        try:
            backups.restore(file)
        except FileNotFoundError as error:
            raise CommandError(f"No such backup: {error}") from error
        except backups.UnsupportedDatabase as error:
            raise CommandError(str(error)) from error
        # Pages stored before the restore describe another database.
        content_changed()
        self.stdout.write(self.style.SUCCESS(f"Restored {file}"))
