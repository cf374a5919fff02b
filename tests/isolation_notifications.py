"""Access-matrix entries for the notification URLs (merged into tests/test_isolation.py).

Everyone has their own notification centre and preferences. One notification (of the teacher
of each network) is marked read only by its recipient (POST; everyone else 404; GET 405).
Who-sent-what is for school and childcare admins, the counts for coordinators (others 403).
The one-click unsubscribe opens logged out (the signed token is the key).
"""

from tests.isolation_support import EVERYONE, Entry

ALL = {"limburg": EVERYONE, "antwerpen": EVERYONE}
TEACHER = {"limburg": "teacher@uniform.demo", "antwerpen": "teacher@other.demo"}


def _notification(demo, network):
    from notifications import services
    from notifications.kinds import Kind

    internship = demo.emma_internship if network == "limburg" else demo.lucas_internship
    teacher = demo.user(TEACHER[network])
    services.notify(Kind.SHEET_SHARED, [teacher], about=internship, internship=internship, link="/", dedupe_key="isolation")
    return {"pk": teacher.notifications.get(dedupe_key="isolation").pk}


def _token(demo, network):
    from notifications import services

    return {"token": services.unsubscribe_token(demo.user(TEACHER[network]), "sheet_shared")}


ENTRIES = {
    "notifications:index": Entry(ok=ALL),
    "notifications:read": Entry(kwargs=_notification, ok={net: {login} for net, login in TEACHER.items()}, ok_code=405, denied=405,
                                post="same", post_ok_code=302, post_denied=404),
    "notifications:read_all": Entry(ok=ALL, ok_code=405, post="same", post_ok_code=302),
    "notifications:preferences": Entry(ok=ALL, post="same"),  # an empty POST re-renders with errors
    "notifications:unsubscribe": Entry(kwargs=_token, ok=ALL, post="same", public=True),
    "notifications:sent": Entry(rule="notifications.sent", denied=403),
    "notifications:counts": Entry(rule="notifications.counts", denied=403),
}
