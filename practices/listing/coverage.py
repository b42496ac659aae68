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


def region_counts():
    """([RegionCount, ...] in UNESCO's order, practices with no stated
    location): one query."""
    counts = Practice.objects.published().aggregate(
        **{
            _alias(slug): Count("pk", filter=region_condition([slug]))
            for slug in [*Region.values, LOCATION_NOT_STATED]
        }
    )
    regions = [
        RegionCount(slug, name, counts[_alias(slug)]) for slug, name in Region.choices
    ]
    return regions, counts[_alias(LOCATION_NOT_STATED)]


def coverage():
    """Two queries, whatever the size of the knowledge base."""
    regions, not_stated_count = region_counts()
    return Coverage(
        regions=regions,
        not_stated_count=not_stated_count,
        themes_without_practices=list(
            Theme.objects.with_published_practice_count().filter(practice_count=0)
        ),
    )
