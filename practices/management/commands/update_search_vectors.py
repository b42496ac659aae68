"""Index every practice anew for search: its weighted vector on PostgreSQL, its
full-text row on SQLite, and its words in the "did you mean" vocabulary.

Saves keep the index current; this is for content loaded without it, such as
`loaddata` of a dump, which saves raw and sends no signal."""

from django.core.management.base import BaseCommand

from practices.models import Practice


class Command(BaseCommand):
    help = "Index every practice anew for full-text search."

    def handle(self, *args, **options):
        updated = Practice.objects.all().update_search_vectors()
        self.stdout.write(f"{updated} practices indexed for search.")
