"""Practices for a visitor's context (/practices/for-context/) and practices
side by side (/practices/compare/, and its CSV)."""

import csv
import math

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from django_countries import countries

from practices.listing.cards import with_card_details
from practices.listing.filters import with_params
from practices.listing.pagination import page_number
from practices.localized import sort_key
from practices.matching import comparison
from practices.matching.context import LEARNER_GROUPS, read_context
from practices.matching.score import POINTS, rank, reasons_sentence
from practices.models import Challenge, Institution, Practice, Theme
from practices.open_data.exports import neutralise
from practices.regions import Region

RESULTS_PER_PAGE = 20


def crumbs(*pairs):
    return [(_("Home"), reverse("practices:home")), *pairs]


def ranked_page(context, number, per_page, using="default"):
    """(Ranking, page number) of the page `number` of the practices matching
    `context`; a number past the end gives the last page."""
    ranking = rank(context, per_page, (number - 1) * per_page, using=using)
    if ranking.matches or number == 1:
        return ranking, number
    # Past the end: how many there are, then the last page.
    total = rank(context, 1, 0, using=using).total
    last = max(1, math.ceil(total / per_page))
    return rank(context, per_page, (last - 1) * per_page, using=using), last


def practices_of(ranking, context, for_visitor=True):
    """The practices of `ranking`, in its order, as cards, each with its
    `match` and `match_reasons`."""
    ids = [match.practice_id for match in ranking.matches]
    by_id = {
        practice.pk: practice
        for practice in Practice.objects.published().card_columns().filter(pk__in=ids)
    }
    practices = []
    for match in ranking.matches:
        if practice := by_id.get(match.practice_id):
            practice.match = match
            practice.match_reasons = reasons_sentence(match, context, for_visitor)
            practices.append(practice)
    return with_card_details(practices)


def how_we_rank():
    """[(what, points), ...] for visitors, from POINTS."""
    return [
        (_("In your country"), POINTS["country"]),
        (_("Otherwise, in your UNESCO region"), POINTS["region"]),
        (_("Each of your challenges it answers"), POINTS["challenge"]),
        (_("Each of your themes it is about"), POINTS["theme"]),
        (_("Each of your learner groups its target groups name"), POINTS["learner"]),
        (_("Led by an institution of your kind"), POINTS["lead_kind"]),
        (
            _("Otherwise, an institution of your kind takes part"),
            POINTS["other_kind"],
        ),
    ]


class PracticeContextView(TemplateView):
    """Published practices ranked for the visitor's context (see
    practices.matching)."""

    template_name = "practices/practice_context.html"

    def get_context_data(self, **kwargs):
        themes = list(Theme.objects.all())
        challenges = list(Challenge.objects.all())
        visitor = read_context(self.request.GET, themes, challenges)
        context = visitor.context
        number = page_number(self.request)
        ranking, number = ranked_page(context, number, RESULTS_PER_PAGE)
        practices = practices_of(ranking, context)
        paginator = Paginator(range(ranking.total), RESULTS_PER_PAGE)
        page = paginator.get_page(number) if ranking.total else None
        params = visitor.as_params()
        return super().get_context_data(
            visitor=visitor,
            asked=not context.is_empty,
            practices=practices,
            total=ranking.total,
            page_obj=page,
            paginator=paginator,
            is_paginated=bool(page and page.has_other_pages()),
            country_choices=sorted(
                countries, key=lambda country: sort_key(country.name)
            ),
            region_choices=Region.choices,
            challenges=challenges,
            themes=themes,
            learner_groups=LEARNER_GROUPS,
            kind_choices=Institution.Kind.choices,
            rejected=visitor.rejected(),
            relaxations=[
                (label, value, with_params(self.request.path, without))
                for label, value, without in visitor.relaxations()
            ],
            how_we_rank=how_we_rank(),
            api_url=with_params(reverse("api:practice-for-context"), params),
            breadcrumbs=crumbs(
                (_("Practices"), reverse("practices:practice-list")),
                (_("Practices for my context"), None),
            ),
            **kwargs,
        )


class CompareView(TemplateView):
    """Two to four published practices side by side."""

    template_name = "practices/practice_compare.html"

    def get_context_data(self, **kwargs):
        chosen = comparison.read_choice(self.request.GET)
        table = comparison.table(chosen.practices) if chosen.can_compare else None
        return super().get_context_data(
            chosen=chosen,
            table=table,
            most=comparison.MOST,
            csv_url=with_params(
                reverse("practices:practice-compare-csv"),
                {"p": [p.slug for p in chosen.practices]},
            ),
            first_most_url=with_params(
                self.request.path, {"p": chosen.slugs[: comparison.MOST]}
            ),
            breadcrumbs=crumbs(
                (_("Practices"), reverse("practices:practice-list")),
                (_("Compare practices"), None),
            ),
            **kwargs,
        )


def compare_csv(request):
    """The comparison table as CSV: a row per line of the table, a column per
    practice, cells spreadsheet-safe."""
    chosen = comparison.read_choice(request.GET)
    if not chosen.can_compare:
        return HttpResponse(
            chosen.problem_text() or gettext("Choose two to four practices."),
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    table = comparison.table(chosen.practices)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = (
        f'attachment; filename="tvetkb-comparison-{stamp}.csv"'
    )
    response.write("\ufeff")  # lets spreadsheet programs detect UTF-8
    writer = csv.writer(response)
    writer.writerow([neutralise(v) for v in [gettext("Practice"), *table.titles]])
    writer.writerow(
        [
            neutralise(v)
            for v in [
                gettext("Address"),
                *(
                    request.build_absolute_uri(p.get_absolute_url())
                    for p in chosen.practices
                ),
            ]
        ]
    )
    for row in table.rows:
        writer.writerow(
            [neutralise(v) for v in [row.label, *(cell.text for cell in row.cells)]]
        )
    return response
