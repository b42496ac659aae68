from django.urls import path, re_path
from django.views.generic import RedirectView

from practices import views
from practices.matching import views as matching_views
from practices.open_data import views as open_data_views
from practices.submissions import views as submission_views

app_name = "practices"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("about/", views.AboutView.as_view(), name="about"),
    path("practices/", views.PracticeListView.as_view(), name="practice-list"),
    path("practices/map/", views.PracticeMapView.as_view(), name="practice-map"),
    path(
        "practices/for-context/",
        matching_views.PracticeContextView.as_view(),
        name="practice-context",
    ),
    path(
        "practices/compare/",
        matching_views.CompareView.as_view(),
        name="practice-compare",
    ),
    path(
        "practices/compare.csv",
        matching_views.compare_csv,
        name="practice-compare-csv",
    ),
    path(
        "practices/submit/",
        submission_views.SubmitPracticeView.as_view(),
        name="submit",
    ),
    path(
        "practices/submit/thanks/",
        submission_views.SubmitThanksView.as_view(),
        name="submit-thanks",
    ),
    path(
        "practices/<slug:slug>/",
        views.PracticeDetailView.as_view(),
        name="practice-detail",
    ),
    re_path(
        r"^practices/(?P<slug>[-a-zA-Z0-9_]+)/cite\.(?P<fmt>bib|ris)$",
        open_data_views.practice_citation,
        name="practice-citation",
    ),
    path("institutions/", views.InstitutionListView.as_view(), name="institution-list"),
    path(
        "institutions/<slug:slug>/",
        views.InstitutionDetailView.as_view(),
        name="institution-detail",
    ),
    path("themes/", views.ThemeListView.as_view(), name="theme-list"),
    path("themes/<slug:slug>/", views.ThemeDetailView.as_view(), name="theme-detail"),
    path("challenges/", views.ChallengeListView.as_view(), name="challenge-list"),
    path(
        "challenges/<slug:slug>/",
        views.ChallengeDetailView.as_view(),
        name="challenge-detail",
    ),
    path("countries/", views.CountryListView.as_view(), name="country-list"),
    # The regions are listed, with their countries, on the country list: an
    # address cut back from a region page leads there.
    path(
        "regions/",
        RedirectView.as_view(pattern_name="practices:country-list"),
        name="region-list",
    ),
    path(
        "regions/<slug:slug>/",
        views.RegionDetailView.as_view(),
        name="region-detail",
    ),
    path(
        "countries/<str:code>/",
        views.CountryDetailView.as_view(),
        name="country-detail",
    ),
]
