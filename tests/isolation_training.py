"""Access-matrix entries for the training URLs (merged into tests/test_isolation.py).

Objects: the demo training of each network (demo.training.seed_training): a published course,
its completed course's first session (attendance comes after a session), and the demo mentor's completed registration. Courses: the coordinator
writes; teachers, mentors, coaches and admins of the network see them and register (403 where
their role may not act); students and other networks get 404. Registrations are personal
data: the person, the coordinator and the person's organisation admins; everyone else 404.
"""

from tests.isolation_support import EVERYONE, Entry

SLUG = {"limburg": "limburg", "antwerpen": "antwerpen"}


def _course(demo, network):
    from demo.training import OPEN_TITLE, seed_training
    from training.models import Course

    seed_training()
    return Course.objects.get(network__slug=SLUG[network], title=OPEN_TITLE)


def _course_pk(demo, network):
    return {"pk": _course(demo, network).pk}


def _session_pk(demo, network):
    """The first session of the network's completed course: attendance is recorded once a
    session has taken place (the open course's sessions are still to come)."""
    from demo.training import COMPLETED_TITLE
    from training.models import Course

    _course(demo, network)
    course = Course.objects.get(network__slug=SLUG[network], title=COMPLETED_TITLE)
    return {"pk": course.sessions.order_by("date").first().pk}


def _registration_pk(demo, network):
    from demo.training import COMPLETED_TITLE, seed_training
    from training.models import Registration

    seed_training()
    mentor = "mentor@uniform.demo" if network == "limburg" else "mentor@other.demo"
    return {"pk": Registration.objects.get(course__title=COMPLETED_TITLE, course__network__slug=SLUG[network], user__email=mentor).pk}


def _post_only(kwargs, rule, obj, visible_rule):
    return Entry(kwargs=kwargs, rule=rule, obj=obj, ok_code=405, denied=405, visible_rule=visible_rule,
                 visible_get=405, visible_post=403, post="same", post_ok_code=302, post_denied=404)


ENTRIES = {
    "training:index": Entry(rule="training.open", denied=403),
    # No rule: everyone's own calendar feed of what concerns them (empty for some roles).
    "training:calendar": Entry(ok={"limburg": EVERYONE, "antwerpen": EVERYONE}),
    "training:course_new": Entry(rule="training.manage", denied=403, post="same"),
    "training:course": Entry(kwargs=_course_pk, rule="training.read", obj="network"),
    "training:course_edit": Entry(kwargs=_course_pk, rule="training.manage", obj="network", visible_rule="training.read", post="same"),
    # Published already: the coordinator's publish is refused with a message (302).
    "training:course_publish": _post_only(_course_pk, "training.manage", "network", "training.read"),
    "training:register": _post_only(_course_pk, "training.register", "network", "training.read"),
    "training:attendance": Entry(
        kwargs=_session_pk, rule="training.manage", obj="network", visible_rule="training.read", post="same", post_ok_code=302,
    ),
    "training:cancel": _post_only(_registration_pk, "training.registration", "registration", "training.registration"),
    "training:accept": _post_only(_registration_pk, "training.manage", "registration", "training.registration"),
    "training:decline": _post_only(_registration_pk, "training.manage", "registration", "training.registration"),
    "training:certificate": Entry(kwargs=_registration_pk, rule="training.registration", obj="registration"),
}
