"""How well a practice matches a context: a visitor's ("practices for my
context") or another practice's (its related practices).

A context names places (countries and UNESCO regions), challenges, themes,
learner groups (target groups) and kinds of institution. A published practice
earns points for what it shares with it, each counted once (see
score.POINTS):

- in one of the context's countries: 3; otherwise in its UNESCO region: 2;
- each challenge of the context the practice answers: 2;
- each theme of the context it is about: 1;
- each learner group of the context its target groups mention: 1;
- led by an institution of the context's kind: 2; otherwise one of its
  partners, funders or presenters is of that kind: 1;
- (related practices only) each institution the two practices share: 2.

Practices with no point are not shown. Equal scores are ordered with the
practice added last first (the highest id), so the order is the same on every
request.

The score is computed in one SQL statement on both databases (score.rank);
why a practice matched is said in plain words by score.reasons, from the same
components. The page /practices/for-context/ explains this to visitors, and
the API offers it at /api/practices/for-context/.
"""
