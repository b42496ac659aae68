"""Recompute every practice's stored full-text vector (PostgreSQL).

Saves keep the vectors current; this is for content loaded without them, such
as `loaddata` of a dump, which saves raw and sends no signal to compute them."""

from django.core.management.base import BaseCommand
from django.db import connection

from practices.models import Practice


class Command(BaseCommand):
    help = "Recompute every practice's full-text search vector (PostgreSQL)."

    def handle(self, *args, **options):
        if connection.vendor != "postgresql":
            self.stdout.write("Nothing to do: stored vectors exist on PostgreSQL only.")
            return
        updated = Practice.objects.all().update_search_vectors()
        self.stdout.write(f"{updated} search vectors computed.")
