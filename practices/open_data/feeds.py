from django.contrib.syndication.views import Feed
from django.urls import reverse_lazy
from django.utils.feedgenerator import Atom1Feed

from practices.models import Practice


class NewPracticesFeed(Feed):
    """Atom feed of the newest published practices."""

    feed_type = Atom1Feed
    title = "tvetkb: newly published practices"
    subtitle = (
        "Innovation practices in technical and vocational education and training."
    )
    link = reverse_lazy("practices:practice-list")
    item_count = 30

    def items(self):
        return (
            Practice.objects.published()
            .select_related("source")
            .newest()[: self.item_count]
        )

    def item_title(self, practice):
        return practice.title

    def item_description(self, practice):
        return practice.summary

    def item_pubdate(self, practice):
        return practice.published_at

    def item_updateddate(self, practice):
        return practice.updated_at
