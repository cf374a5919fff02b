"""Reads of the API: the person's tokens, a token by its secret."""

from __future__ import annotations

import hashlib

from django.db.models import QuerySet

import access
from api.models import ApiToken

PREFIX = "unf_"


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def tokens_of(user) -> QuerySet[ApiToken]:
    return access.api_tokens_visible_to(user)


def active_token(secret: str) -> ApiToken | None:
    """The unrevoked, unexpired token with this secret (and an active user), or None."""
    if not secret.startswith(PREFIX) or len(secret) > 100:
        return None
    token = ApiToken.objects.select_related("user").filter(secret_hash=hash_secret(secret)).first()
    if token is None or not token.is_active or not token.user.is_active:
        return None
    return token


# --------------------------------------------------------------------------- what the API reads
# Every read starts from an access selector: a token sees exactly what its person sees.


def _since(qs, field: str, updated_since):
    return qs.filter(**{f"{field}__gt": updated_since}) if updated_since is not None else qs


def internships(user, updated_since=None):
    del updated_since  # an internship has no change timestamp (ADR 0027)
    return access.internships_with_people(access.internships_visible_to(user)).select_related(
        "site", "school").order_by("start_date", "pk")


def internship(user, pk):
    return access.internship_or_404(user, pk, "site", "school")


def school(user, pk: int):
    """A school the person works at (admin or teacher), else 404."""
    from django.http import Http404

    from schools import selectors as school_selectors

    found = school_selectors.school_for_staff(user, pk)
    if found is None:
        raise Http404
    return found


def students(user, school):
    return access.students_visible_to(user).filter(school=school).order_by("last_name", "first_name", "pk")


def groups(user, school):
    return access.groups_visible_to(user).filter(school=school).order_by("school_year", "name", "pk")


def feedback_sheets(user, internship, updated_since=None):
    qs = access.feedback_sheets_visible_to(user).filter(internship=internship).order_by("date", "pk")
    return _since(qs, "updated_at", updated_since)


def evaluations(user, internship):
    return access.evaluations_visible_to(user).filter(internship=internship).order_by("created_at", "pk")


def programmes(user):
    return access.programmes_visible_to(user).order_by("name", "pk")


def published_version(user, programme_pk: int):
    from django.http import Http404

    version = (access.catalogue_versions_visible_to(user).filter(programme_id=programme_pk, status="published")
               .select_related("programme").order_by("-published_at", "-pk").first())
    if version is None:
        raise Http404
    return version


def place_offers(user, updated_since=None):
    qs = access.place_offers_visible_to(user).select_related("period", "site", "capacity").order_by("period__start_date", "pk")
    return _since(qs, "published_at", updated_since)


def place_demands(user, created_since=None):
    qs = access.place_demands_visible_to(user).select_related("period").order_by("period__start_date", "pk")
    return _since(qs, "created_at", created_since)
