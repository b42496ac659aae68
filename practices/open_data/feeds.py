from django.contrib.syndication.views import Feed
from django.urls import reverse_lazy
from django.utils.feedgenerator import Atom1Feed

from practices.models import Practice
from practices.open_data.licence import content_licence
from practices.plain_text import without_control_characters


class NewPracticesFeed(Feed):
    """Atom feed of the newest published practices."""

    feed_type = Atom1Feed
    title = "tvetkb: newly published practices"
    subtitle = (
        "Innovation practices in technical and vocational education and training."
    )
    link = reverse_lazy("practices:practice-list")
    item_count = 30

    def feed_copyright(self):
        # Atom's <rights>: the content's licence, when one is set.
        licence = content_licence()
        if not licence:
            return None
        return " ".join(filter(None, [licence["name"], licence["url"]]))

    def items(self):
        return (
            Practice.objects.published()
            .select_related("source")
            .newest()[: self.item_count]
        )

    # XML cannot carry control characters: text stored before they were
    # refused is shown without them rather than failing the whole feed.
    def item_title(self, practice):
        return without_control_characters(practice.title)

    def item_description(self, practice):
        return without_control_characters(practice.summary)

    def item_pubdate(self, practice):
        return practice.published_at

    def item_updateddate(self, practice):
        return practice.updated_at
