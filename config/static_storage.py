"""Static files with hashed names also under DEBUG (issue 20).

Django's manifest storage gives the plain name while DEBUG is on, so under `make run` (DEBUG=1)
every page asked for ``bootstrap.min.css`` with ``max-age=0`` and revalidated it on each visit.
This storage always gives the hashed name that collectstatic wrote, which WhiteNoise serves as
immutable, cached for a year; settings.STATIC_HASHED says when it is used.
"""

from __future__ import annotations

from whitenoise.storage import CompressedManifestStaticFilesStorage


class HashedStaticFilesStorage(CompressedManifestStaticFilesStorage):
    def url(self, name: str | None, force: bool = False) -> str:
        return super().url(name, force=True)
