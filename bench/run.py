"""`make bench`: tvetkb and Datasette on the same synthetic practices, measured
side by side in one run. See bench/README.md for what it does and
bench/RESULTS.md for the last full run.

Environment: BENCH_SECONDS (10), BENCH_PRACTICES (20000), BENCH_LARGE (100000;
0 skips the second size), BENCH_WORKERS (gunicorn processes, 4),
BENCH_PG (postgres://postgres@127.0.0.1:5432), BENCH_DATABASE (tvetkb_bench),
BENCH_REDIS (redis://127.0.0.1:6379/14).
"""

import json
import os
import platform
import shutil
import subprocess
import sys
import time
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
OUT = BENCH / "out"
PYTHON = sys.executable

SECONDS = int(os.environ.get("BENCH_SECONDS", "10"))
WARMUP_SECONDS = 2
PRACTICES = int(os.environ.get("BENCH_PRACTICES", "20000"))
LARGE = int(os.environ.get("BENCH_LARGE", "100000"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "4"))
PG = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
REDIS = os.environ.get("BENCH_REDIS", "redis://127.0.0.1:6379/14")
DATABASE = os.environ.get("BENCH_DATABASE", "tvetkb_bench")
SMALL_DATABASE = f"{DATABASE}_small"
TVETKB_PORT, DATASETTE_PORT = 8731, 8732
CONNECTIONS = (2, 4)
DATASETTE_REQUIREMENT = "datasette>=0.65,<0.66"

SCENARIOS = [
    ("home", "Home", "table page with the same facets"),
    ("list", "List, unfiltered", "table page with the same facets"),
    ("list_filtered", "List filtered by theme and country", "facet page"),
    ("search_common", "Search, common word", "full-text search"),
    ("search_rare", "Search, rare word", "full-text search, rare word"),
    ("detail", "Practice detail", "row page"),
    ("api_list", "API list", None),
    ("map", "Map", None),
    ("context", "Practices for my context", None),
    ("compare", "Compare 2 to 4 practices", None),
]


def log(message):
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def run(*args, env=None, **kwargs):
    return subprocess.run(
        args, check=True, cwd=ROOT, env={**os.environ, **(env or {})}, **kwargs
    )


def django_env(database, **extra):
    """Production settings: DEBUG off, whitenoise, no access log."""
    return {
        "DJANGO_SETTINGS_MODULE": "tvetkb.settings",
        "DATABASE_URL": f"{PG}/{database}",
        "DEBUG": "0",
        "SECRET_KEY": "benchmark-only-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        # Plain HTTP on loopback: no redirect to HTTPS, no HSTS.
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_HSTS_SECONDS": "0",
        "CONN_MAX_AGE": "600",
        "LOG_LEVEL": "WARNING",
        "PAGE_CACHE_SECONDS": "0",
        "REDIS_URL": "",
        # All the load comes from one address: the API's per-client limit
        # would answer 429 and measure the throttle, not the API.
        "API_RATE": "",
        **extra,
    }


def collect_static(database):
    """The static files gunicorn serves through whitenoise (DEBUG off)."""
    run(
        PYTHON,
        "manage.py",
        "collectstatic",
        "--no-input",
        "--verbosity",
        "0",
        env=django_env(database),
    )


def manage(database, *args):
    run(PYTHON, "manage.py", *args, env=django_env(database), stdout=subprocess.DEVNULL)


def psql(database, sql):
    run("psql", f"{PG}/{database}", "-qc", sql, stdout=subprocess.DEVNULL)


def build_database(database, practices, seed=1):
    log(f"building {database}: the report, then {practices} generated practices")
    psql("postgres", f"DROP DATABASE IF EXISTS {database}")
    psql("postgres", f"CREATE DATABASE {database}")
    manage(database, "migrate", "--no-input")
    manage(database, "seed")
    manage(database, "generate_practices", str(practices), "--seed", str(seed))
    psql(database, "VACUUM ANALYZE")


def grow_database(database, practices, seed):
    log(f"adding {practices} generated practices to {database}")
    manage(database, "generate_practices", str(practices), "--seed", str(seed))
    psql(database, "VACUUM ANALYZE")


def probe(database):
    result = run(
        PYTHON,
        str(BENCH / "probe.py"),
        env=django_env(database),
        capture_output=True,
        text=True,
    )
    return json.loads(result.stdout)


def wait_for(url, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"{url} did not answer within {seconds} s")


class Server:
    def __init__(self, name, args, env, check_path):
        self.name, self.args, self.env, self.check_path = name, args, env, check_path
        self.process = None

    def __enter__(self):
        log(f"starting {self.name}")
        self.process = subprocess.Popen(
            self.args,
            cwd=ROOT,
            env={**os.environ, **self.env},
            stdout=subprocess.DEVNULL,
            stderr=open(OUT / f"{self.name}.log", "a"),
        )
        wait_for(self.check_path)
        return self

    def __exit__(self, *exc):
        self.process.terminate()
        self.process.wait(timeout=30)


def tvetkb_server(database, cached, redis=REDIS, name=None, port=TVETKB_PORT, **extra):
    """gunicorn under production settings; `extra`: more variables."""
    env = django_env(
        database,
        PAGE_CACHE_SECONDS="600" if cached else "0",
        REDIS_URL=redis if cached else "",
        **extra,
    )
    args = [
        str(Path(PYTHON).parent / "gunicorn"),
        "tvetkb.wsgi",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(WORKERS),
        # Sync workers: the kernel hands each new connection to an idle
        # process. With gthread, kept-alive connections stay on the process
        # that accepted them, often two on one while another idles, and runs
        # differed by a factor of three.
        "--worker-class",
        "sync",
    ]
    name = name or f"tvetkb-{'warm' if cached else 'cold'}"
    return Server(name, args, env, f"http://127.0.0.1:{port}/healthz")


def datasette_server(db_file):
    args = [
        str(OUT / "datasette-venv" / "bin" / "datasette"),
        "serve",
        "-i",
        str(db_file),
        "--port",
        str(DATASETTE_PORT),
        "--host",
        "127.0.0.1",
    ]
    return Server("datasette", args, {}, f"http://127.0.0.1:{DATASETTE_PORT}/")


def install_datasette():
    venv = OUT / "datasette-venv"
    if not (venv / "bin" / "datasette").exists():
        log("installing Datasette in its own environment")
        run(PYTHON, "-m", "venv", str(venv))
        run(
            str(venv / "bin" / "pip"),
            "install",
            "--quiet",
            DATASETTE_REQUIREMENT,
            stderr=subprocess.DEVNULL,
        )
    version = run(
        str(venv / "bin" / "datasette"), "--version", capture_output=True, text=True
    )
    return version.stdout.strip()


def wrk(port, paths, connections, seconds):
    address_file = OUT / "addresses.txt"
    address_file.write_text("\n".join(paths) + "\n")
    result = run(
        "wrk",
        f"-t{min(connections, 2)}",
        f"-c{connections}",
        f"-d{seconds}s",
        "--timeout",
        "10s",
        "-s",
        str(BENCH / "addresses.lua"),
        f"http://127.0.0.1:{port}",
        env={"ADDRESSES": str(address_file)},
        capture_output=True,
        text=True,
    )
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    seconds_run = figures["duration_us"] / 1e6
    errors = sum(v for k, v in figures.items() if k.startswith("errors_"))
    return {
        "rps": figures["requests"] / seconds_run,
        "p50_ms": figures["p50_us"] / 1000,
        "p99_ms": figures["p99_us"] / 1000,
        "errors": errors,
        "bytes": figures["bytes"] / max(figures["requests"], 1),
        "requests": figures["requests"],
    }


def fetch_all(port, paths):
    """Visit every address once (warms caches; any non-200 is an error)."""
    for path in paths:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=60) as r:
            r.read()


def measure(port, paths, connections):
    wrk(port, paths, connections, WARMUP_SECONDS)
    return wrk(port, paths, connections, SECONDS)


def write_limit_files(size, count=100):
    """Static files of the list page's size, served by whitenoise like CSS."""
    folder = ROOT / "staticfiles" / "bench-limit"
    folder.mkdir(parents=True, exist_ok=True)
    line = "<p>tvetkb benchmark limit file: a static page of the list's size.</p>\n"
    body = (line * (size // len(line) + 1))[:size]
    for n in range(count):
        (folder / f"{n}.html").write_text(body)
    return [f"/static/bench-limit/{n}.html" for n in range(count)]


def run_size(label, database, probe_data, scenarios, datasette_db, results):
    """Every scenario of `scenarios` at both connection counts, cold and warm,
    alternating with Datasette's comparable page where there is one."""
    tvetkb_paths = probe_data["tvetkb"]
    datasette_paths = probe_data["datasette"]
    limit_paths = write_limit_files(probe_data["list_page_bytes"])
    for cached in (False, True):
        mode = "warm" if cached else "cold"
        if cached:
            run("redis-cli", "-u", REDIS, "FLUSHDB", stdout=subprocess.DEVNULL)
        with tvetkb_server(database, cached):
            for scenario in scenarios:
                fetch_all(TVETKB_PORT, tvetkb_paths[scenario])
            for connections in CONNECTIONS:
                for scenario in scenarios:
                    log(f"{label} tvetkb {mode} {scenario} c={connections}")
                    results.append(
                        {
                            "size": label,
                            "server": "tvetkb",
                            "mode": mode,
                            "scenario": scenario,
                            "connections": connections,
                            **measure(TVETKB_PORT, tvetkb_paths[scenario], connections),
                        }
                    )
                    if datasette_db and not cached and scenario in datasette_paths:
                        log(f"{label} datasette {scenario} c={connections}")
                        results.append(
                            {
                                "size": label,
                                "server": "datasette",
                                "mode": "cold",
                                "scenario": scenario,
                                "connections": connections,
                                **measure(
                                    DATASETTE_PORT,
                                    datasette_paths[scenario],
                                    connections,
                                ),
                            }
                        )
                if not cached:
                    log(f"{label} limit c={connections}")
                    results.append(
                        {
                            "size": label,
                            "server": "tvetkb",
                            "mode": "static",
                            "scenario": "limit",
                            "connections": connections,
                            **measure(TVETKB_PORT, limit_paths, connections),
                        }
                    )


def measure_size(database, datasette_db, results):
    """Every scenario on `database` as it is now, tvetkb and Datasette (on
    the same practices, exported to `datasette_db`) side by side. Returns
    (size label, probe data)."""
    data = probe(database)
    label = f"{data['practices']:,}"
    log(f"exporting the {label} practices to SQLite for Datasette")
    datasette_db.parent.mkdir(exist_ok=True)
    datasette_db.unlink(missing_ok=True)
    run(
        PYTHON,
        str(BENCH / "export_sqlite.py"),
        str(datasette_db),
        env=django_env(database),
    )
    with datasette_server(datasette_db):
        for paths in data["datasette"].values():
            fetch_all(DATASETTE_PORT, paths)
        run_size(
            label,
            database,
            data,
            [key for key, _, _ in SCENARIOS],
            datasette_db,
            results,
        )
    return label, data


def main():
    started = time.monotonic()
    OUT.mkdir(exist_ok=True)
    if not shutil.which("wrk"):
        sys.exit("The benchmark needs wrk: apt-get install wrk")
    datasette_version = install_datasette()
    collect_static(DATABASE)

    # Queries per page with 10 practices, to compare with the large sizes.
    build_database(SMALL_DATABASE, 10)
    manage(SMALL_DATABASE, "shell", "-c", SMALL_ONLY_GENERATED)
    small = probe(SMALL_DATABASE)

    build_database(DATABASE, PRACTICES)
    results = []
    sizes = [("10", small)]
    sizes.append(measure_size(DATABASE, OUT / "bench.db", results))
    if LARGE > PRACTICES:
        grow_database(DATABASE, LARGE - PRACTICES, seed=2)
        # A folder of its own: Datasette names a database after its file,
        # and the addresses probed say /bench/.
        sizes.append(measure_size(DATABASE, OUT / "large" / "bench.db", results))

    report = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "datasette": datasette_version,
        "seconds": SECONDS,
        "workers": WORKERS,
        "results": results,
        "sizes": {label: data["queries"] for label, data in sizes},
        "matches": {label: data["matches"] for label, data in sizes},
        "elapsed_s": round(time.monotonic() - started),
    }
    (OUT / "results.json").write_text(json.dumps(report, indent=2))
    from report import render

    text = render(report)
    (OUT / "results.md").write_text(text)
    print(text)
    shutil.rmtree(ROOT / "staticfiles" / "bench-limit", ignore_errors=True)
    if "FAIL" in text:
        sys.exit(1)


# The 10-practice database keeps only generated practices, one of which
# mentions the first rare word, so every probed page has results.
SMALL_ONLY_GENERATED = """
from practices.models import Practice
from practices.management.commands._synthetic import RARE_WORDS
Practice.objects.exclude(slug__startswith="g1-").delete()
practice = Practice.objects.order_by("pk").first()
practice.summary += f" Learners also practise {RARE_WORDS[0]}."
practice.save()
"""


def machine():
    cpu = "unknown CPU"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    postgres = run("psql", "--version", capture_output=True, text=True).stdout.strip()
    return (
        f"{os.cpu_count()} cores ({cpu}), Python {platform.python_version()}, "
        f"{postgres}, {platform.system()} {platform.release()}"
    )


if __name__ == "__main__":
    main()
