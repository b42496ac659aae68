"""WSGI entry point, for gunicorn or any WSGI server."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tvetkb.settings")

django_application = get_wsgi_application()

# Cached pages are answered before Django's request handling.
from tvetkb.page_cache import CachedPageApplication  # noqa: E402
from tvetkb.warm_up import warm_up_and_freeze  # noqa: E402

application = CachedPageApplication(django_application)

# What every request reads, loaded now and kept out of garbage collection.
warm_up_and_freeze()
