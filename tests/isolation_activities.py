"""Access-matrix entries for the activity-list URLs (merged into tests/test_isolation.py).

The objects are Emma's internship (Limburg) and Lucas's (Antwerpen), and their activity
entries. Policy row "activity list": everyone who sees the internship reads it; the student
proposes, the mentor adds and confirms. Those who see the internship but may not act get 403;
everyone else 404.
"""

from django.utils import timezone

from evaluations.models import ActivityEntry
from tests.isolation_internships import _internship, _post_only
from tests.isolation_support import Entry


def _entry(demo, network):
    """An entry of the internship (one to confirm is made when there is none)."""
    internship = _internship(demo, network)
    entry = internship.activity_entries.order_by("pk").first()
    if entry is None:
        entry = ActivityEntry.objects.create(
            internship=internship, activity=internship.catalogue_version.activities.order_by("order", "pk").first(),
            date=min(timezone.localdate(), internship.end_date), level=ActivityEntry.Level.OBSERVED,
            proposed_by=internship.student.user,
        )
    return {"internship_pk": internship.pk, "pk": entry.pk}


def _internship_pk(demo, network):
    return {"internship_pk": _internship(demo, network).pk}


ENTRIES = {
    "activities:activity_list": Entry(kwargs=_internship_pk, rule="internship.read", obj="internship"),
    # An empty POST by the student or mentor is an invalid form: the page again, with errors (200).
    "activities:activity_add": _post_only(_internship_pk, "activities.propose", post_ok_code=200),
    "activities:activity_confirm": _post_only(_entry, "activities.confirm"),
    "activities:activity_confirm_all": _post_only(_internship_pk, "activities.confirm"),
}
