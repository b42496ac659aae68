"""Load the knowledge base's first content, drawn from the UNESCO-UNEVOC report on
the 2019 Global Forum, from the JSON files in fixtures/.

Safe to run at every start (`make run` does): it loads the fixtures only into an
empty knowledge base. Once there is content, the curators own it: running again
changes nothing, and a practice they deleted, renamed or archived is not
brought back. `--add-missing` adds fixture records whose slug (or code) is
absent, and still never changes an existing record."""

import json
from contextlib import contextmanager
from pathlib import Path

import reversion
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from practices.models import (
    Challenge,
    Country,
    Institution,
    Involvement,
    Practice,
    Source,
    Theme,
)
from tvetkb import page_cache

FIXTURES_DIR = Path(settings.BASE_DIR) / "fixtures"


@contextmanager
def first_version():
    """A revision of its own for each record loaded here: it has a first
    version in its history (and can be recovered if it is ever deleted), and
    restoring it touches nothing else."""
    with reversion.create_revision():
        reversion.set_comment("Loaded from the forum report's fixtures.")
        yield


class Command(BaseCommand):
    help = "Load the report's sources, themes, challenges, institutions and practices."

    def add_arguments(self, parser):
        parser.add_argument(
            "--fixtures",
            type=Path,
            default=FIXTURES_DIR,
            help="Folder holding sources.json, themes.json, challenges.json, "
            "institutions.json and practices.json.",
        )
        parser.add_argument(
            "--add-missing",
            action="store_true",
            help="Also add fixture records missing from a knowledge base that "
            "already has content (existing records are never changed).",
        )

    def handle(self, *args, fixtures, add_missing=False, **options):
        if not add_missing and (
            Practice.objects.exists() or Institution.objects.exists()
        ):
            self.stdout.write(
                "The knowledge base already has content; nothing loaded "
                "(use --add-missing to add fixture records that are absent)."
            )
            return
        self.folder = fixtures
        self.created = dict.fromkeys(
            [
                "sources",
                "themes",
                "challenges",
                "countries",
                "institutions",
                "practices",
            ],
            0,
        )
        with transaction.atomic():
            sources = self.load_simple("sources", Source)
            themes = self.load_simple("themes", Theme)
            challenges = self.load_simple("challenges", Challenge)
            institutions = self.load_institutions()
            self.load_practices(sources, themes, challenges, institutions)
        # Pages stored by the server processes (in the shared cache) go stale.
        page_cache.content_changed()
        summary = ", ".join(f"{n} {name}" for name, n in self.created.items() if n)
        self.stdout.write(
            self.style.SUCCESS(
                f"Seed complete. Created: {summary}."
                if summary
                else "Seed complete. Everything was already there; nothing changed."
            )
        )

    def read(self, name):
        path = self.folder / f"{name}.json"
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError as error:
            raise CommandError(f"Missing fixture file: {path}") from error
        except json.JSONDecodeError as error:
            raise CommandError(f"{path} is not valid JSON: {error}") from error

    def get_or_create(self, name, model, lookup, fields):
        """The existing record, untouched, or a new one validated before saving."""
        obj = model.objects.filter(**lookup).first()
        created = obj is None
        if created:
            obj = model(**lookup, **fields)
            try:
                obj.full_clean()
            except ValidationError as error:
                raise CommandError(f"Invalid {name} {lookup}: {error}") from error
            obj.save()
        self.created[name] = self.created.get(name, 0) + int(created)
        return obj

    def load_simple(self, name, model):
        by_slug = {}
        for row in self.read(name):
            fields = {key: value for key, value in row.items() if key != "slug"}
            by_slug[row["slug"]] = self.get_or_create(
                name, model, {"slug": row["slug"]}, fields
            )
        return by_slug

    def country(self, code):
        if not code:
            return None
        return self.get_or_create("countries", Country, {"code": code.upper()}, {})

    def load_institutions(self):
        by_slug = {}
        for row in self.read("institutions"):
            fields = {
                key: value
                for key, value in row.items()
                if key not in {"slug", "country"}
            }
            fields["country"] = self.country(row.get("country"))
            with first_version():
                by_slug[row["slug"]] = self.get_or_create(
                    "institutions", Institution, {"slug": row["slug"]}, fields
                )
        return by_slug

    def load_practices(self, sources, themes, challenges, institutions):
        links = {"themes": themes, "challenges": challenges}
        for row in self.read("practices"):
            slug = row["slug"]
            if Practice.objects.filter(slug=slug).exists():
                continue
            with first_version():
                self.load_practice(row, sources, links, institutions)
            self.created["practices"] = self.created.get("practices", 0) + 1

    def load_practice(self, row, sources, links, institutions):
        slug = row["slug"]
        practice = Practice(
            slug=slug,
            title=row["title"],
            summary=row["summary"],
            description=row.get("description", ""),
            scope=row.get("scope", ""),
            target_groups=row.get("target_groups", ""),
            context=row.get("context", ""),
            transferability=row.get("transferability", ""),
            evidence_level=row.get("evidence_level", Practice.Evidence.DESCRIBED),
            website=row.get("website", ""),
            source=self.lookup(sources, row["source"], "source", slug),
            source_section=row.get("source_section", ""),
            inferred_fields=row.get("inferred_fields", []),
            editorial_note=row.get("editorial_note", ""),
            featured_rank=row.get("featured_rank"),
            status=Practice.Status.PUBLISHED,
        )
        try:
            practice.full_clean()
        except ValidationError as error:
            raise CommandError(f"Invalid practice {slug!r}: {error}") from error
        practice.save()
        practice.countries.set(
            [self.country(code) for code in row.get("countries", [])]
        )
        for field, known in links.items():
            getattr(practice, field).set(
                [self.lookup(known, value, field, slug) for value in row.get(field, [])]
            )
        for link in row.get("institutions", []):
            involvement = Involvement(
                practice=practice,
                institution=self.lookup(
                    institutions, link["institution"], "institution", slug
                ),
                role=link.get("role", Involvement.Role.LEAD),
            )
            involvement.full_clean(exclude=["practice"])
            involvement.save()

    def lookup(self, known, key, what, practice_slug):
        try:
            return known[key]
        except KeyError as error:
            raise CommandError(
                f"Practice {practice_slug!r} names unknown {what} {key!r}."
            ) from error
