from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from practices import exports, views
from practices.feeds import NewPracticesFeed
from practices.sitemaps import SITEMAPS

admin.site.site_header = "tvetkb curation"
admin.site.site_title = "tvetkb curation"
admin.site.index_title = "Knowledge base"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", include("practices.api.urls")),
    path("practices.csv", exports.practices_csv, name="practices-csv"),
    path("practices.atom", NewPracticesFeed(), name="practices-feed"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots"),
    path("", include("practices.urls")),
]

handler404 = "practices.views.page_not_found"
handler500 = "tvetkb.errors.server_error"
