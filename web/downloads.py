"""A stored file (an uploaded document, an export's ZIP) as a private download (issue 18,
ADR 0029). The view has already checked who may have it (404 for what is not yours) and
written its audit row; this only answers with the bytes, wherever they are:

- on the local disk (MEDIA_ROOT) or on object storage in ``proxy`` mode: streamed by the app,
  with ``nosniff`` and ``no-store``;
- on object storage in ``redirect`` mode: a 302 to a presigned URL valid for
  ``S3_PRESIGNED_SECONDS`` (60 s), which makes S3 answer with the same attachment name, type and
  ``no-store``. The URL is made for this one request, after the access check, and is never
  shown on a page.

A file that is gone answers 404, as before; storage that cannot be reached is a server error.
"""

from __future__ import annotations

from typing import Any, Protocol, runtime_checkable

from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.http.response import HttpResponseBase


@runtime_checkable
class ObjectStorage(Protocol):
    """What config.s3_storage.PrivateS3Storage adds to a storage (no boto3 import here)."""

    download_mode: str

    def presigned_download_url(self, name: str, *, filename: str, content_type: str) -> str: ...

    def stream(self, name: str) -> tuple[Any, int]: ...


class _Download(FileResponse):
    block_size = 64 * 1024


def _private(response: HttpResponseBase) -> HttpResponseBase:
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def private_download(file: FieldFile, *, filename: str, content_type: str) -> HttpResponseBase:
    if not file:
        raise Http404
    storage, name = file.storage, str(file.name)
    try:
        if isinstance(storage, ObjectStorage):
            if storage.download_mode == "redirect":
                if not storage.exists(name):
                    raise Http404
                url = storage.presigned_download_url(name, filename=filename, content_type=content_type)
                return _private(HttpResponseRedirect(url))
            body, length = storage.stream(name)
            response = _Download(body, as_attachment=True, filename=filename, content_type=content_type)
            response["Content-Length"] = str(length)
            return _private(response)
        handle = file.open("rb")
    except FileNotFoundError as error:  # gone (an expired export, a purge); a bucket that cannot be
        raise Http404 from error  # reached is an error (500), not "not yours"
    return _private(_Download(handle, as_attachment=True, filename=filename, content_type=content_type))
