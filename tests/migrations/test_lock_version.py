"""0017 calls the lock counter `lock_version` (its column stays `version`) and
rewrites the versions already in the history, which named it `version`, so
they restore as well as new ones."""

import json

from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from reversion.models import Revision, Version

from practices.curation.revisions import revert_own
from practices.models import Practice


def _history_before_the_rename(old):
    """A practice as it was stored before 0017, with one version of its own in
    the history, serialized the way django-reversion stored it then."""
    OldPractice = old.get_model("practices", "Practice")
    practice = OldPractice.objects.create(
        slug="solar-kits", title="Solar kits", summary="Before.", version=3
    )
    # The history's own tables are unchanged by our migrations.
    revision = Revision.objects.create(
        date_created="2026-01-01T00:00:00Z", comment="Before the rename"
    )
    Version.objects.create(
        revision=revision,
        object_id=str(practice.pk),
        content_type=ContentType.objects.get_for_model(Practice),
        db="default",
        format="json",
        # Every field as django-reversion serialized it then, "version" included.
        serialized_data=serializers.serialize("json", [practice]),
        object_repr="Solar kits",
    )
    return practice.pk


def test_the_lock_number_keeps_its_column_and_its_value(migrate):
    pk = _history_before_the_rename(migrate("0016_search_vectors_inline"))

    new = migrate("0017_lock_version")

    assert new.get_model("practices", "Practice").objects.get(pk=pk).lock_version == 3


def test_versions_stored_before_the_rename_name_the_new_field(migrate):
    pk = _history_before_the_rename(migrate("0016_search_vectors_inline"))

    migrate("0017_lock_version")
    migrate()  # today's models read the history

    (version,) = Version.objects.get_for_object_reference(Practice, pk)
    assert version.field_dict["lock_version"] == 3
    assert "version" not in json.loads(version.serialized_data)[0]["fields"]


def test_a_version_stored_before_the_rename_restores(migrate):
    pk = _history_before_the_rename(migrate("0016_search_vectors_inline"))
    migrate("0017_lock_version")
    migrate()  # today's models restore it
    practice = Practice.objects.get(pk=pk)
    practice.summary = "After."
    practice.save()

    (old,) = [
        v
        for v in Version.objects.get_for_object(practice)
        if v.field_dict["summary"] == "Before."
    ]
    revert_own(old)

    restored = Practice.objects.get(pk=pk)
    assert restored.summary == "Before."
    # Lock numbers only grow: a form opened before the restore is refused.
    assert restored.lock_version > 3


def test_the_rename_can_be_undone(migrate):
    pk = _history_before_the_rename(migrate("0016_search_vectors_inline"))
    migrate("0017_lock_version")

    old = migrate("0016_search_vectors_inline")

    (version,) = Version.objects.filter(object_id=str(pk))
    assert json.loads(version.serialized_data)[0]["fields"]["version"] == 3
    assert old.get_model("practices", "Practice").objects.get(pk=pk).version == 3
