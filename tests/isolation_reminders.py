"""Access-matrix entries for the reminders, the calendar feed and the one-tap link (ADR 0016)."""

from tests.isolation_support import EVERYONE, Entry

_ALL = {"limburg": EVERYONE, "antwerpen": EVERYONE}


def _feed_token(demo, network):
    from calendars import selectors, services
    from tenancy.models import User

    user = User.objects.get(email="mentor@uniform.demo" if network == "limburg" else "mentor@other.demo")
    feed = selectors.feed_of(user) or services.feed_renew(user=user)
    return {"token": selectors.token_of(feed)}


ENTRIES = {
    # The coordinator's schedule of their own network (one network each); an empty POST is
    # refused with the form's errors (400). Everyone else: 403 (a page of no object).
    "reminders:schedule": Entry(rule="reminders.schedule", denied=403, post="same", post_ok_code=400),
    # A school's or childcare organisation's admin, for their own organisations; an empty POST
    # names no organisation of theirs: back to the page with a message (302).
    "reminders:opt_outs": Entry(rule="reminders.opt_out", denied=403, post="same", post_ok_code=302),
    # No rule: everyone's own calendar settings (the link to their own feed).
    "calendars:settings": Entry(ok=_ALL),
    # No rule: everyone renews their own link (POST only).
    "calendars:renew": Entry(ok=_ALL, ok_code=405, post="same", post_ok_code=302),
    # No rule: the token is the credential; it opens logged out (calendar apps) and shows the
    # token's owner's calendar to whoever holds it, logged in or not. GET only.
    "calendars:feed": Entry(kwargs=_feed_token, ok=_ALL, public=True),
    # No rule: the mail's link; logged out a login page (200), logged in a redirect (302).
    "onetap": Entry(ok=_ALL, ok_code=302, public=True),
}
