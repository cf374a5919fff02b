"""Create the database cache table as part of `migrate`, so a deployment without Redis never
meets "no such table: uniform_cache" (allauth's rate limits use the cache on every login)."""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("uniform", "0001_initial")]
    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
