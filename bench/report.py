"""The benchmark's table and budgets, as Markdown, from bench/out/results.json.

python bench/report.py [bench/out/results.json]
"""

import json
import sys
from pathlib import Path

LABELS = {
    "home": "Home",
    "list": "List, unfiltered",
    "list_filtered": "List, theme + country",
    "search_common": "Search, common word",
    "search_rare": "Search, rare word",
    "detail": "Practice detail",
    "api_list": "API list",
    "map": "Map",
    "context": "Practices for my context",
    "compare": "Compare 2 to 4 practices",
    "limit": "Limit: static file of the list's size",
}
DATASETTE_PAGES = {
    "home": "table page, same facets",
    "list": "table page, same facets",
    "list_filtered": "country facet page",
    "search_common": "full-text search",
    "search_rare": "full-text search, rare word",
    "detail": "row page",
}
# Cold: at least this many times Datasette's throughput on its comparable
# page, at every size measured.
COLD_RATIO = {
    "home": 3,
    "list": 3,
    "list_filtered": 3,
    "search_common": 3,
    "search_rare": 3,
    "detail": 1.5,
}
# Cold: a median at most this many times the unfiltered list's, at the same
# size and connections.
LIKE_THE_LIST = {"map": 1.5, "context": 1.5, "compare": 1.5}
# Cold: from the first size measured to the second, a median grows at most
# this many times.
GROWTH = 2
# Cold, 4 connections: the 99th percentile within this many times the median.
P99_TO_MEDIAN = 3
# Warm, at the first size measured, as before: this many times Datasette's
# throughput, and half the limit row's.
WARM_RATIO = 10
WARM_COMPARED = ("list_filtered", "search_common", "detail")


def find(results, **where):
    for row in results:
        if all(row.get(key) == value for key, value in where.items()):
            return row
    return None


def figures(row):
    if row is None:
        return "-", "-", "-"
    return f"{row['rps']:,.0f}", f"{row['p50_ms']:.1f}", f"{row['p99_ms']:.1f}"


def ratio(a, b):
    return f"{a['rps'] / b['rps']:.1f}x" if a and b and b["rps"] else "-"


def table(report, size):
    results = [row for row in report["results"] if row["size"] == size]
    queries = report["sizes"].get(size, {})
    lines = [
        "| page | conn. | cold req/s | p50 ms | p99 ms | warm req/s | p50 ms | "
        "p99 ms | Datasette req/s | p50 ms | p99 ms | cold ÷ D. | warm ÷ D. | "
        "errors | bytes | queries |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
        "---:|---:|",
    ]
    scenarios = list(dict.fromkeys(row["scenario"] for row in results))
    for scenario in scenarios:
        for connections in sorted({row["connections"] for row in results}):
            common = {"scenario": scenario, "connections": connections}
            if scenario == "limit":
                cold, warm, other = find(results, **common), None, None
            else:
                cold = find(results, server="tvetkb", mode="cold", **common)
                warm = find(results, server="tvetkb", mode="warm", **common)
                other = find(results, server="datasette", **common)
            if not (cold or warm):
                continue
            rows = [r for r in (cold, warm, other) if r]
            label = LABELS[scenario]
            if scenario in DATASETTE_PAGES and other:
                label += f" (D.: {DATASETTE_PAGES[scenario]})"
            lines.append(
                "| "
                + " | ".join(
                    [
                        label,
                        str(connections),
                        *figures(cold),
                        *figures(warm),
                        *figures(other),
                        ratio(cold, other),
                        ratio(warm, other),
                        str(sum(r["errors"] for r in rows)),
                        f"{(cold or warm)['bytes']:,.0f}"
                        + (f" / {other['bytes']:,.0f}" if other else ""),
                        str(queries.get(scenario, "-")),
                    ]
                )
                + " |"
            )
    return "\n".join(lines)


def budgets(report):
    """[(budget, measured, passed)]."""
    checks = []
    results = report["results"]
    sizes = list(report["sizes"])
    measured = sizes[1:]  # the first size only counts queries
    medium = measured[0]

    def cold(size, scenario, c, server="tvetkb"):
        return find(
            results,
            size=size,
            server=server,
            mode="cold",
            scenario=scenario,
            connections=c,
        )

    for size in measured:
        for scenario, factor in COLD_RATIO.items():
            for c in (2, 4):
                ours, theirs = (
                    cold(size, scenario, c),
                    cold(size, scenario, c, "datasette"),
                )
                if ours and theirs and theirs["rps"]:
                    times = ours["rps"] / theirs["rps"]
                    checks.append(
                        (
                            f"{size}: cold {LABELS[scenario]} ≥ {factor}x Datasette's "
                            f"{DATASETTE_PAGES[scenario]}, {c} conn.",
                            f"{times:.1f}x",
                            times >= factor,
                        )
                    )
        for scenario, factor in LIKE_THE_LIST.items():
            for c in (2, 4):
                ours, listing = cold(size, scenario, c), cold(size, "list", c)
                if ours and listing and listing["p50_ms"]:
                    times = ours["p50_ms"] / listing["p50_ms"]
                    checks.append(
                        (
                            f"{size}: cold {LABELS[scenario]} median ≤ {factor}x the "
                            f"unfiltered list's, {c} conn.",
                            f"{times:.2f}x",
                            times <= factor,
                        )
                    )
        for scenario in LABELS:
            ours = cold(size, scenario, 4)
            if ours and scenario != "limit" and ours["p50_ms"]:
                times = ours["p99_ms"] / ours["p50_ms"]
                checks.append(
                    (
                        f"{size}: cold {LABELS[scenario]} p99 ≤ {P99_TO_MEDIAN}x "
                        "its median, 4 conn.",
                        f"{times:.1f}x ({ours['p99_ms']:.0f} / "
                        f"{ours['p50_ms']:.0f} ms)",
                        times <= P99_TO_MEDIAN,
                    )
                )
    if len(measured) > 1:
        large = measured[1]
        for scenario in LABELS:
            for c in (2, 4):
                before, after = cold(medium, scenario, c), cold(large, scenario, c)
                if before and after and before["p50_ms"] and scenario != "limit":
                    times = after["p50_ms"] / before["p50_ms"]
                    checks.append(
                        (
                            f"cold {LABELS[scenario]} median from {medium} to "
                            f"{large} ≤ {GROWTH}x, {c} conn.",
                            f"{times:.2f}x",
                            times <= GROWTH,
                        )
                    )
    for scenario in WARM_COMPARED:
        for c in (2, 4):
            ours = find(
                results,
                size=medium,
                server="tvetkb",
                mode="warm",
                scenario=scenario,
                connections=c,
            )
            theirs = cold(medium, scenario, c, "datasette")
            if ours and theirs and theirs["rps"]:
                times = ours["rps"] / theirs["rps"]
                checks.append(
                    (
                        f"warm {LABELS[scenario]} ≥ {WARM_RATIO}x Datasette, {c} conn.",
                        f"{times:.1f}x",
                        times >= WARM_RATIO,
                    )
                )
    limit = {
        c: find(results, size=medium, scenario="limit", connections=c) for c in (2, 4)
    }
    for row in results:
        if (
            row["size"] == medium
            and row["mode"] == "warm"
            and limit.get(row["connections"])
        ):
            share = row["rps"] / limit[row["connections"]]["rps"]
            checks.append(
                (
                    f"warm {LABELS[row['scenario']]} ≥ ½ limit row, "
                    f"{row['connections']} conn.",
                    f"{share:.2f}",
                    share >= 0.5,
                )
            )
    errors = sum(row["errors"] for row in results)
    checks.append(("zero errors in every run", str(errors), errors == 0))
    small = report["sizes"][sizes[0]]
    for size in measured:
        same = report["sizes"][size] == small
        checks.append(
            (
                f"queries per page the same at {sizes[0]} and {size}",
                "same" if same else "differ",
                same,
            )
        )
    return checks


def render(report):
    sizes = list(report["sizes"])
    parts = [
        f"Run {report['when']} on {report['machine']}; {report['datasette']}; "
        f"{report['seconds']} s per scenario, gunicorn with {report['workers']} "
        f"workers; {report['elapsed_s']} s in all.",
    ]
    for size in sizes[1:]:
        parts += ["", f"### {size} practices", "", table(report, size)]
        matches = report["matches"][size]
        common = ", ".join(f"{w} {share:.0%}" for w, share in matches["common"].items())
        parts += [
            "",
            f"Common words and the share of practices they match: {common}. "
            f"A rare word matches {matches['rare_mean_matches']:.0f} practices "
            "on average.",
        ]
    parts += ["", "### Budgets", "", "| budget | measured | result |", "|---|---:|---|"]
    for budget, measured, passed in budgets(report):
        parts.append(f"| {budget} | {measured} | {'pass' if passed else 'FAIL'} |")
    return "\n".join(parts) + "\n"


if __name__ == "__main__":
    path = Path(sys.argv[1] if len(sys.argv) > 1 else "bench/out/results.json")
    print(render(json.loads(path.read_text())))
