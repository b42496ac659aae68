"""Optimistic locking for admin forms: a curator who saves a record that someone
else changed since they opened it is refused, told what changed, and keeps
their own input in the form."""

from django import forms
from django.core import signing
from django.db import connection
from django.db.models import QuerySet
from django.forms.models import BaseInlineFormSet, model_to_dict
from django.utils.text import Truncator
from django.utils.translation import gettext as _

SIGNING_SALT = "tvetkb.edit-conflicts"
# The form fields carrying the lock.
BOOKKEEPING = {"loaded_version", "loaded_state"}


def comparable(value):
    """A field's value as a string (or sorted strings, for several objects).
    Text is compared with its line endings and surrounding white space
    normalised: a browser sends back CRLF for the LF it was given."""
    if isinstance(value, list | tuple | set | QuerySet):
        return sorted(str(getattr(item, "pk", item)) for item in value)
    if isinstance(value, str):
        return value.replace("\r\n", "\n").replace("\r", "\n").strip()
    return "" if value is None else str(getattr(value, "pk", value))


def link_state(instance):
    """A practice's institution links as "pk:institution:role" strings."""
    return sorted(
        f"{i.pk}:{i.institution_id}:{i.role}" for i in instance.involvements.all()
    )


def snapshot(instance, field_names):
    """The values of `field_names` (and the institutions a practice links to),
    as comparable strings."""
    values = model_to_dict(instance, fields=field_names)
    state = {name: comparable(values.get(name)) for name in field_names}
    if hasattr(instance, "involvements"):
        state["involvements"] = link_state(instance)
    return state


def loaded_state(signed):
    """The values a form was opened with, or None if they cannot be trusted."""
    try:
        return signing.loads(signed or "", salt=SIGNING_SALT)
    except signing.BadSignature:
        return None


class EditConflictForm(forms.ModelForm):
    """A ModelForm for a model with a `lock_version` field. It carries the lock
    number (and a signed copy of the values) the curator loaded; on save, if
    the stored number has moved on, it refuses with a message naming the fields
    that changed. The form then holds the other curator's new values in the
    fields this curator left alone, and this curator's input everywhere else;
    it carries the current number, so saving it again is a deliberate choice."""

    loaded_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    loaded_state = forms.CharField(widget=forms.HiddenInput, required=False)
    # The lock number to carry instead of the instance's (set when the form
    # shows an older version being restored).
    loaded_version_override = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["loaded_version"] = (
                self.loaded_version_override or self.instance.lock_version
            )
            self.initial["loaded_state"] = self._signed_state(self.instance)

    @property
    def changed_data(self):
        # The lock's hidden fields are bookkeeping, not a curator's change
        # (the admin's change message and history list changed_data).
        return [name for name in super().changed_data if name not in BOOKKEEPING]

    def _tracked_fields(self):
        return [
            name
            for name in self.fields
            if name not in BOOKKEEPING
            and name in {f.name for f in self._meta.model._meta.get_fields()}
        ]

    def _signed_state(self, instance):
        return signing.dumps(
            snapshot(instance, self._tracked_fields()), salt=SIGNING_SALT
        )

    def clean(self):
        cleaned_data = super().clean()
        if not self.instance.pk or cleaned_data.get("loaded_version") is None:
            return cleaned_data
        current = self._current()
        if current.lock_version == cleaned_data[
            "loaded_version"
        ] and not self._links_changed_since_loaded(current, cleaned_data):
            return cleaned_data

        changed = self._changed_since_loaded(current, cleaned_data.get("loaded_state"))
        # The next save of this form is made knowing about the conflict.
        data = self.data.copy()
        data[self.add_prefix("loaded_version")] = current.lock_version
        data[self.add_prefix("loaded_state")] = self._signed_state(current)
        taken = self._take_theirs(data, current, changed or [], cleaned_data)
        self.data = data
        raise forms.ValidationError(
            self._conflict_message(current, changed, taken), code="conflict"
        )

    def _take_theirs(self, data, current, changed, cleaned_data):
        """Put the other curator's value in each changed field this curator did
        not touch, so saving again does not undo their work. Returns the names."""
        try:
            loaded = signing.loads(
                cleaned_data.get("loaded_state") or "", salt=SIGNING_SALT
            )
        except signing.BadSignature:
            return []
        theirs = model_to_dict(current, fields=self._tracked_fields())
        taken = []
        for name in changed:
            if name not in self.fields or name not in cleaned_data:
                continue
            if comparable(cleaned_data[name]) != loaded.get(name):
                continue  # this curator changed it too: keep their input
            key, value = self.add_prefix(name), theirs.get(name)
            if isinstance(value, list):
                data.setlist(key, [str(getattr(v, "pk", v)) for v in value])
            elif isinstance(value, bool):
                if value:
                    data[key] = "on"
                else:
                    data.pop(key, None)
            else:
                data[key] = "" if value is None else str(value)
            taken.append(name)
        return taken

    def _current(self):
        rows = type(self.instance)._default_manager.filter(pk=self.instance.pk)
        if connection.in_atomic_block:
            # Hold the row until this save's transaction ends.
            rows = rows.select_for_update()
        return rows.get()

    def _links_changed_since_loaded(self, current, cleaned_data):
        """Institution links are edited on their own too (without a new version
        of the practice): compare them with what the form was opened with."""
        if not hasattr(current, "involvements"):
            return False
        try:
            loaded = signing.loads(
                cleaned_data.get("loaded_state") or "", salt=SIGNING_SALT
            )
        except signing.BadSignature:
            return False
        now = snapshot(current, [])["involvements"]
        return "involvements" in loaded and loaded["involvements"] != now

    def _changed_since_loaded(self, current, signed_state):
        try:
            loaded = signing.loads(signed_state or "", salt=SIGNING_SALT)
        except signing.BadSignature:
            return None
        now = snapshot(current, self._tracked_fields())
        return [name for name in now if loaded.get(name) != now[name]]

    def _label(self, name):
        if name == "involvements":
            return "institutions"
        field = self.fields.get(name)
        return str(field.label if field and field.label else name).lower()

    def _shown(self, current, name):
        """A changed field's new value as a curator reads it: a choice's
        label, not its stored value; text shortened."""
        field = (
            self._meta.model._meta.get_field(name)
            if name in {f.name for f in self._meta.model._meta.get_fields()}
            else None
        )
        value = getattr(current, name, None)
        if field is not None and getattr(field, "choices", None) and value:
            return str(dict(field.flatchoices).get(value, value))
        if isinstance(value, str) and value:
            return Truncator(value).chars(80)
        return None

    def _conflict_message(self, current, changed, taken=()):
        what = type(current)._meta.verbose_name
        if changed:
            details = []
            for name in changed:
                shown = self._shown(current, name)
                details.append(
                    _("%(field)s (now “%(value)s”)")
                    % {"field": self._label(name), "value": shown}
                    if shown
                    else self._label(name)
                )
            changed_text = _("They changed: %(fields)s. ") % {
                "fields": "; ".join(details)
            }
        elif changed is None:
            changed_text = ""
        else:
            changed_text = _("They changed its related records. ")
        taken_text = (
            _(
                "The form now shows their new %(fields)s; everything you changed "
                "keeps your input. "
            )
            % {"fields": ", ".join(self._label(name) for name in taken)}
            if taken
            else _("Your input is still in the form below. ")
        )
        return _(
            "Someone else saved this %(what)s after you opened it, so your changes "
            "were not saved. %(changed)s%(taken)sCheck the form (the history shows "
            "their change), then save again."
        ) % {"what": what, "changed": changed_text, "taken": taken_text}


class LinkConflictFormSet(BaseInlineFormSet):
    """The inline of a practice's institution links, aware of edit conflicts.

    When the links changed since the page was opened (another curator saved
    the practice, or a link on its own page), the rows are rebuilt from the
    stored links: the other curator's links and roles are shown, this
    curator's own row edits are kept (theirs win where both changed one row),
    and a row whose link no longer exists is dropped and explained rather than
    failing with an error no one can see."""

    link_fields = ("institution", "role")

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        self.conflict_notes = []
        if self.is_bound and self.instance.pk:
            self._merge_stored_links()

    def clean(self):
        super().clean()
        if self.conflict_notes:
            raise forms.ValidationError(self.conflict_notes, code="conflict")

    def _posted_rows(self):
        total = _int(self.data.get(f"{self.prefix}-TOTAL_FORMS"))
        initial = _int(self.data.get(f"{self.prefix}-INITIAL_FORMS"))
        rows, added = {}, []
        for index in range(total or 0):
            key = f"{self.prefix}-{index}-"
            row = {
                name[len(key) :]: self.data.getlist(name)
                for name in self.data
                if name.startswith(key)
            }
            pk = _int(self.data.get(f"{key}id"))
            if index < (initial or 0) and pk is not None:
                rows[pk] = row
            elif index >= (initial or 0):
                added.append(row)
        return rows, added

    def _merge_stored_links(self):
        stored = {link.pk: link for link in self.get_queryset()}
        loaded = loaded_state(self.data.get("loaded_state"))
        loaded_links = None
        if loaded is not None and "involvements" in loaded:
            loaded_links = {}
            for item in loaded["involvements"]:
                pk, institution, role = item.split(":", 2)
                loaded_links[int(pk)] = (institution, role)
        posted, added = self._posted_rows()
        stored_links = {
            pk: (str(link.institution_id), link.role) for pk, link in stored.items()
        }
        if (loaded_links is None or loaded_links == stored_links) and set(
            posted
        ) <= set(stored):
            return  # nothing moved under this form

        rows = []
        for pk, link in stored.items():
            theirs = stored_links[pk]
            mine = posted.get(pk)
            was = (loaded_links or {}).get(pk)
            if mine is not None and (
                was is None or self._values(mine) != was or _checked(mine, "DELETE")
            ):
                rows.append(mine)  # this curator's own edit of the row
                continue
            rows.append({"id": [str(pk)], **self._as_row(theirs)})
            if was is None and loaded_links is not None:
                self.conflict_notes.append(
                    _("Someone else added the link to %(link)s.") % {"link": link}
                )
            elif was is not None and was != theirs:
                self.conflict_notes.append(
                    _("Someone else changed the link to %(link)s.") % {"link": link}
                )
        for pk, mine in posted.items():
            if pk in stored:
                continue
            name = self._describe(mine, (loaded_links or {}).get(pk))
            note = _(
                "Someone else removed the link to %(link)s after you opened this "
                "page; it is no longer in the form."
            ) % {"link": name}
            if (loaded_links or {}).get(pk) not in (None, self._values(mine)):
                note += " " + _(
                    "Your change to it was not saved: add it again below if it "
                    "should stay."
                )
            self.conflict_notes.append(note)

        data = self.data.copy()
        for name in list(data):
            if (
                name.startswith(f"{self.prefix}-")
                and name[len(self.prefix) + 1].isdigit()
            ):
                del data[name]
        for index, row in enumerate([*rows, *added]):
            for field, values in row.items():
                data.setlist(f"{self.prefix}-{index}-{field}", values)
            data[f"{self.prefix}-{index}-{self.fk.name}"] = str(self.instance.pk)
        data[f"{self.prefix}-TOTAL_FORMS"] = str(len(rows) + len(added))
        data[f"{self.prefix}-INITIAL_FORMS"] = str(len(rows))
        self.data = data

    def _values(self, row):
        return tuple((row.get(name) or [""])[0] for name in self.link_fields)

    def _as_row(self, values):
        return {
            name: [value] for name, value in zip(self.link_fields, values, strict=True)
        }

    def _describe(self, row, loaded):
        from practices.models import Institution, Involvement

        institution_pk, role = loaded or self._values(row)
        institution = Institution.objects.filter(pk=_int(institution_pk)).first()
        roles = dict(Involvement.Role.choices)
        return f"{institution or institution_pk} ({roles.get(role, role)})"


def _checked(row, name):
    return any(value.lower() not in ("", "false") for value in row.get(name, []))


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
