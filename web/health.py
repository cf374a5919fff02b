"""``/health/``: is this instance able to serve? (issue #13, ADR 0010)

django-health-check runs a check per dependency: the database (SELECT 1), the cache (set and
get a key) and the file storage of uploads and exports (write, read and delete a small file).
200 when all pass, 500 otherwise. No login, no tenant data: only the check names, "OK" or the
failure, and timings. HTML for a person, ``?format=json`` or ``Accept: application/json`` for a
probe. A readiness endpoint (``/health/ready/``, other checks) is another ``HealthView`` with
its own ``checks`` in config/urls.py.
"""

from health_check.views import HealthCheckView

CHECKS = (
    "health_check.checks.Database",
    "health_check.checks.Cache",
    "health_check.checks.Storage",
)


class HealthView(HealthCheckView):
    template_name = "health/index.html"  # without the package's inline <style> (CSP)
    checks = CHECKS
