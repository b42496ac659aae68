"""Community submissions: turning the public form into a practice in review,
limiting how often one address may submit, and telling the curators."""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils.text import slugify

from practices.models import (
    RESERVED_PRACTICE_SLUGS,
    Country,
    Involvement,
    Practice,
    Submission,
)
from practices.submissions.tasks import notify_curators_of_submission
from tvetkb.client_address import address_bucket, client_address

RATE_WINDOW_SECONDS = 3600


def _rate_key(request):
    address = address_bucket(client_address(request))
    return "submissions:" + hashlib.sha256(address.encode()).hexdigest()[:32]


def submissions_left(request):
    """How many more submissions this address may make in the current hour."""
    return max(settings.SUBMISSIONS_PER_HOUR - cache.get(_rate_key(request), 0), 0)


def count_submission(request):
    key = _rate_key(request)
    cache.add(key, 0, RATE_WINDOW_SECONDS)
    try:
        cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.set(key, 1, RATE_WINDOW_SECONDS)


def unique_slug(title):
    base = slugify(title)[:100].strip("-") or "practice"
    slug, n = base, 1
    while (
        slug in RESERVED_PRACTICE_SLUGS or Practice.objects.filter(slug=slug).exists()
    ):
        n += 1
        slug = f"{base}-{n}"
    return slug


@transaction.atomic
def submit_practice(form, review_url_for):
    """Create the practice (in review) and its submission record from a valid
    SubmissionForm; curators are told once the transaction commits.
    `review_url_for(practice)` gives the absolute address of its admin page."""
    import reversion

    data = form.cleaned_data
    with reversion.create_revision():
        reversion.set_comment("Submitted through the public form.")
        practice = Practice.objects.create(
            title=data["title"],
            slug=unique_slug(data["title"]),
            summary=data["summary"],
            description=data["description"],
            website=data["website"],
            status=Practice.Status.IN_REVIEW,
        )
        practice.countries.set(
            [Country.objects.get_or_create(code=code)[0] for code in data["countries"]]
        )
        practice.themes.set(data["themes"])
        practice.challenges.set(data["challenges"])
        institution = form.existing_institution()
        if institution:
            Involvement.objects.create(
                practice=practice, institution=institution, role=data["role"]
            )
        Submission.objects.create(
            practice=practice,
            submitter_name=data["submitter_name"],
            submitter_email=data["submitter_email"],
            proposed_institution="" if institution else data["institution"],
            proposed_role=data["role"],
            consent_to_publish=data["consent"],
        )
    review_url = review_url_for(practice)
    transaction.on_commit(
        lambda: notify_curators_of_submission.enqueue(practice.pk, review_url)
    )
    return practice
