from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from practices.api import views

app_name = "api"

router = DefaultRouter()
router.register("practices", views.PracticeViewSet, basename="practice")
router.register("institutions", views.InstitutionViewSet, basename="institution")
router.register("themes", views.ThemeViewSet, basename="theme")
router.register("challenges", views.ChallengeViewSet, basename="challenge")
router.register("countries", views.CountryViewSet, basename="country")

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(
            url_name="api:schema", template_name="api/docs.html"
        ),
        name="docs",
    ),
    path("", include(router.urls)),
]
