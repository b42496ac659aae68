"""What the knowledge base covers, counted live: published practices per UNESCO
region, those whose source states no location, and themes with none yet."""

from dataclasses import dataclass

from django.db.models import Count

from practices.listing.filters import LOCATION_NOT_STATED, region_condition
from practices.models import Practice, Theme
from practices.regions import Region


@dataclass(frozen=True)
class RegionCount:
    slug: str
    name: str
    practice_count: int


@dataclass(frozen=True)
class Coverage:
    regions: list  # [RegionCount, ...] in UNESCO's order
    not_stated_count: int
    themes_without_practices: list


def _alias(slug):
    return slug.replace("-", "_")


def coverage():
    """Two queries, whatever the size of the knowledge base."""
    counts = Practice.objects.published().aggregate(
        **{
            _alias(slug): Count("pk", filter=region_condition([slug]))
            for slug in [*Region.values, LOCATION_NOT_STATED]
        }
    )
    return Coverage(
        regions=[
            RegionCount(slug, name, counts[_alias(slug)])
            for slug, name in Region.choices
        ],
        not_stated_count=counts[_alias(LOCATION_NOT_STATED)],
        themes_without_practices=list(
            Theme.objects.with_published_practice_count().filter(practice_count=0)
        ),
    )
