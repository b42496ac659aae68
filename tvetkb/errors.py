"""The server-error page: a database that cannot be reached, or a statement
that ran past its time limit (DATABASE_STATEMENT_TIMEOUT_MS, on PostgreSQL),
answers 503 with Retry-After (the visitor, a crawler or a proxy may simply try
again), any other error 500."""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader
from django.views import defaults

RETRY_AFTER_SECONDS = 30
# SQLSTATE of a statement cancelled by PostgreSQL's statement_timeout.
QUERY_CANCELED = "57014"


def database_unavailable(exception):
    # OperationalError: refused, timed out, server gone; InterfaceError: the
    # connection was closed under us.
    return isinstance(exception, OperationalError | InterfaceError)


def statement_timed_out(exception):
    cause = exception.__cause__
    # psycopg 2 names it pgcode, psycopg 3 sqlstate.
    code = getattr(cause, "pgcode", None) or getattr(cause, "sqlstate", None)
    return code == QUERY_CANCELED


def server_error(request):
    exception = sys.exc_info()[1]
    if not database_unavailable(exception):
        return defaults.server_error(request)
    # Rendered without the request: context processors could query the database.
    body = loader.get_template("503.html").render(
        {"too_slow": statement_timed_out(exception)}
    )
    response = HttpResponse(body, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response
