"""The public "Share a practice" form."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from practices.content_languages import content_language
from practices.models import Challenge, Institution, Involvement, Theme
from practices.plain_text import validate_plain_text


def country_choices():
    """Every country, named and sorted in the page's language."""
    return [("", _("None")), *countries]


class SubmissionForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        validators=[validate_plain_text],
        max_length=200,
        help_text=_("A short name for the practice, e.g. “Electronics lab on wheels”."),
    )
    summary = forms.CharField(
        label=_("Summary"),
        validators=[validate_plain_text],
        max_length=1500,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "One paragraph: what it is and why it matters (1,500 characters at most)."
        ),
    )
    description = forms.CharField(
        label=_("Description"),
        validators=[validate_plain_text],
        max_length=10000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("How it works, who takes part, what changed (optional)."),
    )
    # Three plain selects rather than one multiple select: usable on a phone, by
    # keyboard and with a screen reader, with no Ctrl-click.
    country_1 = forms.ChoiceField(
        choices=country_choices,
        required=False,
        label=_("Country"),
        help_text=_("Leave empty for an international practice."),
    )
    country_2 = forms.ChoiceField(
        choices=country_choices, required=False, label=_("Second country")
    )
    country_3 = forms.ChoiceField(
        choices=country_choices, required=False, label=_("Third country")
    )
    themes = forms.ModelMultipleChoiceField(
        label=_("Themes"),
        queryset=Theme.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    challenges = forms.ModelMultipleChoiceField(
        queryset=Challenge.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Challenges it answers"),
    )
    institution = forms.CharField(
        validators=[validate_plain_text],
        max_length=200,
        label=_("Institution"),
        help_text=_(
            "The school, college, company or organisation behind it. Pick a "
            "suggestion or type a new name."
        ),
        widget=forms.TextInput(
            attrs={"list": "institution-names", "autocomplete": "off"}
        ),
    )
    role = forms.ChoiceField(
        choices=Involvement.Role.choices,
        initial=Involvement.Role.LEAD,
        label=_("Its role"),
    )
    website = forms.URLField(
        label=_("Website"),
        max_length=200,
        required=False,
        assume_scheme="https",
        help_text=_("Where to read more about the practice (optional)."),
    )
    language = forms.ChoiceField(
        label=_("Language of your description"),
        choices=settings.LANGUAGES,
        required=False,
        help_text=_("The language you wrote it in; curators may translate it."),
    )
    submitter_name = forms.CharField(
        max_length=120, label=_("Your name"), validators=[validate_plain_text]
    )
    submitter_email = forms.EmailField(
        label=_("Your email"),
        help_text=_("Only for our curators, to ask you questions; never shown."),
    )
    consent = forms.BooleanField(
        label=_(
            "I agree that tvetkb may publish this description, edited by its "
            "curators (your name and email are not published)."
        )
    )
    # A field people never see: software filling in every field gives itself away.
    leave_empty = forms.CharField(
        required=False,
        label=_("Leave this field empty"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    HONEYPOT = "leave_empty"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].initial = content_language()

    def clean_language(self):
        # Not given (an older form, a script): the page's language.
        return self.cleaned_data.get("language") or content_language()

    def clean_title(self):
        title = " ".join(self.cleaned_data["title"].split())
        if not any(ch.isalnum() for ch in title):
            raise forms.ValidationError(
                _("Give the practice a name with letters or digits.")
            )
        return title

    def clean(self):
        cleaned_data = super().clean()
        chosen = [cleaned_data.get(f"country_{n}") for n in (1, 2, 3)]
        cleaned_data["countries"] = list(dict.fromkeys(code for code in chosen if code))
        return cleaned_data

    def is_spam(self):
        return bool(self.data.get(self.HONEYPOT))

    def existing_institution(self):
        """The institution named, if it is already in the knowledge base."""
        name = self.cleaned_data.get("institution", "").strip()
        return Institution.objects.filter(name__iexact=name).first() if name else None

    @staticmethod
    def institution_names():
        return Institution.objects.order_by("name").values_list("name", flat=True)
