"""The benchmark's report (bench/report.py): the table and the budgets it
prints as pass or FAIL, from a run's figures."""

import importlib.util
from pathlib import Path

spec = importlib.util.spec_from_file_location(
    "bench_report", Path(__file__).resolve().parents[2] / "bench" / "report.py"
)
report = importlib.util.module_from_spec(spec)
spec.loader.exec_module(report)

SIZES = {"10": {"detail": 8}, "20,000": {"detail": 8}, "100,000": {"detail": 8}}


def row(server, mode, scenario, connections, rps, p50=5.0, p99=20.0, size="20,000"):
    return {
        "size": size,
        "server": server,
        "mode": mode,
        "scenario": scenario,
        "connections": connections,
        "rps": rps,
        "p50_ms": p50,
        "p99_ms": p99,
        "errors": 0,
        "bytes": 1000,
        "requests": int(rps * 10),
    }


def run(results, sizes=SIZES):
    return {
        "when": "2026-11-28T00:00:00+00:00",
        "machine": "2 cores",
        "datasette": "datasette 0.65.5",
        "seconds": 10,
        "workers": 4,
        "elapsed_s": 600,
        "results": results,
        "sizes": sizes,
        "matches": {
            size: {"common": {"skills": 0.8}, "rare_mean_matches": 15} for size in sizes
        },
    }


def verdicts(results, sizes=SIZES):
    return {budget: passed for budget, _, passed in report.budgets(run(results, sizes))}


def test_detail_budgets_compare_with_datasette_and_the_limit_row():
    results = [
        row("tvetkb", "cold", "detail", 2, 400),
        row("tvetkb", "warm", "detail", 2, 2400),
        row("datasette", "cold", "detail", 2, 200),
        row("tvetkb", "static", "limit", 2, 4000),
    ]
    found = verdicts(results)
    assert found["20,000: cold Practice detail ≥ 1.5x Datasette's row page, 2 conn."]
    assert found["warm Practice detail ≥ 10x Datasette, 2 conn."] is True
    assert found["warm Practice detail ≥ ½ limit row, 2 conn."] is True


def test_every_ratio_to_datasette_holds_at_both_sizes():
    results = []
    for size in ("20,000", "100,000"):
        for scenario in ("home", "list", "list_filtered", "search_rare"):
            results += [
                row("tvetkb", "cold", scenario, 4, 90, size=size),
                row("datasette", "cold", scenario, 4, 30, size=size),
            ]
    # Three times at 20,000, not at 100,000.
    results += [
        row("tvetkb", "cold", "search_common", 4, 9),
        row("datasette", "cold", "search_common", 4, 3),
        row("tvetkb", "cold", "search_common", 4, 5, size="100,000"),
        row("datasette", "cold", "search_common", 4, 2, size="100,000"),
    ]
    found = verdicts(results)
    for size in ("20,000", "100,000"):
        assert found[
            f"{size}: cold Home ≥ 3x Datasette's table page, same facets, 4 conn."
        ]
        assert found[
            f"{size}: cold List, unfiltered ≥ 3x Datasette's table page, "
            "same facets, 4 conn."
        ]
        assert found[
            f"{size}: cold Search, rare word ≥ 3x Datasette's full-text search, "
            "rare word, 4 conn."
        ]
    assert (
        found[
            "20,000: cold Search, common word ≥ 3x Datasette's full-text "
            "search, 4 conn."
        ]
        is True
    )
    assert (
        found[
            "100,000: cold Search, common word ≥ 3x Datasette's full-text "
            "search, 4 conn."
        ]
        is False
    )


def test_the_map_context_and_compare_pages_are_held_to_the_list():
    results = [
        row("tvetkb", "cold", "list", 2, 50, p50=40.0),
        row("tvetkb", "cold", "map", 2, 40, p50=60.0),
        row("tvetkb", "cold", "context", 2, 40, p50=61.0),
        row("tvetkb", "cold", "compare", 2, 90, p50=20.0),
    ]
    found = verdicts(results)
    assert found["20,000: cold Map median ≤ 1.5x the unfiltered list's, 2 conn."]
    assert not found[
        "20,000: cold Practices for my context median ≤ 1.5x the unfiltered "
        "list's, 2 conn."
    ]
    assert found[
        "20,000: cold Compare 2 to 4 practices median ≤ 1.5x the unfiltered "
        "list's, 2 conn."
    ]


def test_a_slow_page_fails_its_budget():
    results = [
        row("tvetkb", "cold", "search_common", 4, 5, p50=100.0, p99=400.0),
        row("datasette", "cold", "search_common", 4, 4),
        row("tvetkb", "cold", "search_rare", 2, 50, p50=10.0),
        row("tvetkb", "cold", "search_rare", 2, 20, p50=30.0, size="100,000"),
        row("tvetkb", "cold", "detail", 2, 50, p50=10.0),
        row("tvetkb", "cold", "detail", 2, 40, p50=19.0, size="100,000"),
        row("tvetkb", "cold", "detail", 4, 90, p50=10.0, p99=29.0),
    ]
    found = verdicts(results)
    assert (
        found[
            "20,000: cold Search, common word ≥ 3x Datasette's full-text search, "
            "4 conn."
        ]
        is False
    )
    assert (
        found["20,000: cold Search, common word p99 ≤ 3x its median, 4 conn."] is False
    )
    assert found["20,000: cold Practice detail p99 ≤ 3x its median, 4 conn."] is True
    assert (
        found["cold Search, rare word median from 20,000 to 100,000 ≤ 2x, 2 conn."]
        is False
    )
    assert (
        found["cold Practice detail median from 20,000 to 100,000 ≤ 2x, 2 conn."]
        is True
    )


def test_errors_and_changing_query_counts_fail():
    results = [row("tvetkb", "cold", "detail", 2, 400) | {"errors": 3}]
    sizes = {**SIZES, "100,000": {"detail": 9}}
    found = verdicts(results, sizes)
    assert found["zero errors in every run"] is False
    assert found["queries per page the same at 10 and 20,000"] is True
    assert found["queries per page the same at 10 and 100,000"] is False


def test_the_report_prints_a_table_per_size_and_the_budgets():
    text = report.render(run([row("tvetkb", "cold", "detail", 2, 400)]))
    assert "### 20,000 practices" in text
    assert "| Practice detail | 2 | 400 |" in text
    assert "| budget | measured | result |" in text
