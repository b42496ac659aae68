"""A practice's related practices, ranked by the score of the context page
with the practice itself as the context, each saying why it is related."""

from practices.listing.cards import card_select, with_card_details
from practices.listing.tables import PRACTICES
from practices.matching.context import Context
from practices.matching.score import rank, reasons_sentence, scores_sql, unpacked
from practices.models import (
    Involvement,
    Practice,
    _most_linked,
    most_linked_sql,
)

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


def related_practices(practice, limit=4, using="default"):
    """Up to `limit` published practices related to `practice`, best first,
    as cards (with_card_details), each with its `match` and `match_reasons`:
    the choice of candidates, their ranking and their rows in one query, the
    cards' names in a second. The same choice and order as related_ranking."""
    context = practice_context(practice)
    candidates = most_linked_sql(
        practice.pk, list(context.theme_ids), list(context.challenge_ids), CANDIDATES
    )
    if candidates is None or context.is_empty:
        return []
    candidates_sql, candidates_params = candidates
    scores, scores_params = scores_sql(
        context, "SELECT candidate.id FROM candidates candidate"
    )
    sql = f"""
        WITH candidates AS ({candidates_sql}),
        scores AS ({scores}
        )
        SELECT {card_select("p")}, s.counts AS related_counts
        FROM scores s
        JOIN {PRACTICES} p ON p.id = s.practice_id
        WHERE s.score > 0
        ORDER BY s.score DESC, s.practice_id DESC
        LIMIT %s"""
    found = list(
        Practice.objects.raw(sql, [*candidates_params, *scores_params, limit]).using(
            using
        )
    )
    for related in found:
        related.match = unpacked(related.pk, int(related.related_counts))
        related.match_reasons = reasons_sentence(
            related.match, context, for_visitor=False
        )
    return with_card_details(found)
