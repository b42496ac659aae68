"""Community submissions: turning the public form into a practice in review,
limiting how often one address may submit, and telling the curators."""

import hashlib
import re
from contextlib import suppress

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.text import slugify

from practices.content_languages import ORIGINAL_LANGUAGE
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


GLOBAL_RATE_KEY = "submissions:all"


def _rate_key(request):
    address = address_bucket(client_address(request))
    return "submissions:" + hashlib.sha256(address.encode()).hexdigest()[:32]


def _take(key):
    """Add one to the counter at `key` in one atomic step (two processes
    cannot both read 4 and both write 5) and return its new value; the
    counter starts with the first submission of the hour."""
    cache.add(key, 0, RATE_WINDOW_SECONDS)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.add(key, 0, RATE_WINDOW_SECONDS)
        return cache.incr(key)


def _give_back(key):
    with suppress(ValueError):  # the hour is over: nothing to give back
        cache.decr(key)


def take_submission_slot(request):
    """Count this submission before the form is even read: per address (IPv6:
    per /64) at most SUBMISSIONS_PER_HOUR, and for the whole site at most
    SUBMISSIONS_PER_HOUR_ALL. False, and nothing counted, when either is
    spent."""
    key = _rate_key(request)
    if _take(key) > settings.SUBMISSIONS_PER_HOUR:
        _give_back(key)
        return False
    if _take(GLOBAL_RATE_KEY) > settings.SUBMISSIONS_PER_HOUR_ALL:
        _give_back(GLOBAL_RATE_KEY)
        _give_back(key)
        return False
    return True


def give_back_submission_slot(request):
    """A form sent back with errors stored nothing: it does not count."""
    _give_back(_rate_key(request))
    _give_back(GLOBAL_RATE_KEY)


def unique_slug(title):
    """The title's slug, or its first free numbered form ("title-2", ...),
    found with one query however many are taken."""
    base = slugify(title)[:100].strip("-") or "practice"
    taken = RESERVED_PRACTICE_SLUGS | set(
        Practice.objects.filter(
            slug__regex=rf"^{re.escape(base)}(-[0-9]+)?$"
        ).values_list("slug", flat=True)
    )
    slug, n = base, 1
    while slug in taken:
        n += 1
        slug = f"{base}-{n}"
    return slug


# Another submission of the same title may take the slug between our read and
# our insert; then the next free one is tried.
SLUG_ATTEMPTS = 5


def _create_with_unique_slug(**fields):
    for attempt in range(1, SLUG_ATTEMPTS + 1):
        slug = unique_slug(fields["title"])
        try:
            with transaction.atomic():  # a savepoint: the outer one goes on
                return Practice.objects.create(slug=slug, **fields)
        except IntegrityError:
            if (
                attempt == SLUG_ATTEMPTS
                or not Practice.objects.filter(slug=slug).exists()
            ):
                raise


@transaction.atomic
def submit_practice(form, review_url_for):
    """Create the practice (in review) and its submission record from a valid
    SubmissionForm; curators are told once the transaction commits.
    `review_url_for(practice)` gives the absolute address of its admin page."""
    import reversion

    data = form.cleaned_data
    with reversion.create_revision():
        reversion.set_comment("Submitted through the public form.")
        # The texts go to the original columns, in the language the submitter
        # wrote them in (recorded), whatever the page's language.
        with translation.override(ORIGINAL_LANGUAGE):
            practice = _create_with_unique_slug(
                title=data["title"],
                summary=data["summary"],
                description=data["description"],
                website=data["website"],
                status=Practice.Status.IN_REVIEW,
                original_language=data.get("language") or ORIGINAL_LANGUAGE,
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
