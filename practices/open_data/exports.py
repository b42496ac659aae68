"""CSV of the practice list, with the list's own filters, streamed row by row."""

import csv

from django.http import StreamingHttpResponse
from django.utils import timezone

from practices.listing.filters import PracticeFilterSet
from practices.models import Practice
from practices.plain_text import without_control_characters

# Every public field of a practice, one column each. Consumers read columns by
# name: add columns, never rename or remove them.
COLUMNS = [
    "slug",
    "title",
    "summary",
    "description",
    "context",
    "transferability",
    "target_groups",
    "scope",
    "url",
    "website",
    "countries",
    "regions",
    "themes",
    "challenges",
    "institutions",
    "evidence_level",
    "last_verified",
    "source",
    "source_section",
    "inferred_fields",
    "editorial_note",
    "published_at",
    "updated_at",
]
# A spreadsheet treats a cell starting with one of these as a formula.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """A cell a spreadsheet shows as text, never runs as a formula."""
    text = "" if value is None else without_control_characters(str(value))
    return f"'{text}" if text.startswith(FORMULA_PREFIXES) else text


def unneutralise(value):
    """The text `neutralise` was given: what an exported file re-imported
    must store."""
    if isinstance(value, str) and value[1:].startswith(FORMULA_PREFIXES):
        return value.removeprefix("'")
    return value


def practice_row(practice, page_url):
    countries = list(practice.countries.all())
    inferred = set(practice.inferred_fields or [])
    return [
        practice.slug,
        practice.title,
        practice.summary,
        practice.description,
        practice.context,
        practice.transferability,
        practice.target_groups,
        practice.get_scope_display() if practice.scope else "",
        page_url(practice),
        practice.website,
        "; ".join(c.name for c in countries),
        "; ".join(sorted({c.get_region_display() for c in countries if c.region})),
        "; ".join(t.name for t in practice.themes.all()),
        "; ".join(c.name for c in practice.challenges.all()),
        "; ".join(
            f"{i.institution.name} ({i.get_role_display()})"
            for i in practice.involvements.all()
        ),
        practice.get_evidence_level_display(),
        practice.last_verified.isoformat() if practice.last_verified else "",
        practice.source.title if practice.source else "",
        practice.source_section,
        "; ".join(
            name for name, _label in practice.INFERABLE_FIELDS if name in inferred
        ),
        practice.editorial_note,
        practice.published_at.isoformat() if practice.published_at else "",
        practice.updated_at.isoformat() if practice.updated_at else "",
    ]


class _Echo:
    def write(self, value):
        return value


def practices_csv(request):
    """/practices.csv: the practices the list shows for the same filters."""
    filterset = PracticeFilterSet(request.GET, queryset=Practice.objects.published())
    practices = (
        filterset.qs.with_links()
        .prefetch_related("challenges")
        .iterator(chunk_size=500)
    )
    writer = csv.writer(_Echo())

    def page_url(practice):
        return request.build_absolute_uri(practice.get_absolute_url())

    def rows():
        yield "\ufeff"  # lets spreadsheet programs detect UTF-8
        yield writer.writerow(COLUMNS)
        for practice in practices:
            yield writer.writerow(
                [neutralise(v) for v in practice_row(practice, page_url)]
            )

    stamp = timezone.localdate().isoformat()
    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="tvetkb-practices-{stamp}.csv"'
    )
    return response
