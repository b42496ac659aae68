"""The Redis database the tests may empty: one per test process, so that when
the suite runs in parallel one process's `cache.clear()` (a FLUSHDB) cannot
empty the cache another is testing. TEST_REDIS_URL overrides it."""

import os


def redis_url_for_tests():
    if url := os.environ.get("TEST_REDIS_URL"):
        return url
    # pytest-xdist names its processes gw0, gw1, ...; a serial run is gw0's.
    worker = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw"))
    return f"redis://127.0.0.1:6379/{15 - worker % 15}"
