"""What changed between the saved versions of a record, for the admin history:
who, when, which fields, before and after."""

from django.contrib.contenttypes.models import ContentType
from django.utils.text import Truncator
from reversion.models import Version

from practices.content_languages import ORIGINAL_LANGUAGE

# Bookkeeping that changes on every save and tells a curator nothing.
IGNORED_FIELDS = {"id", "lock_version", "updated_at", "created_at"}
NOTHING = (None, "")


def _display(field, value, names):
    if value in (None, "", []):
        return "—"
    if field.many_to_many:
        return ", ".join(sorted(names.get((field.name, pk), str(pk)) for pk in value))
    if field.is_relation:
        return names.get((field.name, value), str(value))
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    return Truncator(str(value)).chars(300)


def _related_names(model, field_dicts):
    """Names of every related object the versions point at, fetched in one query
    per relation."""
    names = {}
    for field in model._meta.get_fields():
        if not ((field.concrete or field.many_to_many) and field.is_relation):
            continue
        key = field.attname if not field.many_to_many else field.name
        pks = set()
        for data in field_dicts:
            value = data.get(key)
            pks.update(value if isinstance(value, list) else [value])
        pks.discard(None)
        for pk, obj in field.related_model._default_manager.in_bulk(pks).items():
            names[(field.name, pk)] = str(obj)
    return names


def _involvement_rows(versions):
    """The institution links saved with each practice version: its own, even
    when its revision holds other practices' too."""
    from practices.models import Involvement

    content_type = ContentType.objects.get_for_model(Involvement)
    return [
        [
            v.field_dict
            for v in version.revision.version_set.all()
            if v.content_type_id == content_type.pk
            and str(v.field_dict["practice_id"]) == str(version.object_id)
        ]
        for version in versions
    ]


def _involvement_labels(rows_per_version):
    from practices.models import Institution, Involvement

    institutions = Institution.objects.in_bulk(
        {row["institution_id"] for rows in rows_per_version for row in rows}
    )
    roles = dict(Involvement.Role.choices)
    return [
        sorted(
            f"{institutions.get(r['institution_id'], r['institution_id'])} "
            f"({roles.get(r['role'], r['role'])})"
            for r in rows
        )
        for rows in rows_per_version
    ]


def version_changes(model, versions):
    """For each version (oldest first): [(label, before, after), ...] against the
    version before it; the first version lists nothing (it was created)."""
    versions = list(versions)
    field_dicts = [v.field_dict for v in versions]
    names = _related_names(model, field_dicts)
    fields = [
        f
        for f in model._meta.get_fields()
        if (f.concrete or f.many_to_many)
        and f.name not in IGNORED_FIELDS
        and not f.auto_created
        # The English column repeats the original field (title [en] is title).
        and getattr(f, "language", None) != ORIGINAL_LANGUAGE
    ]
    follow_involvements = model._meta.model_name == "practice"
    involvement_labels = (
        _involvement_labels(_involvement_rows(versions))
        if follow_involvements
        else [None] * len(versions)
    )
    changes, previous, previous_involvements = {}, None, None
    for version, data, involvements in zip(
        versions, field_dicts, involvement_labels, strict=True
    ):
        rows = []
        if previous is not None:
            for field in fields:
                key = field.name if field.many_to_many else field.attname
                before, after = previous.get(key), data.get(key)
                if isinstance(before, list):
                    before, after = sorted(before), sorted(after or [])
                if before in NOTHING and after in NOTHING:
                    continue  # an empty translation saved as "" rather than None
                if before != after:
                    rows.append(
                        (
                            str(field.verbose_name),
                            _display(field, before, names),
                            _display(field, after, names),
                        )
                    )
            if follow_involvements and involvements != previous_involvements:
                rows.append(
                    (
                        "institutions",
                        "; ".join(previous_involvements) or "—",
                        "; ".join(involvements) or "—",
                    )
                )
        changes[version.pk] = rows
        previous, previous_involvements = data, involvements
    return changes


def versions_for(model, object_id):
    return (
        Version.objects.get_for_object_reference(model, object_id)
        .select_related("revision", "revision__user")
        .prefetch_related("revision__version_set")
        .order_by("pk")
    )
