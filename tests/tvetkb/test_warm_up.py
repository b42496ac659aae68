"""A server process loads what every request reads before the first one, and
keeps it out of garbage collection (tvetkb/warm_up.py)."""

import json
import subprocess
import sys

from tests.tvetkb.test_settings import (
    PROJECT_DIR,
    environment,
    production_secret_key,
)

STARTED = """
import gc, json
import tvetkb.wsgi
from django.template import engines
from django.utils.translation import trans_real
loader = engines["django"].engine.template_loaders[0]
print(json.dumps({
    "frozen": gc.get_freeze_count(),
    "languages": sorted(trans_real._translations),
    "templates": sorted(key for key in loader.get_template_cache),
}))
"""


def test_a_server_process_starts_with_its_pages_loaded_and_frozen():
    result = subprocess.run(
        [sys.executable, "-c", STARTED],
        cwd=PROJECT_DIR,
        env=environment(
            DEBUG="0", SECRET_KEY=production_secret_key(), ALLOWED_HOSTS="example.org"
        ),
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode == 0, result.stderr
    started = json.loads(result.stdout)
    # Everything loaded so far: Django, the URL patterns, the catalogues and
    # the compiled templates (tens of thousands of objects).
    assert started["frozen"] > 50_000
    assert {"en", "fr", "es", "ar"} <= set(started["languages"])
    assert {"base.html", "practices/practice_list.html"} <= set(started["templates"])
