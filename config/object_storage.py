"""Where uploaded documents and exports live (issue 18, ADR 0029): the local disk (MEDIA_ROOT)
unless ``S3_BUCKET`` names a bucket on S3-compatible object storage.

This module only builds the ``STORAGES["default"]`` entry from the environment, without
importing boto3 (the settings import it); the storage class itself is
``config.s3_storage.PrivateS3Storage``. The tests build their object storage with
``s3_storage`` too, so they run with the options a deployment gets.

Environment (only ``S3_BUCKET`` is needed to switch):

- ``S3_BUCKET``: the bucket; set, files go there instead of MEDIA_ROOT.
- ``S3_ENDPOINT_URL``: the S3 API of a non-AWS server (SeaweedFS, MinIO, Garage, a provider's);
  empty for AWS itself.
- ``S3_ACCESS_KEY_ID`` / ``S3_SECRET_ACCESS_KEY``: the key pair. When empty, boto3 looks for
  credentials itself (``AWS_ACCESS_KEY_ID`` / ``AWS_SECRET_ACCESS_KEY``, a profile, a role).
- ``S3_REGION``: the region (or ``AWS_DEFAULT_REGION``; SeaweedFS and MinIO accept any).
- ``S3_PREFIX``: a folder inside the bucket for this installation's files (default: none).
- ``S3_ADDRESSING_STYLE``: ``path`` (default when an endpoint is given: ``endpoint/bucket/key``)
  or ``virtual`` (``bucket.endpoint/key``; the default on AWS).
- ``S3_DOWNLOAD_MODE``: ``proxy`` (default: the app streams the file) or ``redirect`` (the app
  answers with a presigned URL; the endpoint must then be reachable from the browser).
- ``S3_PRESIGNED_SECONDS``: how long a presigned URL is valid (default 60).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ImproperlyConfigured

DOWNLOAD_MODES = ("proxy", "redirect")
LOCAL = {"BACKEND": "django.core.files.storage.FileSystemStorage"}


def s3_storage(
    *, bucket: str, endpoint_url: str | None = None, access_key: str | None = None, secret_key: str | None = None,
    region: str | None = None, prefix: str = "", addressing_style: str | None = None, download_mode: str = "proxy",
    presigned_seconds: int = 60,
) -> dict[str, Any]:
    """The ``STORAGES`` entry of a private bucket: nothing is ever public. Objects are written
    without an ACL (the bucket's own, private, applies; some servers refuse ACL headers), URLs
    are always signed (``querystring_auth``) and short-lived, no custom (public) domain, and a
    name in use is never overwritten (a new upload gets a new name)."""
    if download_mode not in DOWNLOAD_MODES:
        raise ImproperlyConfigured(f"S3_DOWNLOAD_MODE must be one of {', '.join(DOWNLOAD_MODES)}, not {download_mode!r}")
    if presigned_seconds < 1:
        raise ImproperlyConfigured("S3_PRESIGNED_SECONDS must be at least 1")
    options: dict[str, Any] = {
        "bucket_name": bucket,
        "location": prefix.strip("/"),
        "addressing_style": addressing_style or ("path" if endpoint_url else None),
        "signature_version": "s3v4",
        "default_acl": None,
        "querystring_auth": True,
        "querystring_expire": presigned_seconds,
        "file_overwrite": False,
        "custom_domain": None,
        # Reads larger than this spill from memory to a temporary file (an export's ZIP).
        "max_memory_size": 4 * 1024 * 1024,
        "download_mode": download_mode,
    }
    # Left out when not given, so that django-storages and boto3 look for them themselves.
    given = {"endpoint_url": endpoint_url, "access_key": access_key, "secret_key": secret_key, "region_name": region}
    options.update({key: value for key, value in given.items() if value})
    return {"BACKEND": "config.s3_storage.PrivateS3Storage", "OPTIONS": options}


def default_storage(environ: Mapping[str, str]) -> dict[str, Any]:
    """``STORAGES["default"]`` for this environment: the bucket of ``S3_BUCKET``, else the disk."""
    bucket = environ.get("S3_BUCKET", "").strip()
    if not bucket:
        return dict(LOCAL)
    return s3_storage(
        bucket=bucket,
        endpoint_url=environ.get("S3_ENDPOINT_URL", "").strip() or None,
        access_key=environ.get("S3_ACCESS_KEY_ID") or None,
        secret_key=environ.get("S3_SECRET_ACCESS_KEY") or None,
        region=environ.get("S3_REGION") or environ.get("AWS_DEFAULT_REGION") or None,
        prefix=environ.get("S3_PREFIX", ""),
        addressing_style=environ.get("S3_ADDRESSING_STYLE") or None,
        download_mode=environ.get("S3_DOWNLOAD_MODE", "proxy").strip().lower() or "proxy",
        presigned_seconds=_seconds(environ.get("S3_PRESIGNED_SECONDS") or "60"),
    )


def _seconds(value: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"S3_PRESIGNED_SECONDS must be a number of seconds, not {value!r}") from None
