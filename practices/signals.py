"""Keep each practice's stored search vector in step with what it is searched by:
its own text and the names of its institutions."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from practices.models import Institution, Involvement, Practice


@receiver(post_save, sender=Practice)
def practice_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        Practice.objects.filter(pk=instance.pk).update_search_vectors()


@receiver(post_save, sender=Involvement)
@receiver(post_delete, sender=Involvement)
def involvement_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        Practice.objects.filter(pk=instance.practice_id).update_search_vectors()


@receiver(post_save, sender=Institution)
def institution_saved(sender, instance, raw=False, created=False, **kwargs):
    if not raw and not created:
        Practice.objects.filter(
            involvements__institution=instance
        ).update_search_vectors()
