"""Estimated counts for large selections.

When a selection matches more than ESTIMATE_ABOVE practices, the list page
counts its facet values over a sample of those practices and scales the
counts up, rounded to two significant figures: "about 1,200". At
ESTIMATE_ABOVE or fewer, every count is exact.

The sample is deterministic, so the same data always gives the same numbers
(pages can be cached, tests are stable): a practice is in it when a hash of
its id (Fibonacci hashing: the id times 2**32 / golden ratio, kept to 32
bits) falls in the first 1/k of the hash's range, k being the smallest whole
number that brings the expected sample to ESTIMATE_ABOVE practices or fewer.
The hash, rather than the id itself, keeps the sample from following any
pattern in the order practices were added. The sample is then expected to
hold at least half of ESTIMATE_ABOVE: a value found in a tenth of the
selection is estimated within about 6% (one standard error).

The number of practices in the selection is not estimated: the matching
practices are found in full to order the page, so counting them costs nothing
more."""

from math import floor, log10

from django.utils.formats import number_format
from django.utils.translation import gettext

ESTIMATE_ABOVE = 5000

_HASH_MULTIPLIER = 2654435761  # 2**32 / golden ratio, odd
_HASH_RANGE = 2**32


class Estimate(int):
    """A count estimated from a sample, already rounded; an int everywhere
    else (ordering, plurals), said as "about" where shown."""

    is_estimate = True


def significant(number, digits=2):
    """`number` rounded to `digits` significant figures: 15873 -> 16000."""
    number = round(number)
    if number == 0:
        return 0
    scale = 10 ** max(floor(log10(abs(number))) - digits + 1, 0)
    return int(round(number / scale) * scale)


def scaled(sample_count, size, sample_size):
    """The estimate, for `size` practices, of a count of `sample_count` among
    `sample_size` of them; 0 stays a plain 0 (nothing seen)."""
    if not sample_count or not sample_size:
        return 0
    return Estimate(max(significant(sample_count * size / sample_size), 1))


def estimated(size):
    """Whether a selection of `size` practices has its counts estimated."""
    return size > ESTIMATE_ABOVE


def sample_ctes(matching):
    """Common table expressions for the set `matching` (another one, with an
    `id` column): `{matching}_size(n)`, its number of practices,
    `{matching}_counted`, the practices its counts are made over (all of them
    up to ESTIMATE_ABOVE, else the sample) and `{matching}_sampled(n)`, their
    number. All are materialised: each is made once, however many facets read
    them.
    Written for a statement with parameters (its modulo is `%%`)."""
    above = int(ESTIMATE_ABOVE)
    return [
        f"{matching}_size(n) AS MATERIALIZED (SELECT COUNT(*) FROM {matching})",
        f"{matching}_counted AS MATERIALIZED ("
        f"SELECT {matching}.* FROM {matching} CROSS JOIN {matching}_size "
        f"WHERE n <= {above} OR (id * {_HASH_MULTIPLIER}) %% {_HASH_RANGE} "
        f"< {_HASH_RANGE} / ((n + {above - 1}) / {above}))",
        f"{matching}_sampled(n) AS MATERIALIZED "
        f"(SELECT COUNT(*) FROM {matching}_counted)",
    ]


def in_sample(pk, size):
    """Whether the practice `pk` is in the sample of a set of `size`
    practices: the rule of sample_ctes, in Python."""
    if not estimated(size):
        return True
    share = (size + ESTIMATE_ABOVE - 1) // ESTIMATE_ABOVE
    return (pk * _HASH_MULTIPLIER) % _HASH_RANGE < _HASH_RANGE // share


def about(number):
    """A count as the page's language writes it, "about 1,200" when estimated."""
    text = number_format(int(number), force_grouping=True)
    if getattr(number, "is_estimate", False):
        # Translators: an estimated number of practices, e.g. "about 16,000".
        return gettext("about %(number)s") % {"number": text}
    return text
