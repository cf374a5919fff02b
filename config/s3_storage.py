"""The storage of uploaded documents and exports on S3-compatible object storage (issue 18,
ADR 0029): django-storages' S3Storage with what a private download needs. Selected by
``S3_BUCKET`` (config/object_storage.py builds its options); imported only then, so a machine
on the local disk never loads boto3.

- ``download_mode``: ``proxy`` (the app streams the object) or ``redirect`` (the app answers
  with a presigned URL); web/downloads.py asks the storage which.
- ``presigned_download_url``: a GET URL valid ``querystring_expire`` seconds whose response
  carries the attachment name, the content type and ``no-store``.
- ``stream``: the object's body as a file-like object read straight from S3 (S3File itself
  downloads the whole object before the first byte), with its length.
- The S3 client's own errors (``ClientError``, ``BotoCoreError``: refused, unreachable) are
  raised as ``OSError`` from reads and deletes, as the disk's are, so the app's ``except OSError``
  (a missing file in a data export, a deletion after an erasure that cannot reach the bucket)
  handles both alike.
"""

from __future__ import annotations

from typing import Any

from botocore.exceptions import BotoCoreError, ClientError
from django.utils.http import content_disposition_header
from storages.backends.s3 import S3Storage
from storages.utils import clean_name


class PrivateS3Storage(S3Storage):
    def get_default_settings(self) -> dict[str, Any]:
        return {**super().get_default_settings(), "download_mode": "proxy"}

    def _key(self, name: str) -> str:
        return self._normalize_name(clean_name(name))

    def _open(self, name, mode="rb"):
        try:
            return super()._open(name, mode)
        except (ClientError, BotoCoreError) as error:
            raise OSError(f"Could not open {name} in the bucket: {error}") from error

    def delete(self, name):
        try:
            super().delete(name)
        except (ClientError, BotoCoreError) as error:
            raise OSError(f"Could not delete {name} from the bucket: {error}") from error

    def exists(self, name):
        try:
            return super().exists(name)
        except (ClientError, BotoCoreError) as error:
            raise OSError(f"Could not look for {name} in the bucket: {error}") from error

    def presigned_download_url(self, name: str, *, filename: str, content_type: str) -> str:
        return self.url(name, parameters={
            "ResponseContentDisposition": content_disposition_header(True, filename),
            "ResponseContentType": content_type,
            "ResponseCacheControl": "private, no-store",
        })

    def stream(self, name: str) -> tuple[Any, int]:
        """The object's body (``read``/``close``) and its length; ``FileNotFoundError`` when the
        object is not there, ``OSError`` when the bucket cannot be read."""
        try:
            answer = self.connection.meta.client.get_object(Bucket=self.bucket_name, Key=self._key(name))
        except ClientError as error:
            if error.response.get("ResponseMetadata", {}).get("HTTPStatusCode") == 404:
                raise FileNotFoundError(f"File does not exist: {name}") from error
            raise OSError(f"Could not read {name} from the bucket: {error}") from error
        except BotoCoreError as error:
            raise OSError(f"Could not read {name} from the bucket: {error}") from error
        return answer["Body"], int(answer["ContentLength"])
