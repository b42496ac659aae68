"""Bulk import and export of practices and institutions (CSV, Excel, ...).

Related records are named by slug (or country code) so a spreadsheet reads
naturally; several values share a cell, separated by "|". An import is all or
nothing: one invalid row and nothing is written."""

import reversion
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django_countries import countries
from import_export import fields, resources, widgets
from modeltranslation.fields import TranslationField

from practices.content_languages import (
    TRANSLATION_LANGUAGES,
    translated_fields,
)
from practices.content_languages import column as language_column
from practices.curation.publication import NOT_ALLOWED_MESSAGE, status_change_allowed
from practices.models import (
    Challenge,
    Country,
    Institution,
    Involvement,
    Practice,
    Source,
    Theme,
)
from practices.open_data.exports import neutralise, unneutralise
from practices.plain_text import without_control_characters
from tvetkb import page_cache

SEPARATOR = "|"


def translation_columns(model):
    """A column per translated field and language (title_fr, summary_fr, ...,
    title_ar, ...) after the English ones, so a translator can work offline."""
    return [
        language_column(field, language)
        for language in TRANSLATION_LANGUAGES
        for field in translated_fields(model)
    ]


class TranslationWidget(widgets.CharWidget):
    """An empty translation cell is "not translated" (NULL, as the admin saves
    it), so an unchanged row stays unchanged."""

    def clean(self, value, row=None, **kwargs):
        return super().clean(value, row, **kwargs) or None


class StrictManyToManyWidget(widgets.ManyToManyWidget):
    """Like ManyToManyWidget, but a value that names nothing is an error rather
    than being dropped without a word."""

    def clean(self, value, row=None, **kwargs):
        found = super().clean(value, row=row, **kwargs)
        if not value:
            return found
        wanted = {v.strip() for v in str(value).split(self.separator) if v.strip()}
        known = {str(getattr(obj, self.field)) for obj in found}
        if missing := sorted(wanted - known):
            raise ValueError(
                f"Unknown {self.model._meta.verbose_name}: {', '.join(missing)}"
            )
        return found


class CountryCodesWidget(StrictManyToManyWidget):
    """Country codes: any ISO 3166-1 code is accepted (its country is added to
    the table if it is not there yet); anything else is an error."""

    def clean(self, value, row=None, **kwargs):
        for code in {v.strip().upper() for v in str(value or "").split(self.separator)}:
            if (
                code
                and code in dict(countries)
                and not Country.objects.filter(pk=code).exists()
            ):
                Country.objects.create(code=code)
        if value:
            value = self.separator.join(
                v.strip().upper() for v in str(value).split(self.separator)
            )
        return super().clean(value, row=row, **kwargs)


class StrictForeignKeyWidget(widgets.ForeignKeyWidget):
    def clean(self, value, row=None, **kwargs):
        try:
            return super().clean(value, row=row, **kwargs)
        except self.model.DoesNotExist as error:
            raise ValueError(
                f"Unknown {self.model._meta.verbose_name}: {value}"
            ) from error


class AllOrNothingResource(resources.ModelResource):
    """Imports roll back entirely when any row is invalid, and are recorded in
    the history like an edit in the admin."""

    @classmethod
    def widget_from_django_field(cls, f, default=widgets.Widget):
        if isinstance(f, TranslationField):
            return TranslationWidget
        return super().widget_from_django_field(f, default)

    def import_data(self, dataset, dry_run=False, **kwargs):
        kwargs.setdefault("use_transactions", True)
        kwargs.setdefault("rollback_on_validation_errors", True)
        # The cached pages are made stale once for the import, not per row.
        with page_cache.one_change():
            if dry_run:
                return super().import_data(dataset, dry_run=True, **kwargs)
            with transaction.atomic():
                result = super().import_data(dataset, dry_run=False, **kwargs)
                if result.has_errors() or result.has_validation_errors():
                    # Nothing was imported: record no revision either.
                    transaction.set_rollback(True)
            return result

    def before_import(self, dataset, **kwargs):
        """One file names each record once: otherwise its last row would
        silently win over the earlier ones."""
        super().before_import(dataset, **kwargs)
        [key] = self._meta.import_id_fields
        if key not in (dataset.headers or []):
            return
        rows = {}
        for number, value in enumerate(dataset[key], 1):
            rows.setdefault(str(value or "").strip(), []).append(number)
        repeated = [
            _("“%(value)s” in rows %(rows)s")
            % {"value": value, "rows": ", ".join(map(str, numbers))}
            for value, numbers in rows.items()
            if value and len(numbers) > 1
        ]
        if repeated:
            raise ValueError(
                _(
                    "Each row must name a different record, but the file repeats "
                    "the %(key)s %(repeated)s. Nothing was imported."
                )
                % {"key": key, "repeated": "; ".join(repeated)}
            )

    def export_field(self, field, instance, **kwargs):
        # Excel files are XML: text stored before control characters were
        # refused is exported without them rather than failing the export.
        # Text that a spreadsheet would run as a formula ("=HYPERLINK(...)")
        # is escaped as in the public CSV, and unescaped on import.
        value = super().export_field(field, instance, **kwargs)
        if isinstance(value, str):
            return neutralise(value)
        return without_control_characters(value)

    def before_import_row(self, row, **kwargs):
        super().before_import_row(row, **kwargs)
        for column, value in row.items():
            row[column] = unneutralise(value)

    def import_row(self, row, instance_loader, **kwargs):
        if kwargs.get("dry_run"):
            # A preview writes nothing, so it leaves no trace in the history.
            return super().import_row(row, instance_loader, **kwargs)
        # A revision per row: restoring one record later touches no other.
        with reversion.create_revision():
            reversion.set_comment("Imported from a file.")
            if kwargs.get("user") is not None:
                reversion.set_user(kwargs["user"])
            return super().import_row(row, instance_loader, **kwargs)

    def import_instance(self, instance, row, **kwargs):
        # Importing needs the add permission; rewriting a row that exists
        # needs the change permission as well.
        user = kwargs.get("user")
        if instance.pk and user is not None:
            opts = self._meta.model._meta
            if not user.has_perm(f"{opts.app_label}.change_{opts.model_name}"):
                raise ValidationError(
                    _(
                        "“%(key)s” already exists, and you may add records but not "
                        "change them."
                    )
                    % {"key": getattr(instance, self._meta.import_id_fields[0])}
                )
        super().import_instance(instance, row, **kwargs)


def many(model, field, column):
    return fields.Field(
        attribute=column,
        column_name=column,
        widget=StrictManyToManyWidget(model, field=field, separator=SEPARATOR),
    )


class InstitutionResource(AllOrNothingResource):
    country = fields.Field(
        attribute="country",
        column_name="country",
        widget=StrictForeignKeyWidget(Country, field="code"),
    )

    class Meta:
        model = Institution
        import_id_fields = ["slug"]
        fields = [
            "slug",
            "name",
            "kind",
            "country",
            "city",
            "website",
            "description",
            *translation_columns(Institution),
        ]
        export_order = fields
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True


class PracticeResource(AllOrNothingResource):
    source = fields.Field(
        attribute="source",
        column_name="source",
        widget=StrictForeignKeyWidget(Source, field="slug"),
    )
    countries = fields.Field(
        attribute="countries",
        column_name="countries",
        widget=CountryCodesWidget(Country, field="code", separator=SEPARATOR),
    )
    themes = many(Theme, "slug", "themes")
    challenges = many(Challenge, "slug", "challenges")
    institutions = fields.Field(column_name="institutions", readonly=False)
    # Set by the publication workflow, exported for information only.
    published_at = fields.Field(
        attribute="published_at", column_name="published_at", readonly=True
    )

    class Meta:
        model = Practice
        import_id_fields = ["slug"]
        fields = [
            "slug",
            "title",
            "status",
            "summary",
            "description",
            "scope",
            "countries",
            "themes",
            "challenges",
            "institutions",
            "target_groups",
            "context",
            "transferability",
            "website",
            "evidence_level",
            "last_verified",
            "source",
            "source_section",
            "published_at",
            *translation_columns(Practice),
        ]
        export_order = fields
        clean_model_instances = True
        # An unchanged row is not saved: no new version, no spurious conflict.
        skip_unchanged = True
        report_skipped = True

    def dehydrate_institutions(self, practice):
        """Institutions with their role: "slug:role|slug:role"."""
        return SEPARATOR.join(
            f"{i.institution.slug}:{i.role}" for i in practice.involvements.all()
        )

    def import_field(self, field, instance, row, is_m2m=False, **kwargs):
        if field.column_name == "institutions":
            return  # applied after the practice is saved, in save_m2m()
        super().import_field(field, instance, row, is_m2m=is_m2m, **kwargs)

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        status_before = instance.status if instance.pk else None
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        user = kwargs.get("user")
        if user is not None and not status_change_allowed(
            user, status_before, instance.status
        ):
            errors["status"] = [
                NOT_ALLOWED_MESSAGE
                % {"old": status_before or "new", "new": instance.status}
            ]
        # Check the related values now, so a bad one is reported with the row
        # before anything is saved.
        for field in self.get_import_fields():
            if (
                isinstance(field.widget, widgets.ManyToManyWidget)
                and field.column_name in row
            ):
                try:
                    field.clean(row)
                except ValueError as error:
                    errors[field.attribute] = [str(error)]
        if "institutions" in row:
            try:
                instance._imported_involvements = parse_involvements(
                    row["institutions"]
                )
            except ValueError as error:
                errors["institutions"] = [str(error)]
        if errors:
            raise ValidationError(errors)

    def skip_row(self, instance, original, row, import_validation_errors=None):
        # The institutions column is not a model field, so the default
        # comparison cannot see a change to it.
        links = getattr(instance, "_imported_involvements", None)
        if links is not None and instance.pk:
            current = {(i.institution_id, i.role) for i in instance.involvements.all()}
            if current != {(institution.pk, role) for institution, role in links}:
                return False
        return super().skip_row(instance, original, row, import_validation_errors)

    def save_m2m(self, instance, row, **kwargs):
        super().save_m2m(instance, row, **kwargs)
        links = getattr(instance, "_imported_involvements", None)
        if links is None:
            return
        instance.involvements.exclude(institution__in=[i for i, _ in links]).delete()
        for institution, role in links:
            Involvement.objects.update_or_create(
                practice=instance, institution=institution, defaults={"role": role}
            )


def parse_involvements(value):
    """[(institution, role), ...] from "slug:role|slug:role" (role defaults to lead)."""
    pairs = []
    for item in filter(
        None, (part.strip() for part in str(value or "").split(SEPARATOR))
    ):
        slug, _, role = item.partition(":")
        role = role.strip() or Involvement.Role.LEAD
        if role not in Involvement.Role.values:
            raise ValueError(f"Unknown role “{role}” for {slug}.")
        pairs.append((slug.strip(), role))
    found = Institution.objects.in_bulk([slug for slug, _ in pairs], field_name="slug")
    if missing := sorted({slug for slug, _ in pairs} - set(found)):
        raise ValueError(f"Unknown institution: {', '.join(missing)}")
    return [(found[slug], role) for slug, role in pairs]
