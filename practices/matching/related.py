"""A practice's related practices, ranked by the score of the context page
with the practice itself as the context, each saying why it is related."""

from practices.matching.context import Context
from practices.matching.score import rank
from practices.models import Involvement, _most_linked

# Candidates scored: the practices sharing the most themes and challenges
# (read from a bounded number of index entries, see _most_linked).
CANDIDATES = 40


def practice_context(practice):
    """The context a practice is in: its places, challenges, themes, the kinds
    of institution leading it and its institutions. Expects its countries,
    themes, challenges and involvements with institutions prefetched."""
    countries = list(practice.countries.all())
    involvements = list(practice.involvements.all())
    return Context(
        countries=tuple(c.code for c in countries),
        regions=tuple(sorted({c.region for c in countries if c.region})),
        challenge_ids=tuple(c.pk for c in practice.challenges.all()),
        theme_ids=tuple(t.pk for t in practice.themes.all()),
        kinds=tuple(
            sorted(
                {
                    i.institution.kind
                    for i in involvements
                    if i.role == Involvement.Role.LEAD
                }
            )
        ),
        institution_ids=tuple(i.institution_id for i in involvements),
        exclude_id=practice.pk,
    )


def related_ranking(practice, limit=4, using="default"):
    """(Ranking, Context) of up to `limit` published practices related to
    `practice`, best first: two queries, whatever the collection's size."""
    context = practice_context(practice)
    candidates = _most_linked(
        using,
        practice.pk,
        list(context.theme_ids),
        list(context.challenge_ids),
        CANDIDATES,
    )
    return rank(context, limit, candidates=list(candidates), using=using), context
