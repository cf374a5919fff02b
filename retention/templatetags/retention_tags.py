"""The legal-hold box on a student's and an internship's page: only for whoever may place a hold
there (their school's admin), with the active holds; nothing (and no query) for anyone else."""

from __future__ import annotations

from django import template

import access
from retention import selectors

register = template.Library()


@register.inclusion_tag("retention/_hold_box.html", takes_context=True)
def hold_box(context, student=None, internship=None):
    request = context.get("request")
    user = getattr(request, "user", None)
    shown = {"show": False, "student": student, "internship": internship, "csrf_token": context.get("csrf_token")}
    if user is None or not user.is_authenticated or not access.hold_schools(user).exists():
        return shown
    if student is not None and access.hold_students(user).filter(pk=student.pk).exists():
        return {**shown, "show": True, "holds": selectors.active_holds_on_student(student)}
    if internship is not None and access.hold_internships(user).filter(pk=internship.pk).exists():
        return {**shown, "show": True, "holds": selectors.active_holds_on_internship(internship)}
    return shown


@register.simple_tag
def privacy_link(accept_url: str, invitation) -> str:
    """The absolute address of the invitation's network's privacy page (for the mail)."""
    from urllib.parse import urlsplit

    from django.urls import reverse

    parts = urlsplit(accept_url or "")
    path = reverse("privacy_notice:page", args=[invitation.network.slug])
    return f"{parts.scheme}://{parts.netloc}{path}" if parts.netloc else path
