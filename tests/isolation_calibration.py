"""Access-matrix entries for rater calibration and the calibration cases of mentor training
(merged into tests/test_isolation.py).

The calibration page is a page of aggregates: coordinators, childcare admins, coaches and mentors
open it (each sees their own scope, tests/test_calibration.py); everyone else gets 403. A case
belongs to a session of the network's completed mentor training: its coordinator puts it up,
sees the spread and reveals it; participants (a place in the course) rate it; other people of the
network who see the course get 403 on putting one up, everyone else 404.
"""

from tests.isolation_support import Entry


def _case(network):
    from demo.calibration import CASE_TITLE, seed_cases
    from demo.training import seed_training
    from training.models import CalibrationCase

    seed_training()
    seed_cases()
    return CalibrationCase.objects.get(session__course__network__slug=network, title=CASE_TITLE)


def _session_pk(demo, network):
    return {"pk": _case(network).session_id}


def _case_pk(demo, network):
    return {"pk": _case(network).pk}


ENTRIES = {
    "calibration:index": Entry(rule="calibration.read", denied=403),
    # An empty POST re-renders the form with its errors.
    "training:case_new": Entry(kwargs=_session_pk, rule="training.case_manage", obj="network", visible_rule="training.read",
                               post="same"),
    # Participants rate (an empty POST re-renders the form with its errors); the coordinator reads
    # the spread but does not rate (403 on POST).
    "training:case": Entry(kwargs=_case_pk, rule="training.case_rate", obj="case", visible_rule="training.case_manage",
                           visible_get=200, visible_post=403, post="same"),
    "training:case_reveal": Entry(kwargs=_case_pk, rule="training.case_manage", obj="case", visible_rule="training.case_rate",
                                  ok_code=405, denied=405, visible_get=405, visible_post=403, post="same", post_ok_code=302,
                                  post_denied=404),
}
