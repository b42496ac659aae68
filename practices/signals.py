"""Keep derived data in step: each practice's stored search vector (its own text
and its institutions' names), the version numbers edit conflicts rely on, and
the cached pages."""

from django.db.models import QuerySet
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.dispatch import receiver

from practices import page_cache
from practices.models import Institution, Involvement, Practice


@receiver(post_save, sender=Practice)
def practice_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        Practice.objects.filter(pk=instance.pk).update_search_vectors()


@receiver(post_save, sender=Involvement)
@receiver(post_delete, sender=Involvement)
def involvement_changed(sender, instance, raw=False, origin=None, **kwargs):
    if not raw and not deleting_practices(origin):
        Practice.objects.filter(pk=instance.practice_id).update_search_vectors()


def deleting_practices(origin):
    """Whether a deletion started from practices (`origin` of post_delete):
    their involvements go first, and their vectors are about to go too."""
    if isinstance(origin, Practice):
        return True
    return isinstance(origin, QuerySet) and origin.model is Practice


@receiver(post_save, sender=Institution)
def institution_saved(sender, instance, raw=False, created=False, **kwargs):
    if not raw and not created:
        Practice.objects.filter(
            involvements__institution=instance
        ).update_search_vectors()


@receiver(pre_save, sender=Practice)
@receiver(pre_save, sender=Institution)
@receiver(pre_save, sender=Involvement)
def keep_versions_growing(sender, instance, raw=False, **kwargs):
    """A raw save (restoring a version from history, loading a fixture) writes
    the stored `version` as it was then; keep the current one instead, so
    version numbers only grow and a form opened before the restore is refused."""
    if raw and instance.pk is not None:
        stored = (
            sender._default_manager.filter(pk=instance.pk)
            .values_list("version", flat=True)
            .first()
        )
        if stored is not None and stored > instance.version:
            instance.version = stored


@receiver(post_save)
@receiver(post_delete)
@receiver(m2m_changed)
def content_changed(sender, **kwargs):
    """Any change to the knowledge base's content makes cached pages stale."""
    if kwargs.get("action", "post_").startswith("pre_"):
        return  # m2m_changed fires before and after; after is enough
    if getattr(sender, "_meta", None) and sender._meta.app_label == "practices":
        page_cache.content_changed()
