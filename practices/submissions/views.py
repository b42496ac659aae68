"""The public "Propose a practice" form and its confirmation."""

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, TemplateView

from practices.submissions import services
from practices.submissions.forms import SubmissionForm
from practices.views import crumbs


class SubmitPracticeView(FormView):
    """The public "Share a practice" form. A submission becomes a practice in
    review; nothing is public until a curator publishes it."""

    template_name = "practices/submit.html"
    form_class = SubmissionForm

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            institution_names=SubmissionForm.institution_names(),
            retention_days=settings.SUBMISSION_RETENTION_DAYS,
            breadcrumbs=crumbs(
                (_("Practices"), reverse("practices:practice-list")),
                (_("Propose a practice"), None),
            ),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        # Counted before anything else, so simultaneous posts cannot all
        # pass a limit that each would read as not yet reached.
        if not services.take_submission_slot(request):
            form = self.get_form()
            form.add_error(
                None,
                _(
                    "You have shared several practices in the last hour, or many "
                    "people have. Please wait a while before sharing another; what "
                    "you typed is still below."
                ),
            )
            return self.render_to_response(self.get_context_data(form=form), status=429)
        form = self.get_form()
        if form.is_spam():
            # Look like success, store nothing (and keep the slot counted).
            return redirect("practices:submit-thanks")
        if not form.is_valid():
            services.give_back_submission_slot(request)
            return self.form_invalid(form)
        return self.form_valid(form)

    def form_valid(self, form):
        services.submit_practice(
            form,
            review_url_for=lambda practice: self.request.build_absolute_uri(
                reverse("admin:practices_practice_change", args=[practice.pk])
            ),
        )
        return redirect("practices:submit-thanks")


class SubmitThanksView(TemplateView):
    template_name = "practices/submit_thanks.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            breadcrumbs=crumbs(
                (_("Practices"), reverse("practices:practice-list")),
                (_("Propose a practice"), reverse("practices:submit")),
                (_("Thank you"), None),
            ),
            **kwargs,
        )
