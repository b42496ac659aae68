"""Keep derived data in step with the content: each practice's stored search
vector (its own text and its institutions' names), the lock numbers edit
conflicts rely on, and the cached pages.

`connect()` (called from the app's `ready()`) registers every receiver for the
senders it concerns."""

from django.apps import apps
from django.db.models import QuerySet
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save

from practices.models import Institution, Involvement, Practice
from tvetkb import page_cache


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


def keep_lock_numbers_growing(sender, instance, raw=False, **kwargs):
    """A raw save (restoring a version from history, loading a fixture) writes
    the stored lock number (`version`) as it was then; keep the current one
    instead, so lock numbers only grow and a form opened before the restore is
    refused."""
    if raw and instance.pk is not None:
        stored = (
            sender._default_manager.filter(pk=instance.pk)
            .values_list("version", flat=True)
            .first()
        )
        if stored is not None and stored > instance.version:
            instance.version = stored


def expire_cached_pages(sender, action="post_", **kwargs):
    """Any change to the knowledge base's content makes cached pages stale."""
    if not action.startswith("pre_"):  # m2m_changed fires before and after
        page_cache.content_changed()


def connect():
    post_save.connect(practice_saved, sender=Practice)
    for signal in (post_save, post_delete):
        signal.connect(involvement_changed, sender=Involvement)
    post_save.connect(institution_saved, sender=Institution)
    for model in (Practice, Institution):
        pre_save.connect(keep_lock_numbers_growing, sender=model)

    for model in apps.get_app_config("practices").get_models():
        for signal in (post_save, post_delete):
            signal.connect(expire_cached_pages, sender=model)
        for field in model._meta.local_many_to_many:
            m2m_changed.connect(expire_cached_pages, sender=field.remote_field.through)
