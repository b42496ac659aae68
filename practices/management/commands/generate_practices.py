"""Add N synthetic, published practices (and a few thousand institutions) for
benchmarks and tests. Never run it on a real knowledge base: the practices are
made up. The same N and --seed give the same practices."""

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django_countries import countries

from practices import published_counts
from practices.management.commands._synthetic import Generator
from practices.models import (
    Challenge,
    Country,
    Institution,
    Involvement,
    Practice,
    Theme,
)
from practices.regions import region_for
from tvetkb import page_cache

BATCH_SIZE = 2000


def institution_count_for(practice_count):
    """About one institution per ten practices, from 20 up to 5,000."""
    return max(20, min(5000, practice_count // 10))


def refresh_planner_statistics():
    """Let PostgreSQL plan the search vectors' UPDATE with the tables' new
    sizes: with the statistics of before the inserts, it reads every
    involvement for every practice (minutes for 80,000 practices)."""
    if connection.vendor != "postgresql":
        return
    tables = [model._meta.db_table for model in (Practice, Involvement, Institution)]
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {', '.join(tables)}")


class Command(BaseCommand):
    help = "Add N synthetic published practices, for benchmarks and tests only."

    def add_arguments(self, parser):
        parser.add_argument("count", type=int, help="Number of practices to add.")
        parser.add_argument(
            "--seed", type=int, default=1, help="Random seed (default 1)."
        )

    def handle(self, *args, count, seed, **options):
        if count < 1:
            raise CommandError("Give a number of practices of at least 1.")
        theme_ids = list(Theme.objects.values_list("pk", flat=True))
        challenge_ids = list(Challenge.objects.values_list("pk", flat=True))
        if not theme_ids:
            raise CommandError(
                "There are no themes to file practices under; "
                "load the report first: python manage.py seed"
            )
        prefix = f"g{seed}-"
        if (
            Practice.objects.filter(slug__startswith=prefix).exists()
            or Institution.objects.filter(slug__startswith=prefix).exists()
        ):
            raise CommandError(
                f"Practices generated with seed {seed} are already here; "
                "choose another --seed."
            )

        with transaction.atomic():
            country_codes = self.ensure_countries()
            generator = Generator(seed, theme_ids, challenge_ids, country_codes)
            institutions = self.create_institutions(
                generator, institution_count_for(count)
            )
            self.create_practices(generator, count, institutions)
            refresh_planner_statistics()
            updated = Practice.objects.filter(
                slug__startswith=prefix
            ).update_search_vectors()
            # bulk_create sends no signals: count the practices again at once.
            published_counts.recount()
        # bulk_create sends no signals: tell the page cache once.
        page_cache.content_changed()
        self.stdout.write(
            f"Added {count} practices and {len(institutions)} institutions "
            f"(seed {seed}); {updated} search vectors computed."
        )

    def ensure_countries(self):
        Country.objects.bulk_create(
            [
                Country(code=code, name=name, region=region_for(code))
                for code, name in countries
            ],
            ignore_conflicts=True,
            batch_size=BATCH_SIZE,
        )
        return list(Country.objects.exclude(region="").values_list("code", flat=True))

    def create_institutions(self, generator, count):
        return Institution.objects.bulk_create(
            [
                Institution(
                    name=item.name,
                    slug=item.slug,
                    kind=item.kind,
                    country_id=item.country_code,
                    city=item.city,
                )
                for item in generator.institutions(count)
            ],
            batch_size=BATCH_SIZE,
        )

    def create_practices(self, generator, count, institutions):
        items = generator.practices(count, len(institutions))
        done = 0
        while done < count:
            batch = [next(items) for _ in range(min(BATCH_SIZE, count - done))]
            practices = Practice.objects.bulk_create(
                [
                    Practice(
                        title=item.title,
                        slug=item.slug,
                        summary=item.summary,
                        description=item.description,
                        status=Practice.Status.PUBLISHED,
                        scope=item.scope,
                        evidence_level=item.evidence_level,
                        published_at=item.published_at,
                        last_verified=item.last_verified,
                    )
                    for item in batch
                ]
            )
            self.link(practices, batch, institutions)
            done += len(batch)
            self.stdout.write(f"  {done} / {count}")

    def link(self, practices, batch, institutions):
        themes = Practice.themes.through
        countries_ = Practice.countries.through
        challenges = Practice.challenges.through
        theme_rows, country_rows, challenge_rows, involvements = [], [], [], []
        for practice, item in zip(practices, batch, strict=True):
            theme_rows += [
                themes(practice_id=practice.pk, theme_id=pk) for pk in item.theme_ids
            ]
            country_rows += [
                countries_(practice_id=practice.pk, country_id=code)
                for code in item.country_codes
            ]
            challenge_rows += [
                challenges(practice_id=practice.pk, challenge_id=pk)
                for pk in item.challenge_ids
            ]
            involvements += [
                Involvement(
                    practice_id=practice.pk,
                    institution_id=institutions[index].pk,
                    role=Involvement.Role.LEAD if n == 0 else Involvement.Role.PARTNER,
                )
                for n, index in enumerate(item.institution_indexes)
            ]
        for model, rows in (
            (themes, theme_rows),
            (countries_, country_rows),
            (challenges, challenge_rows),
            (Involvement, involvements),
        ):
            model.objects.bulk_create(rows, batch_size=BATCH_SIZE)
