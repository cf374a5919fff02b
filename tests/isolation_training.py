"""Access-matrix entries for the training URLs (merged into tests/test_isolation.py).

Objects: the demo training of each network (demo.training.seed_training): a published course,
its first session, and the demo mentor's completed registration. Courses: the coordinator
writes; teachers, mentors, coaches and admins of the network see them and register (403 where
their role may not act); students and other networks get 404. Registrations are personal
data: the person, the coordinator and the person's organisation admins; everyone else 404.
"""

from tests.isolation_support import BOTH_COORDINATORS, COORDINATOR, EVERYONE, Entry

STUDENTS = {"student@uniform.demo", "student@other.demo"}
PARTICIPANTS = {
    "limburg": {
        "schooladmin@uniform.demo", "teacher@uniform.demo", "teacher2@uniform.demo", "childcare@uniform.demo",
        "coach@uniform.demo", "mentor@uniform.demo", "mentor2@uniform.demo",
    },
    "antwerpen": {"teacher@other.demo", "mentor@other.demo"},
}
SEES_COURSE = {net: PARTICIPANTS[net] | COORDINATOR[net] for net in PARTICIPANTS}
SEES_REGISTRATION = {
    "limburg": {"coordinator@uniform.demo", "mentor@uniform.demo", "childcare@uniform.demo"},
    "antwerpen": {"coordinator@other.demo", "mentor@other.demo"},
}
SLUG = {"limburg": "limburg", "antwerpen": "antwerpen"}


def _course(demo, network):
    from demo.training import OPEN_TITLE, seed_training
    from training.models import Course

    seed_training()
    return Course.objects.get(network__slug=SLUG[network], title=OPEN_TITLE)


def _course_pk(demo, network):
    return {"pk": _course(demo, network).pk}


def _session_pk(demo, network):
    return {"pk": _course(demo, network).sessions.order_by("date").first().pk}


def _registration_pk(demo, network):
    from demo.training import COMPLETED_TITLE, seed_training
    from training.models import Registration

    seed_training()
    mentor = "mentor@uniform.demo" if network == "limburg" else "mentor@other.demo"
    return {"pk": Registration.objects.get(course__title=COMPLETED_TITLE, course__network__slug=SLUG[network], user__email=mentor).pk}


def _post_only(kwargs, ok, visible):
    return Entry(kwargs=kwargs, ok=ok, ok_code=405, denied=405, visible=visible, visible_get=405, visible_post=403,
                 post="same", post_ok_code=302, post_denied=404)


ENTRIES = {
    "training:index": Entry(ok={"limburg": EVERYONE - STUDENTS, "antwerpen": EVERYONE - STUDENTS}, denied=403),
    "training:calendar": Entry(ok={"limburg": EVERYONE, "antwerpen": EVERYONE}),
    "training:course_new": Entry(ok={"limburg": BOTH_COORDINATORS, "antwerpen": BOTH_COORDINATORS}, denied=403, post="same"),
    "training:course": Entry(kwargs=_course_pk, ok=SEES_COURSE),
    "training:course_edit": Entry(kwargs=_course_pk, ok=COORDINATOR, visible=SEES_COURSE, post="same"),
    # Published already: the coordinator's publish is refused with a message (302).
    "training:course_publish": _post_only(_course_pk, COORDINATOR, SEES_COURSE),
    "training:register": _post_only(_course_pk, PARTICIPANTS, SEES_COURSE),
    "training:attendance": Entry(kwargs=_session_pk, ok=COORDINATOR, visible=SEES_COURSE, post="same", post_ok_code=302),
    "training:cancel": _post_only(_registration_pk, SEES_REGISTRATION, SEES_REGISTRATION),
    "training:accept": _post_only(_registration_pk, COORDINATOR, SEES_REGISTRATION),
    "training:decline": _post_only(_registration_pk, COORDINATOR, SEES_REGISTRATION),
    "training:certificate": Entry(kwargs=_registration_pk, ok=SEES_REGISTRATION),
}
