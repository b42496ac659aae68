from django.contrib.syndication.views import Feed
from django.urls import reverse, reverse_lazy
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from practices.content_languages import localized_text
from practices.models import Practice
from practices.open_data import languages as in_languages
from practices.open_data.licence import content_licence
from practices.plain_text import without_control_characters


class LanguageTaggedAtomFeed(Atom1Feed):
    """Atom whose entries say the language of their texts (`xml:lang`), given
    when the feed is asked for in a language (`?lang=`): the entry's is its
    title's, and a summary in another language says its own."""

    def item_attributes(self, item):
        attributes = super().item_attributes(item)
        if item.get("title_language"):
            attributes["xml:lang"] = item["title_language"]
        return attributes

    def add_item_elements(self, handler, item):
        summary_language = item.get("summary_language")
        if not summary_language or summary_language == item["title_language"]:
            super().add_item_elements(handler, item)
            return
        summary = item["description"]
        super().add_item_elements(handler, {**item, "description": None})
        if summary:
            handler.addQuickElement(
                "summary", summary, {"type": "html", "xml:lang": summary_language}
            )


class NewPracticesFeed(Feed):
    """Atom feed of the newest published practices; in French, Spanish or
    Arabic with `?lang=` (each text in English where not translated yet)."""

    feed_type = LanguageTaggedAtomFeed
    title = _("tvetkb: newly published practices")
    subtitle = _(
        "Innovation practices in technical and vocational education and training."
    )
    link = reverse_lazy("practices:practice-list")
    item_count = 30

    def __call__(self, request, *args, **kwargs):
        try:
            language = in_languages.requested_language(request.GET)
        except in_languages.UnknownLanguage as error:
            return in_languages.unknown_language_response(error)
        request.asked_language = language
        with in_languages.texts_in(language):
            return super().__call__(request, *args, **kwargs)

    def get_object(self, request, *args, **kwargs):
        # The feed's "object": the language asked for (None: none).
        return request.asked_language

    def feed_url(self, language):
        if language is None:
            return None  # the address asked for, as always
        return f"{reverse('practices-feed')}?lang={language}"

    def feed_copyright(self):
        # Atom's <rights>: the content's licence, when one is set.
        licence = content_licence()
        if not licence:
            return None
        return " ".join(filter(None, [licence["name"], licence["url"]]))

    def items(self, language):
        practices = list(
            Practice.objects.published()
            .select_related("source")
            .newest()[: self.item_count]
        )
        for practice in practices:
            practice.asked_language = language
        return practices

    # XML cannot carry control characters: text stored before they were
    # refused is shown without them rather than failing the whole feed.
    def item_title(self, practice):
        return without_control_characters(self._text(practice, "title"))

    def item_description(self, practice):
        return without_control_characters(self._text(practice, "summary"))

    def _text(self, practice, field):
        if practice.asked_language is None:
            return getattr(practice, field)
        return str(localized_text(practice, field, practice.asked_language))

    def item_pubdate(self, practice):
        return practice.published_at

    def item_updateddate(self, practice):
        return practice.updated_at

    def item_extra_kwargs(self, practice):
        language = practice.asked_language
        if language is None:
            return {}
        return {
            "title_language": localized_text(practice, "title", language).lang,
            "summary_language": localized_text(practice, "summary", language).lang,
        }
