"""Keep derived data in step with the content: each practice's stored search
vector (its own text and its institutions' names), the lock numbers edit
conflicts rely on, the cached pages, and the published counts (see
practices.published_counts).

`connect()` (called from the app's `ready()`) registers every receiver for the
senders it concerns."""

from django.apps import apps
from django.core.cache import cache
from django.db.models import QuerySet
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save

from practices import published_counts
from practices.listing import search_index
from practices.listing.search import SYNONYMS_CACHE_KEY
from practices.models import (
    Challenge,
    Country,
    Institution,
    Involvement,
    Practice,
    PublishedCount,
    SearchSynonym,
    Theme,
)
from tvetkb import page_cache

# The links whose names are part of a practice's search document, by the name
# of the filter that reaches a practice from the linked object.
VOCABULARY_LINKS = {Theme: "themes", Challenge: "challenges", Country: "countries"}


def practice_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        Practice.objects.filter(pk=instance.pk).update_search_vectors()


def involvement_changed(sender, instance, raw=False, origin=None, **kwargs):
    if not raw and not deleting_practices(origin):
        Practice.objects.filter(pk=instance.practice_id).update_search_vectors()


def deleting_practices(origin):
    """Whether a deletion started from practices (`origin` of post_delete):
    their involvements go first, and their vectors are about to go too."""
    if isinstance(origin, Practice):
        return True
    return isinstance(origin, QuerySet) and origin.model is Practice


def institution_saved(sender, instance, raw=False, created=False, **kwargs):
    if not raw and not created:
        Practice.objects.filter(
            involvements__institution=instance
        ).update_search_vectors()


def practice_deleted(sender, instance, using, **kwargs):
    search_index.remove([instance.pk], using=using)


def vocabulary_renamed(sender, instance, raw=False, created=False, **kwargs):
    """A theme, challenge or country renamed: every practice carrying it is
    indexed again, in one statement."""
    if not raw and not created:
        Practice.objects.filter(
            **{VOCABULARY_LINKS[sender]: instance}
        ).update_search_vectors()


def vocabulary_linked(sender, instance, action, reverse, pk_set, **kwargs):
    """A practice gained or lost a theme, challenge or country (from either
    side of the link): index the practices concerned again."""
    if reverse and action == "pre_clear":
        # Which practices lose the link is known only before it goes.
        instance._unlinked_practice_ids = list(
            instance.practices.values_list("pk", flat=True)
        )
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if not reverse:
        practices = Practice.objects.filter(pk=instance.pk)
    elif action == "post_clear":
        practices = Practice.objects.filter(
            pk__in=getattr(instance, "_unlinked_practice_ids", [])
        )
    else:
        practices = Practice.objects.filter(pk__in=pk_set or [])
    practices.update_search_vectors()


def synonyms_changed(sender, **kwargs):
    cache.delete(SYNONYMS_CACHE_KEY)


def keep_lock_numbers_growing(sender, instance, raw=False, **kwargs):
    """A raw save (restoring a version from history, loading a fixture) writes
    the stored lock number (`lock_version`) as it was then; keep the current one
    instead, so lock numbers only grow and a form opened before the restore is
    refused."""
    if raw and instance.pk is not None:
        stored = (
            sender._default_manager.filter(pk=instance.pk)
            .values_list("lock_version", flat=True)
            .first()
        )
        if stored is not None and stored > instance.lock_version:
            instance.lock_version = stored


# Kept from the content by the receivers above, in the same transaction as the
# change that already expired the pages; a receiver of their own would make
# every deletion of their rows (a recount) go one row at a time.
DERIVED_MODELS = {PublishedCount}


def expire_cached_pages(sender, action="post_", **kwargs):
    """Any change to the knowledge base's content makes cached pages stale."""
    if not action.startswith("pre_"):  # m2m_changed fires before and after
        page_cache.content_changed()


def connect():
    published_counts.connect()
    post_save.connect(practice_saved, sender=Practice)
    for signal in (post_save, post_delete):
        signal.connect(involvement_changed, sender=Involvement)
    post_save.connect(institution_saved, sender=Institution)
    post_delete.connect(practice_deleted, sender=Practice)
    for model, link in VOCABULARY_LINKS.items():
        post_save.connect(vocabulary_renamed, sender=model)
        m2m_changed.connect(vocabulary_linked, sender=getattr(Practice, link).through)
    for signal in (post_save, post_delete):
        signal.connect(synonyms_changed, sender=SearchSynonym)
    for model in (Practice, Institution, Involvement):
        pre_save.connect(keep_lock_numbers_growing, sender=model)

    for model in apps.get_app_config("practices").get_models():
        if model in DERIVED_MODELS:
            continue
        for signal in (post_save, post_delete):
            signal.connect(expire_cached_pages, sender=model)
        for field in model._meta.local_many_to_many:
            m2m_changed.connect(expire_cached_pages, sender=field.remote_field.through)
