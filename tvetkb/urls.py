from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "tvetkb curation"
admin.site.site_title = "tvetkb curation"
admin.site.index_title = "Knowledge base"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("practices.urls")),
]
