"""The snapshot that puts the demo region back after a transactional test (tests/db_snapshot.py)."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command

from tenancy.models import User
from tests import db_snapshot


@pytest.mark.django_db(transaction=True)
def test_a_restore_puts_back_the_seeded_rows_ids_and_sequences():
    db_snapshot.ensure()
    # From the snapshot itself: a test before this one in the same worker may have moved the
    # sequences on (a rolled-back transaction keeps what it took from a sequence).
    db_snapshot.restore()
    emma = User.objects.get(email="student@uniform.demo")
    users = User.objects.count()
    User.objects.filter(pk=emma.pk).update(full_name="Gewijzigd")
    first = User.objects.create(email="tijdelijk@uniform.demo").pk

    call_command("flush", verbosity=0, interactive=False)  # as a transactional test ends
    assert not User.objects.exists()
    db_snapshot.restore()

    assert User.objects.count() == users
    assert User.objects.get(pk=emma.pk).full_name == emma.full_name
    assert User.objects.create(email="opnieuw@uniform.demo").pk == first  # the sequence is back too
    content_type = ContentType.objects.get_for_model(User)  # not the flush's cached one
    assert ContentType.objects.filter(pk=content_type.pk, model="user").exists()
