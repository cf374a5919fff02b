"""``manage.py copy_media_to_storage``: when an installation moves its files from the local disk
to object storage (issue 18, ADR 0029), copy every file under MEDIA_ROOT into the configured
storage under the same name, so the names in the database keep pointing at them.

Run it with the new settings (``S3_BUCKET`` and the rest set) on the machine that has the old
``MEDIA_ROOT``: files already in the bucket are left as they are, so it can run again (before
the switch, and once more after the last upload to the disk). It ends by checking that every
file the database names is in the storage, and lists those that are not.
"""

from __future__ import annotations

from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError
from django.db import models


def referenced_names():
    """Every (model label, file name) the database holds in a FileField of default storage."""
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if isinstance(field, models.FileField) and field.storage is default_storage:
                names = model._default_manager.exclude(**{field.name: ""}).values_list(field.name, flat=True)
                for name in names.iterator():
                    if name:
                        yield model._meta.label, name


class Command(BaseCommand):
    help = "Copy the files under MEDIA_ROOT into the configured storage (object storage), keeping their names."

    def add_arguments(self, parser):
        parser.add_argument("--source", default=str(settings.MEDIA_ROOT),
                            help="the folder to copy from (default: MEDIA_ROOT)")
        parser.add_argument("--dry-run", action="store_true", help="only say what would be copied")

    def handle(self, *args, source, dry_run, **options):
        root = Path(source)
        if not root.is_dir():
            raise CommandError(f"No folder {root}.")
        target = default_storage
        location = getattr(target, "location", None)
        if location and Path(str(location)).resolve() == root.resolve():
            raise CommandError("The storage is this folder itself: set S3_BUCKET (and the rest) first.")
        copied = present = 0
        for path in sorted(p for p in root.rglob("*") if p.is_file()):
            name = path.relative_to(root).as_posix()
            if target.exists(name):
                present += 1
                continue
            if not dry_run:
                with path.open("rb") as handle:
                    stored = target.save(name, File(handle, name=path.name))
                if stored != name:
                    raise CommandError(f"{name} was stored as {stored}; check the storage's name rules.")
            copied += 1
            if options["verbosity"] > 1:
                self.stdout.write(f"{'would copy' if dry_run else 'copied'} {name}")
        self.stdout.write(f"{'Would copy' if dry_run else 'Copied'} {copied} files; {present} were already there.")
        missing = [(label, name) for label, name in referenced_names() if not target.exists(name)]
        for label, name in missing[:50]:
            self.stdout.write(f"missing in the storage: {label} {name}")
        if missing:
            self.stdout.write(self.style.WARNING(f"{len(missing)} files named in the database are not in the storage."))
        else:
            self.stdout.write("Every file named in the database is in the storage.")
