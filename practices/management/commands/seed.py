"""Load the knowledge base's first content, drawn from the UNESCO-UNEVOC report on
the 2019 Global Forum, from the JSON files in fixtures/.

Safe to run at every start (`make run` does): it loads the fixtures only into an
empty knowledge base. Once there is content, the curators own it: running again
changes nothing, and a practice they deleted, renamed or archived is not
brought back. `--add-missing` adds fixture records whose slug (or code) is
absent, and still never changes an existing record.

Every run also fills the translations of fixtures/translations/<language>.json
(French, Spanish, Arabic) into the records' language columns, where the
column is still empty: a translation a curator wrote or corrected is never
replaced. `--no-translations` leaves them aside."""

import json
from contextlib import contextmanager
from pathlib import Path

import reversion
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import translation

from practices.content_languages import (
    ORIGINAL_LANGUAGE,
    TRANSLATION_LANGUAGES,
    column,
    translated_fields,
)
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
# The sections of a translation file, and the records they translate (by slug).
TRANSLATED_SECTIONS = {
    "themes": Theme,
    "challenges": Challenge,
    "practices": Practice,
    "institutions": Institution,
}


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
        parser.add_argument(
            "--no-translations",
            action="store_true",
            help="Do not fill the translations of fixtures/translations/ "
            "(they only ever fill empty language columns).",
        )

    def handle(self, *args, fixtures, add_missing=False, **options):
        # The fixtures are English: whatever language is active, `title=`
        # writes the English column.
        with translation.override(ORIGINAL_LANGUAGE):
            self.folder = fixtures
            if add_missing or not (
                Practice.objects.exists() or Institution.objects.exists()
            ):
                self.load_english()
            else:
                self.stdout.write(
                    "The knowledge base already has content; nothing loaded "
                    "(use --add-missing to add fixture records that are absent)."
                )
            if not options.get("no_translations"):
                self.load_translations()

    def load_english(self):
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

    def load_translations(self):
        """Fill the empty language columns from fixtures/translations/: each
        record gains its translations in a version of its history, so they
        can be found and restored like a curator's, and restoring the record's
        first version (English only) is a choice the history shows."""
        shipped = self.read_translations()
        filled = dict.fromkeys(TRANSLATION_LANGUAGES, 0)
        with transaction.atomic():
            for model, by_slug in shipped.items():
                records = model.objects.in_bulk(list(by_slug), field_name="slug")
                for slug, by_language in by_slug.items():
                    record = records.get(slug)
                    if record is None:
                        continue  # deleted by the curators, or not loaded
                    languages = self.fill_record(record, by_language)
                    for language in languages:
                        filled[language] += 1
        if any(filled.values()):
            page_cache.content_changed()
            summary = ", ".join(f"{n} in {code}" for code, n in filled.items() if n)
            self.stdout.write(f"Translations filled: {summary} records.")

    def read_translations(self):
        """{model: {slug: {language: {field: text}}}} of every translation
        file, each field checked against the model's translated fields."""
        shipped = {}
        for language in TRANSLATION_LANGUAGES:
            path = self.folder / "translations" / f"{language}.json"
            if not path.exists():
                continue
            for section, entries in self.read_path(path).items():
                model = TRANSLATED_SECTIONS.get(section)
                if model is None:
                    raise CommandError(f"{language}.json: unknown section {section!r}.")
                fields = translated_fields(model)
                for slug, texts in entries.items():
                    if unknown := sorted(set(texts) - set(fields)):
                        raise CommandError(
                            f"{language}.json: {section} {slug!r} names unknown "
                            f"fields: {', '.join(unknown)}."
                        )
                    by_slug = shipped.setdefault(model, {})
                    by_slug.setdefault(slug, {})[language] = texts
        return shipped

    def fill_record(self, record, by_language):
        """Fill `record`'s empty columns from {language: {field: text}}, in
        one revision; the languages that filled at least one column."""
        columns, languages = [], []
        for language, texts in by_language.items():
            empty = [
                column(field, language)
                for field, text in texts.items()
                if text and not getattr(record, column(field, language))
            ]
            for field, text in texts.items():
                if column(field, language) in empty:
                    setattr(record, column(field, language), text)
            if empty:
                columns += empty
                languages.append(language)
        if not columns:
            return []
        try:
            record.clean_fields(
                exclude=[f.name for f in record._meta.fields if f.name not in columns]
            )
        except ValidationError as error:
            files = ", ".join(f"{language}.json" for language in languages)
            raise CommandError(
                f"{files}: invalid {record._meta.verbose_name} {record.slug!r}: {error}"
            ) from error
        with reversion.create_revision():
            reversion.set_comment(
                "Translations filled from the shipped files "
                f"(fixtures/translations/): {', '.join(languages)}."
            )
            record.save(update_fields=columns)
        return languages

    def read_path(self, path):
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except json.JSONDecodeError as error:
            raise CommandError(f"{path} is not valid JSON: {error}") from error

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
