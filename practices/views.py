from functools import partial
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, QueryDict
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, ListView, TemplateView

from practices import published_counts
from practices.content_languages import (
    ORIGINAL_LANGUAGE,
    content_language,
    localized_ordering,
)
from practices.listing import estimates, search, suggestions
from practices.listing.cards import card_rows, with_card_details
from practices.listing.coverage import coverage, region_counts
from practices.listing.facets import expanded_facets, listing_counts
from practices.listing.filters import (
    LOCATION_NOT_STATED,
    SORT_CHOICES,
    InstitutionFilterSet,
    PracticeFilterSet,
    filter_value,
    with_params,
)
from practices.listing.pagination import (
    ForgivingPaginationMixin,
    KnownPage,
    page_number,
    paginate,
)
from practices.listing.world_map import chart, locator_map, region_map, world_map
from practices.localized import sort_key
from practices.matching.related import related_practices
from practices.models import (
    Challenge,
    Country,
    Institution,
    Practice,
    Source,
    Theme,
)
from practices.open_data import citations, sharing, structured_data
from practices.paths import page_path
from practices.practice_links import attach_links
from practices.regions import Region

PRACTICES_PER_PAGE = 20
FEATURED_ON_HOME = 12


def crumbs(*pairs):
    """Breadcrumbs after Home: (label, url) pairs; the last one has no url."""
    return [(_("Home"), page_path("practices:home")), *pairs]


class HomeView(TemplateView):
    template_name = "practices/home.html"

    def get_context_data(self, **kwargs):
        published = Practice.objects.published()
        # The counts of the whole knowledge base are kept, not counted.
        counts = published_counts.summary()
        featured = list(published.featured().card_columns()[:FEATURED_ON_HOME])
        newest = list(published.newest().card_columns()[:6])
        # One query completes both lists' cards: the page runs as many
        # queries with featured practices as without.
        with_card_details([*featured, *newest])
        return super().get_context_data(
            practice_count=counts.practices,
            institution_count=counts.institutions,
            country_count=counts.countries,
            themes=with_counts(Theme.objects.all(), counts),
            challenges=with_counts(Challenge.objects.all(), counts),
            featured=featured,
            regions=region_counts(counts),
            newest=newest,
            **kwargs,
        )


def with_counts(vocabulary, counts):
    """Themes or challenges, in their order, each with `practice_count` read
    from a published_counts.Summary already read for the page (the numbers
    with_published_practice_count() reads, without a query of its own)."""
    facet = vocabulary.model._meta.model_name
    found = list(vocabulary.order_by(*localized_ordering(vocabulary.model)))
    for item in found:
        item.practice_count = counts.of(facet, item.pk)
    return found


class AboutView(TemplateView):
    """What the knowledge base is and is not, where its content comes from, what
    it covers, and how to take part."""

    template_name = "practices/about.html"

    def get_context_data(self, **kwargs):
        published = Practice.objects.published()
        return super().get_context_data(
            sources=Source.objects.filter(practices__in=published)
            .annotate(practice_count=Count("practices", distinct=True))
            .order_by("-practice_count", "title"),
            evidence_levels=evidence_levels(),
            coverage=coverage(),
            breadcrumbs=crumbs((_("About"), None)),
            **kwargs,
        )


class PracticeListView(ListView):
    template_name = "practices/practice_list.html"
    paginate_by = PRACTICES_PER_PAGE

    def get_queryset(self):
        return self.filterset.qs.card_columns()

    @cached_property
    def filterset(self):
        return PracticeFilterSet(
            self.request.GET, queryset=Practice.objects.published()
        )

    @cached_property
    def requested_page(self):
        return page_number(self.request)

    @cached_property
    def listing(self):
        """Facet counts, total and the requested page's ids: one statement."""
        offset = (self.requested_page - 1) * self.paginate_by
        return listing_counts(
            self.filterset,
            self.filterset.queryset,
            page=(offset, self.paginate_by),
            expand=expanded_facets(self.request.GET),
            stored=True,
            estimate=True,
        )

    def paginate_queryset(self, queryset, page_size):
        snippet = None
        if self.filterset.search_text:
            snippet = search.snippet_expression(self.filterset.search_text, queryset.db)
        known = KnownPage(
            queryset,
            self.listing.total,
            (self.requested_page - 1) * page_size,
            self.listing.page_ids,
            # The page's rows by id: published, as the listing found them.
            read_page=partial(card_rows, snippet=snippet, using=queryset.db),
            annotations={} if snippet is None else {"raw_snippet": snippet},
        )
        page = Paginator(known, page_size).get_page(self.requested_page)
        page.object_list = with_card_details(page.object_list)
        for practice in page.object_list:
            practice.search_snippet = search.marked_snippet(
                getattr(practice, "raw_snippet", None)
            )
        return page.paginator, page, page.object_list, page.has_other_pages()

    def csv_params(self):
        """The CSV of the practices shown: the same filters, and on a page in
        another language its `lang` (its texts, and a search that reads that
        language's index, as the page's does)."""
        params = self.filterset.as_params()
        if (language := content_language()) != ORIGINAL_LANGUAGE:
            params["lang"] = language
        return params

    def get_context_data(self, **kwargs):
        filterset = self.filterset
        facets = self.listing.facets
        expanded = expanded_facets(self.request.GET)
        list_url = reverse("practices:practice-list")
        active_filters = filterset.active_filters(list_url)
        return super().get_context_data(
            filterset=filterset,
            search_text=filterset.search_text,
            sort_order=filterset.sort_order,
            sort_choices=SORT_CHOICES,
            # Each facet with the `all` values that list it in full or not.
            facets=[
                (
                    facet,
                    [*expanded, facet.name],
                    [name for name in expanded if name != facet.name],
                )
                for facet in facets
            ],
            # Someone listing every value is working in the filters: keep them open.
            filters_open=bool(expanded),
            counts_estimated=self.listing.estimated,
            estimate_above=estimates.ESTIMATE_ABOVE,
            selected_count=sum(facet.selected_count for facet in facets),
            csv_url=with_params(reverse("practices-csv"), self.csv_params()),
            active_filters=active_filters,
            filter_removals=[
                chip
                for chip in active_filters
                if chip[0] != filterset.filters["q"].label
            ],
            rejected=filterset.rejected(),
            suggestions=self.suggestions(),
            evidence_levels=evidence_levels(),
            breadcrumbs=crumbs((_("Practices"), None)),
            **kwargs,
        )

    def suggestions(self):
        """When a search found nothing: closer spellings, themes and challenges."""
        if self.listing.total or not self.filterset.search_text:
            return None
        return suggestions.suggest(self.filterset.search_text)


class PracticeMapView(TemplateView):
    """The list's current selection as a world map and charts: the same
    filters (PracticeFilterSet) and the same counts (listing_counts), every
    country counted."""

    template_name = "practices/practice_map.html"
    # The facets charted, in the order of the questions people ask.
    CHARTS = {
        "theme": _("Practices by theme"),
        "region": _("Practices by UNESCO region"),
        "challenge": _("Practices by challenge"),
        "evidence": _("Practices by evidence level"),
        "year": _("Practices by year published"),
    }
    # What the map and the charts show; the others (institutions, last
    # verified) are not counted.
    COUNTED = ("country", *CHARTS)

    def get_context_data(self, **kwargs):
        filterset = PracticeFilterSet(
            self.request.GET, queryset=Practice.objects.published()
        )
        # Estimated as the list's are (its countries all listed: exact), so
        # the map says what the list says.
        listing = listing_counts(
            filterset,
            Practice.objects.published(),
            expand=("country",),
            stored=True,
            estimate=True,
            facets=self.COUNTED,
        )
        facets = {facet.name: facet for facet in listing.facets}
        params = filterset.as_params()
        list_url = reverse("practices:practice-list")
        not_stated = next(
            (o for o in facets["region"].options if o.value == LOCATION_NOT_STATED),
            None,
        )
        return super().get_context_data(
            total=listing.total,
            counts_estimated=listing.estimated,
            estimate_above=estimates.ESTIMATE_ABOVE,
            world=world_map(facets["country"], params, list_url),
            countries_with_practices=sum(
                1 for option in facets["country"].options if option.count
            ),
            not_stated_count=not_stated.count if not_stated else 0,
            not_stated_url=with_params(
                list_url, {**params, "region": [LOCATION_NOT_STATED], "page": ""}
            ),
            charts=[
                (facets[name], title, chart(facets[name], params, list_url))
                for name, title in self.CHARTS.items()
            ],
            active_filters=filterset.active_filters(reverse("practices:practice-map")),
            rejected=filterset.rejected(),
            breadcrumbs=crumbs(
                (_("Practices"), reverse("practices:practice-list")), (_("Map"), None)
            ),
            **kwargs,
        )


def evidence_levels():
    """[(label, definition), ...] of the evidence levels, for visitors."""
    return [
        (label, gettext(Practice.EVIDENCE_DEFINITIONS[value]))
        for value, label in Practice.Evidence.choices
    ]


def region_names(countries):
    """The UNESCO regions of `countries`, each named once, in the order of
    their values ("—" for a country in none)."""
    names = []
    for country in sorted(countries, key=lambda country: country.region):
        name = country.get_region_display() or "—"
        if not names or names[-1] != name:
            names.append(name)
    return names


class PracticeDetailView(DetailView):
    template_name = "practices/practice_detail.html"
    context_object_name = "practice"

    def get_queryset(self):
        return Practice.objects.published().select_related("source")

    def get_object(self, queryset=None):
        # Its themes, challenges, countries and institutions in one query.
        return attach_links(super().get_object(queryset))

    def get_context_data(self, **kwargs):
        practice = self.object
        related = related_practices(practice)
        page_url = self.request.build_absolute_uri(practice.get_absolute_url())
        countries = list(practice.countries.all())
        list_url = page_path("practices:practice-list")
        return super().get_context_data(
            countries=countries,
            region_names=region_names(countries),
            evidence_url=f"{list_url}?evidence={practice.evidence_level}",
            bibtex_url=reverse(
                "practices:practice-citation", args=[practice.slug, "bib"]
            ),
            ris_url=reverse("practices:practice-citation", args=[practice.slug, "ris"]),
            citation=citations.plain_text(practice, page_url),
            source_citation=citations.source_citation(practice.source),
            share_url=page_url,
            share_email=sharing.email_link(practice.title, page_url),
            share_links=sharing.share_links(practice.title, page_url),
            structured_data=structured_data.practice_data(practice, self.request),
            evidence_levels=evidence_levels(),
            related=related,
            breadcrumbs=crumbs((_("Practices"), list_url), (practice.title, None)),
            **kwargs,
        )


class ObjectPracticesView(DetailView):
    """An object (theme, challenge, country or institution) and its published
    practices, paginated, with a link to the practice list filtered by it."""

    paginate_by = PRACTICES_PER_PAGE
    practice_lookup = ""  # how a practice reaches the object, e.g. "themes"
    filter_param = ""  # the practice list's parameter for the object, e.g. "theme"
    section_label = ""
    section_url_name = ""

    def practices(self):
        return Practice.objects.published().filter(
            **{self.practice_lookup: self.object}
        )

    def get_context_data(self, **kwargs):
        page = paginate(
            self.request, self.practices().newest().card_columns(), self.paginate_by
        )
        page.object_list = with_card_details(page.object_list)
        filter_url = with_params(
            reverse("practices:practice-list"),
            {self.filter_param: filter_value(self.object)},
        )
        return super().get_context_data(
            page_obj=page,
            practices=page.object_list,
            filter_url=filter_url,
            breadcrumbs=crumbs(
                (self.section_label, reverse(self.section_url_name)),
                (str(self.object), None),
            ),
            **kwargs,
        )


class SectionListView(ListView):
    """Every theme, challenge, ... with its number of published practices."""

    section_label = ""

    def get_queryset(self):
        return self.model.objects.with_published_practice_count()

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            breadcrumbs=crumbs((self.section_label, None)), **kwargs
        )


class ThemeListView(SectionListView):
    model = Theme
    template_name = "practices/theme_list.html"
    context_object_name = "themes"
    section_label = _("Themes")


class ThemeDetailView(ObjectPracticesView):
    model = Theme
    template_name = "practices/theme_detail.html"
    context_object_name = "theme"
    section_label, section_url_name = _("Themes"), "practices:theme-list"

    practice_lookup, filter_param = "themes", "theme"


class ChallengeListView(SectionListView):
    model = Challenge
    template_name = "practices/challenge_list.html"
    context_object_name = "challenges"
    section_label = _("Challenges")


class ChallengeDetailView(ObjectPracticesView):
    model = Challenge
    template_name = "practices/challenge_detail.html"
    context_object_name = "challenge"
    section_label, section_url_name = _("Challenges"), "practices:challenge-list"

    practice_lookup, filter_param = "challenges", "challenge"


class CountryListView(TemplateView):
    template_name = "practices/country_list.html"

    def get_context_data(self, **kwargs):
        countries = (
            Country.objects.with_published_practice_count()
            .with_institution_count()
            .filter(Q(practice_count__gt=0) | Q(institution_count__gt=0))
        )
        by_region = {value: [] for value in Region.values}
        unplaced = []
        for country in sorted(countries, key=lambda c: sort_key(c.display_name)):
            by_region.get(country.region, unplaced).append(country)
        regions = [
            (label, by_region[value], reverse("practices:region-detail", args=[value]))
            for value, label in Region.choices
            if by_region[value]
        ]
        if unplaced:
            regions.append((_("Other"), unplaced, None))
        return super().get_context_data(
            regions=regions, breadcrumbs=crumbs((_("Countries"), None)), **kwargs
        )


class RegionDetailView(TemplateView):
    """One UNESCO region: its countries, published practices and institutions."""

    template_name = "practices/region_detail.html"
    paginate_by = PRACTICES_PER_PAGE

    def get_context_data(self, **kwargs):
        slug = self.kwargs["slug"]
        if slug not in Region.values:
            raise Http404("A region is one of UNESCO's five, such as africa.")
        params = {"region": slug}
        filterset = PracticeFilterSet(
            QueryDict(urlencode(params)), queryset=Practice.objects.published()
        )
        page = paginate(
            self.request, filterset.qs.newest().card_columns(), self.paginate_by
        )
        page.object_list = with_card_details(page.object_list)
        region_name = Region(slug).label
        # Named and sorted in the page's language, as on /countries/.
        countries = sorted(
            Country.objects.filter(region=slug)
            .with_published_practice_count()
            .with_institution_count()
            .filter(Q(practice_count__gt=0) | Q(institution_count__gt=0)),
            key=lambda country: sort_key(country.display_name),
        )
        return super().get_context_data(
            region_slug=slug,
            region_name=region_name,
            countries=countries,
            world=region_map(countries),
            institutions=Institution.objects.filter(country__region=slug)
            .select_related("country")
            .with_published_practice_count(),
            page_obj=page,
            practices=page.object_list,
            filter_url=with_params(reverse("practices:practice-list"), params),
            breadcrumbs=crumbs(
                (_("Countries"), reverse("practices:country-list")),
                (region_name, None),
            ),
            **kwargs,
        )


class CountryDetailView(ObjectPracticesView):
    model = Country
    template_name = "practices/country_detail.html"
    context_object_name = "country"
    section_label, section_url_name = _("Countries"), "practices:country-list"

    def get(self, request, *args, **kwargs):
        code = kwargs["code"]
        if not (len(code) == 2 and code.isascii() and code.isalpha()):
            raise Http404("A country is named by its two-letter ISO code, such as DE.")
        if code != code.upper():
            target = reverse("practices:country-detail", args=[code.upper()])
            if request.GET:
                target += f"?{request.GET.urlencode()}"
            return redirect(target, permanent=True)
        return super().get(request, *args, **kwargs)

    def get_object(self, queryset=None):
        # A country has a page once it has a published practice or an
        # institution (a submission alone must not make one appear).
        country = get_object_or_404(
            Country.objects.with_published_practice_count().with_institution_count(),
            code=self.kwargs["code"],
        )
        if not (country.practice_count or country.institution_count):
            raise Http404("No practice or institution in this country yet.")
        return country

    practice_lookup, filter_param = "countries", "country"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            institutions=self.object.institutions.with_published_practice_count(),
            locator=locator_map(self.object.code),
            **kwargs,
        )


class InstitutionListView(ForgivingPaginationMixin, ListView):
    template_name = "practices/institution_list.html"
    context_object_name = "institutions"
    paginate_by = 50

    def get_queryset(self):
        self.filterset = InstitutionFilterSet(
            self.request.GET,
            queryset=Institution.objects.select_related("country")
            .with_published_practice_count()
            .order_by(*localized_ordering(Institution, ["name", "pk"])),
        )
        return self.filterset.qs

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            filterset=self.filterset,
            rejected=self.filterset.rejected(),
            breadcrumbs=crumbs((_("Institutions"), None)),
            **kwargs,
        )


class InstitutionDetailView(ObjectPracticesView):
    model = Institution
    template_name = "practices/institution_detail.html"
    context_object_name = "institution"
    section_label, section_url_name = _("Institutions"), "practices:institution-list"

    def get_queryset(self):
        return Institution.objects.select_related("country")

    practice_lookup, filter_param = "involvements__institution", "institution"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(
            structured_data=structured_data.institution_data(self.object, self.request),
            **kwargs,
        )
        for practice in context["practices"]:
            practice.role_here = practice.card_details.role_of(self.object.pk)
        return context
