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
    "context": "Practices for my context",
    "compare": "Compare 2 to 4 practices",
    "limit": "Limit: static file of the list's size",
}
DATASETTE_PAGES = {
    "list_filtered": "country facet page",
    "search_common": "full-text search",
    "detail": "row page",
}
COLD_RATIO = {"list_filtered": 3, "search_common": 3, "detail": 1.5}
WARM_RATIO = 10
P99_LIMIT_MS = 100
LARGE_P50_MS = {"search_rare": 20, "search_common": 150, "list_filtered": 50}


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
    medium, large = sizes[1], sizes[2] if len(sizes) > 2 else None
    limit = {
        c: find(results, size=medium, scenario="limit", connections=c) for c in (2, 4)
    }

    def tvetkb(mode, scenario, c):
        return find(
            results,
            size=medium,
            server="tvetkb",
            mode=mode,
            scenario=scenario,
            connections=c,
        )

    def ratio_check(ours, theirs, mode, scenario, c, factor):
        if ours and theirs:
            measured = ours["rps"] / theirs["rps"]
            checks.append(
                (
                    f"{mode} {LABELS[scenario]} ≥ {factor}x Datasette, {c} conn.",
                    f"{measured:.1f}x",
                    measured >= factor,
                )
            )

    for scenario, factor in COLD_RATIO.items():
        for c in (2, 4):
            theirs = find(
                results,
                size=medium,
                server="datasette",
                scenario=scenario,
                connections=c,
            )
            ratio_check(
                tvetkb("cold", scenario, c), theirs, "cold", scenario, c, factor
            )
            ratio_check(
                tvetkb("warm", scenario, c), theirs, "warm", scenario, c, WARM_RATIO
            )
        if ours := tvetkb("cold", scenario, 4):
            checks.append(
                (
                    f"cold {LABELS[scenario]} p99 < {P99_LIMIT_MS} ms, 4 conn.",
                    f"{ours['p99_ms']:.1f} ms",
                    ours["p99_ms"] < P99_LIMIT_MS,
                )
            )
    for row in results:
        if (
            row["size"] == medium
            and row["mode"] == "warm"
            and limit[row["connections"]]
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
    if large:
        for scenario, bound in LARGE_P50_MS.items():
            for c in (2, 4):
                row = find(
                    results,
                    size=large,
                    server="tvetkb",
                    mode="cold",
                    scenario=scenario,
                    connections=c,
                )
                if row:
                    checks.append(
                        (
                            f"{large}: cold {LABELS[scenario]} p50 < {bound} ms, "
                            f"{c} conn.",
                            f"{row['p50_ms']:.1f} ms",
                            row["p50_ms"] < bound,
                        )
                    )
    errors = sum(row["errors"] for row in results)
    checks.append(("zero errors in every run", str(errors), errors == 0))
    small = report["sizes"][sizes[0]]
    for size in sizes[1:]:
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
