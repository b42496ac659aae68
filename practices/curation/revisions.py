"""What django-reversion records together: a practice's version carries its
institution links and, for a community submission, who submitted it, so that
restoring or recovering it brings them back too.

A revision may hold many records (the seed and imports once saved everything
in one), so restoring a version restores that record and the records it
follows, never the whole revision."""

from itertools import chain, groupby

import reversion
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models.deletion import Collector
from reversion.models import _safe_revert
from reversion.revisions import _follow_relations_recursive, _get_options

from practices.models import Institution, Involvement, Practice, Submission


def register():
    if reversion.is_registered(Practice):
        return
    reversion.register(Practice, follow=["involvements", "submission"])
    reversion.register(Involvement)
    reversion.register(Submission)
    reversion.register(Institution)


def _followed_in_revision(version, revision_versions):
    """The versions of `revision_versions` that `version`'s record follows
    (its institution links, its submission), recursively."""
    model = version._model
    found = []
    for name in _get_options(model).follow:
        field = model._meta.get_field(name)
        content_type = ContentType.objects.get_for_model(field.related_model)
        candidates = [
            v for v in revision_versions if v.content_type_id == content_type.pk
        ]
        if field.concrete:  # a forward relation: the record points at it
            wanted = {str(version.field_dict.get(field.attname))}
            matches = [v for v in candidates if v.object_id in wanted]
        else:  # a reverse relation: it points at the record
            attname = field.field.attname
            matches = [
                v
                for v in candidates
                if str(v.field_dict.get(attname)) == str(version.object_id)
            ]
        for match in matches:
            found.append(match)
            found.extend(_followed_in_revision(match, revision_versions))
    return found


def own_versions(version):
    """`version` and the versions saved with it that belong to its record."""
    revision_versions = [
        v for v in version.revision.version_set.all() if v.db == version.db
    ]
    return [version, *_followed_in_revision(version, revision_versions)]


def revert_own(version):
    """Restore `version`'s record and what belongs to it as they were saved in
    it, and delete what belongs to the record now but did not then (a link
    added since). Every other record of the revision stays as it is."""
    versions = own_versions(version)
    with transaction.atomic(using=version.db):
        then = set()
        for v in versions:
            model = v._model
            id_field = _get_options(model).object_id_field
            obj = (
                model._default_manager.using(v.db)
                .filter(**{id_field: v.object_id})
                .first()
            )
            if obj is not None:
                then.add(obj)
        now = chain.from_iterable(_follow_relations_recursive(obj) for obj in then)
        added_since = [obj for obj in now if obj not in then]
        if added_since:
            collector = Collector(using=version.db)
            for _, group in groupby(
                sorted(added_since, key=lambda obj: obj._meta.label), type
            ):
                collector.collect(list(group))
            collector.delete()
        _safe_revert(versions)
