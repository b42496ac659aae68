"""A server process's start: what every request reads is loaded before the
first one (the URL patterns, the interface in every language, the site's
templates), then exempted from garbage collection.

It all lives as long as the process. Left to the collector, every full
collection walks it again: about 100,000 objects, 20 to 130 ms on the
benchmark's machine, paid by whichever request is running, in the tail of
the pages' times (the API list's p99 was 85 ms for a median of 25, in
process; 42 after this)."""

import gc
from pathlib import Path

from django.conf import settings
from django.template import engines
from django.urls import reverse
from django.utils import translation


def warm_up():
    for language, _name in settings.LANGUAGES:
        with translation.override(language):  # loads its catalogues
            reverse("practices:practice-list")  # and the URL resolver's paths
    engine = engines["django"]
    for folder in engine.dirs:
        for template in sorted(Path(folder).rglob("*.html")):
            engine.get_template(template.relative_to(folder).as_posix())


def warm_up_and_freeze():
    warm_up()
    gc.freeze()
