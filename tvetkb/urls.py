from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps import views as sitemaps
from django.urls import include, path

from practices.open_data import exports
from practices.open_data.api.docs import ApiDocsView
from practices.open_data.feeds import NewPracticesFeed
from practices.open_data.sitemaps import SITEMAPS
from tvetkb import views

admin.site.site_header = "tvetkb curation"
admin.site.site_title = "tvetkb curation"
admin.site.index_title = "Knowledge base"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", include("practices.open_data.api.urls")),
    path("practices.csv", exports.practices_csv, name="practices-csv"),
    path("practices.atom", NewPracticesFeed(), name="practices-feed"),
    # An index naming each section's pages: a page holds at most 50,000
    # addresses (12,500 practices in four languages).
    path(
        "sitemap.xml",
        sitemaps.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        sitemaps.sitemap,
        {"sitemaps": SITEMAPS},
        name="sitemap-section",
    ),
    path("robots.txt", views.RobotsView.as_view(), name="robots"),
    path("healthz", views.healthz, name="healthz"),
]
# The public pages in each language: English at the unprefixed addresses it has
# always had, the others under /fr/, /es/, /ar/. Machine-readable addresses
# above stay as they are; the API's documentation is a page for people, so it
# is read in every language (/api/docs/, /fr/api/docs/, ...).
urlpatterns += i18n_patterns(
    path("api/docs/", ApiDocsView.as_view(), name="api-docs"),
    path("", include("practices.urls")),
    prefix_default_language=False,
)

handler404 = "tvetkb.views.page_not_found"
handler500 = "tvetkb.errors.server_error"
