"""Time pages in-process, without a server: the mean and the fastest time and
the queries of each address, rendered by Django's test client against
DATABASE_URL with the test settings (DEBUG off, page cache off). For comparing
one change with another on the same database.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tvetkb_bench \\
        python bench/page_times.py / "/practices/?q=skills"
"""

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
# The test settings: the real ones, with static files that need no
# collectstatic and the page cache off.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tvetkb.settings_test")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("addresses", nargs="+")
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args()
    client = Client()
    for address in args.addresses:
        client.get(address)  # warm the database's buffers and the templates
        times = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            with CaptureQueriesContext(connection) as queries:
                response = client.get(address)
            times.append((time.perf_counter() - started) * 1000)
        # The fastest is what the code costs, whatever else the machine does.
        print(
            f"{sum(times) / len(times):8.1f} ms mean {min(times):8.1f} ms fastest "
            f"{len(queries.captured_queries):3d} queries "
            f"{response.status_code} {address}"
        )


if __name__ == "__main__":
    main()
