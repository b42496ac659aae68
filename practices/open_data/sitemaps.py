from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from practices.models import Challenge, Country, Institution, Practice, Theme


class EveryLanguageSitemap(Sitemap):
    """Each page at its address in every language (English unprefixed, the
    others under /fr/, /es/, /ar/), each listing all of them, and English as
    the default, as `xhtml:link` alternates."""

    i18n = True
    alternates = True
    x_default = True


class PracticeSitemap(EveryLanguageSitemap):
    changefreq = "monthly"
    priority = 0.8

    def items(self):
        return Practice.objects.published().order_by("pk").only("slug", "updated_at")

    def lastmod(self, practice):
        return practice.updated_at


class ObjectSitemap(EveryLanguageSitemap):
    """Themes, challenges, institutions and countries that have a page."""

    changefreq = "weekly"
    priority = 0.5

    def __init__(self, queryset):
        self.queryset = queryset

    def items(self):
        return self.queryset.all()  # a fresh query each time, never a cached one


class SectionSitemap(EveryLanguageSitemap):
    changefreq = "daily"
    priority = 0.6

    def items(self):
        return [
            "practices:home",
            "practices:practice-list",
            "practices:theme-list",
            "practices:challenge-list",
            "practices:country-list",
            "practices:institution-list",
        ]

    def location(self, name):
        return reverse(name)


SITEMAPS = {
    "sections": SectionSitemap,
    "practices": PracticeSitemap,
    "themes": ObjectSitemap(Theme.objects.order_by("pk")),
    "challenges": ObjectSitemap(Challenge.objects.order_by("pk")),
    "institutions": ObjectSitemap(Institution.objects.order_by("pk")),
    "countries": ObjectSitemap(
        Country.objects.with_published_practices().order_by("code")
    ),
}
