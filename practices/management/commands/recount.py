"""Count the published practices per facet value anew (PublishedCount), from
the practices themselves.

Changes keep the counts true as they are made; this is for content changed
without them, such as `loaddata` of a dump or SQL run by hand."""

from django.core.management.base import BaseCommand

from practices import published_counts


class Command(BaseCommand):
    help = "Count the published practices per theme, country, region... anew."

    def add_arguments(self, parser):
        parser.add_argument("--database", default=None)

    def handle(self, *args, database=None, **options):
        values = published_counts.recount(using=database)
        self.stdout.write(f"{values} facet values counted.")
