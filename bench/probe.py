"""Run inside the benchmark's database (DATABASE_URL): print, as JSON, the
addresses of every scenario (tvetkb's and Datasette's, drawn from the same
practices), the queries each tvetkb page runs, and the size of the list page.

    python bench/probe.py [--addresses N]
"""

import argparse
import json
import os
import sys
from pathlib import Path
from urllib.parse import quote, urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tvetkb.settings")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from practices.listing import search  # noqa: E402
from practices.management.commands._synthetic import RARE_WORDS  # noqa: E402
from practices.models import Practice  # noqa: E402

# Words most practices contain, as in a real TVET collection.
COMMON_WORDS = [
    "skills",
    "learners",
    "employers",
    "students",
    "college",
    "workshop",
    "community",
    "guidance",
    "apprentices",
    "graduates",
]
PAGES_PER_WORD = 10
ROWS_PER_PAGE = 20


def sample_practices(count):
    """`count` published practices spread evenly over the collection."""
    published = Practice.objects.published()
    pks = list(published.order_by("pk").values_list("pk", flat=True))
    step = max(len(pks) // count, 1)
    chosen = pks[::step][:count]
    return list(
        published.filter(pk__in=chosen)
        .order_by("pk")
        .prefetch_related("themes", "countries", "challenges")
    )


LEARNER_KEYS = ["students", "young-people", "adults", "teachers", "enterprises"]
KINDS = ["tvet-institution", "company", "government", "ngo"]


def context_address(practice, n):
    """A context page drawn from a practice: its country (or, every third
    address, only its region), its themes and challenges, a learner group and a
    kind of institution, so every combination of inputs is exercised."""
    country = sorted(c.code for c in practice.countries.all())[0]
    params = [("region", practice.countries.all()[0].region)] if n % 3 == 0 else []
    if not params:
        params = [("country", country)]
    params += [("theme", t.slug) for t in practice.themes.all()]
    params += [("challenge", c.slug) for c in practice.challenges.all()]
    if n % 2:
        params.append(("learner", LEARNER_KEYS[n % len(LEARNER_KEYS)]))
    if n % 4 != 3:
        params.append(("kind", KINDS[n % len(KINDS)]))
    return f"/practices/for-context/?{urlencode(params)}"


def addresses(count):
    practices = sample_practices(count)
    filtered, themes = [], []
    for p in practices:
        theme = sorted(t.slug for t in p.themes.all())[0]
        themes.append(theme)
        country = sorted(c.code for c in p.countries.all())[0]
        filtered.append(
            (f"/practices/?{urlencode({'theme': theme, 'country': country})}", country)
        )
    contexts = [context_address(p, n) for n, p in enumerate(practices)]
    compared = [
        "/practices/compare/?"
        + urlencode([("p", q.slug) for q in practices[n : n + 2 + n % 3]])
        for n in range(0, max(len(practices) - 4, 1))
    ]
    common = [
        f"/practices/?q={word}&page={page}"
        for word in COMMON_WORDS
        for page in range(1, PAGES_PER_WORD + 1)
    ]
    # The map of the whole collection (with a junk parameter, as a shared
    # link would have) and of one theme, alternately.
    maps = [
        f"/practices/map/?utm_source=bench-{n}"
        if n % 2 == 0
        else f"/practices/map/?{urlencode({'theme': theme})}"
        for n, theme in enumerate(themes)
    ]
    tvetkb = {
        "home": [f"/?utm_source=bench-{n}" for n in range(count)],
        "list": [f"/practices/?page={n}" for n in range(1, count + 1)],
        "list_filtered": [address for address, _ in filtered],
        "search_common": common,
        "search_rare": [f"/practices/?q={quote(word)}" for word in RARE_WORDS],
        "detail": [p.get_absolute_url() for p in practices],
        "api_list": [f"/api/practices/?page={n}" for n in range(1, count + 1)],
        "map": maps,
        "context": contexts,
        "compare": compared,
    }
    facets = "&_facet=country&_facet=evidence_level&_facet_array=themes"
    # The table page with the same facets, unfiltered: its first page, then
    # pages further on (Datasette pages by the last id shown).
    table = [f"/bench/practices?_size={ROWS_PER_PAGE}{facets}"] + [
        f"/bench/practices?_size={ROWS_PER_PAGE}{facets}&_next={p.pk}"
        for p in practices[1:]
    ]
    datasette = {
        "home": table,
        "list": table,
        "list_filtered": [
            f"/bench/practices?country={country}{facets}&_size={ROWS_PER_PAGE}"
            for _, country in filtered
        ],
        "search_common": [
            f"/bench/practices?_search={word}&_size={ROWS_PER_PAGE}"
            for word in COMMON_WORDS
        ],
        "search_rare": [
            f"/bench/practices?_search={quote(word)}&_size={ROWS_PER_PAGE}"
            for word in RARE_WORDS
        ],
        "detail": [f"/bench/practices/{p.pk}" for p in practices],
    }
    return tvetkb, datasette


def query_counts(tvetkb):
    """Queries the first address of each scenario runs (a page with results at
    every size, the 10-practice database included)."""
    client = Client()
    counts = {}
    for scenario, paths in tvetkb.items():
        client.get(paths[0])
        with CaptureQueriesContext(connection) as queries:
            response = client.get(paths[0])
        assert response.status_code == 200, (paths[0], response.status_code)
        counts[scenario] = len(queries.captured_queries)
    return counts


def match_shares():
    published = Practice.objects.published()
    total = published.count()
    return {
        "common": {
            word: round(search.search(published, word).count() / total, 3)
            for word in COMMON_WORDS
        },
        "rare_mean_matches": sum(
            search.search(published, word).count() for word in RARE_WORDS[:10]
        )
        / 10,
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--addresses", type=int, default=100)
    args = parser.parse_args()
    tvetkb, datasette = addresses(args.addresses)
    list_page = Client().get(tvetkb["list"][0])
    print(
        json.dumps(
            {
                "practices": Practice.objects.published().count(),
                "tvetkb": tvetkb,
                "datasette": datasette,
                "queries": query_counts(tvetkb),
                "list_page_bytes": len(list_page.content),
                "matches": match_shares(),
            }
        )
    )


if __name__ == "__main__":
    main()
