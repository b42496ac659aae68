"""What the knowledge base covers: published practices per UNESCO region,
those whose source states no location, and themes with none yet, read from
the published counts (practices.published_counts), which every change keeps
true."""

from dataclasses import dataclass

from practices import published_counts
from practices.content_languages import localized_ordering
from practices.listing.filters import LOCATION_NOT_STATED
from practices.models import Theme
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


def region_counts(counts):
    """[RegionCount, ...] in UNESCO's order, from a published_counts.Summary."""
    return [
        RegionCount(slug, name, counts.of("region", slug))
        for slug, name in Region.choices
    ]


def coverage():
    """Two queries, none of them counting practices."""
    counts = published_counts.summary()
    return Coverage(
        regions=region_counts(counts),
        not_stated_count=counts.of("region", LOCATION_NOT_STATED),
        themes_without_practices=[
            theme
            for theme in Theme.objects.order_by(*localized_ordering(Theme))
            if not counts.of("theme", theme.pk)
        ],
    )
