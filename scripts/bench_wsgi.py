"""gunicorn entry point of scripts/bench_region.py: the application with a bare view beside it."""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402

settings.ROOT_URLCONF = "scripts.bench_urls"

from config.wsgi import application  # noqa: E402,F401
