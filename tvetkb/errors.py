"""The server-error page: a database that cannot be reached answers 503 with
Retry-After (the visitor, a crawler or a proxy may simply try again), any
other error 500."""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader
from django.views import defaults

RETRY_AFTER_SECONDS = 30


def database_unavailable(exception):
    # OperationalError: refused, timed out, server gone; InterfaceError: the
    # connection was closed under us.
    return isinstance(exception, OperationalError | InterfaceError)


def server_error(request):
    exception = sys.exc_info()[1]
    if not database_unavailable(exception):
        return defaults.server_error(request)
    # Rendered without the request: context processors could query the database.
    body = loader.get_template("503.html").render()
    response = HttpResponse(body, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response
