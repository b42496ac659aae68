from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import DefaultRouter

from practices.open_data.api import views

app_name = "api"

router = DefaultRouter()
router.APIRootView = views.ApiRootView
router.register("practices", views.PracticeViewSet, basename="practice")
router.register("institutions", views.InstitutionViewSet, basename="institution")
router.register("themes", views.ThemeViewSet, basename="theme")
router.register("challenges", views.ChallengeViewSet, basename="challenge")
router.register("countries", views.CountryViewSet, basename="country")

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # Before the router, whose practice detail would take "for-context" as a slug.
    path(
        "practices/for-context/",
        views.PracticesForContextView.as_view(),
        name="practice-for-context",
    ),
    path("", include(router.urls)),
]
