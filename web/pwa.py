"""The installable app for the work floor (issue 20, ADR 0025): the service worker and the page
it shows for what this device does not keep.

The worker is served from the site's root (its scope is the whole site) and rendered with the
current names of the static files, so a deployment with new files gives a new worker, which
throws the old caches away. What it keeps and when it forgets is in templates/pwa/sw.js.
"""

from __future__ import annotations

import hashlib
import json
from functools import cache
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.views.decorators.http import require_safe

#: What every page of the app needs, kept by the worker when it is installed (the page scripts
#: too: a sheet opened offline needs its autosave and local copy).
_ASSET_DIRS = ("css", "js", "vendor/bootstrap", "vendor/htmx", "img")
_ASSET_SUFFIXES = (".css", ".js", ".svg", ".png")
#: Bootstrap's whole CSS: the source of the subset the pages load (scripts/css_subset.py, ADR 0032).
_ASSET_SKIP = ("vendor/bootstrap/bootstrap.min.css",)


@cache
def _assets() -> tuple[str, ...]:
    root = Path(settings.BASE_DIR) / "static"
    names = sorted(
        str(path.relative_to(root))
        for folder in _ASSET_DIRS
        for path in (root / folder).rglob("*")
        if path.suffix in _ASSET_SUFFIXES and not path.name.endswith(".map")
        and str(path.relative_to(root)) not in _ASSET_SKIP
    )
    return tuple(staticfiles_storage.url(name) for name in names)


@require_safe
def service_worker(request):
    assets = list(_assets())
    offline_url = "/offline/"
    version = hashlib.sha256("\n".join([*assets, offline_url]).encode()).hexdigest()[:12]
    body = render_to_string("pwa/sw.js", {"assets_json": json.dumps(assets), "offline_url_json": json.dumps(offline_url),
                                          "version_json": json.dumps(version)})
    response = HttpResponse(body, content_type="application/javascript; charset=utf-8")
    # The browser checks for a new worker on every visit; never a stale one from a cache.
    response["Cache-Control"] = "no-cache"
    response["Service-Worker-Allowed"] = "/"
    return response


@require_safe
def offline(request):
    """Shown by the worker when a page was never opened on this device and there is no connection."""
    return render(request, "pwa/offline.html")
