"""Django's ``check``, which first makes sure each database of ``--database`` can be reached.

Django's own model checks open the connection too, but fail with a long traceback; this says
in one line which database (host, port, name, never the password) could not be reached.
"""

from django.core.management.base import CommandError
from django.core.management.commands.check import Command as DjangoCheck

from web.checks import database_error


class Command(DjangoCheck):
    def handle(self, *app_labels, **options):
        for alias in options.get("databases") or []:
            if error := database_error(alias):
                raise CommandError(f"{error} (uniform.E001)")
        return super().handle(*app_labels, **options)
