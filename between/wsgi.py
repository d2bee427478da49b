"""The WSGI application, for `between serve` and for any WSGI server (gunicorn and the
like). Any server that imports it gets the start-up `between serve` gets: the crisis
reader loads before the first request, and with DEBUG off a missing reader stops the
start-up unless BETWEEN_CRISIS_RULES_ONLY says to run on the rules alone. An unmigrated
database stops it too, as it stops every other process."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "between.settings")
application = get_wsgi_application()

from between.conf.process import (  # noqa: E402  (needs Django set up)
    ready_for_traffic,
    refuse_unmigrated,
)

refuse_unmigrated()
ready_for_traffic()
