"""WSGI entry point (gunicorn, runserver). It refuses to boot when DATABASE_URL points at a
database it cannot reach (web/checks.py): gunicorn stops with "Worker failed to boot" and the
reason, rather than serving 500s."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()

from web.checks import require_database  # noqa: E402  (needs the apps loaded)

require_database()
