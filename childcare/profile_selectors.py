"""Reads of site profiles, the site directory and kennismakingsmomenten (ADR 0017)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Min, Prefetch, Q, QuerySet
from django.utils import timezone

import access
from childcare.models import IntroductionMoment, IntroductionRegistration, Site
from internships.models import DocumentType


@dataclass(frozen=True)
class DirectoryFilter:
    municipality: str = ""
    kind: str = ""
    age: str = ""


def site_directory(user, filters: DirectoryFilter) -> QuerySet[Site]:
    today = timezone.localdate()
    qs = access.site_directory_for(user).select_related("organisation")
    if filters.municipality:
        qs = qs.filter(city__iexact=filters.municipality)
    if filters.kind in Site.Kind.values:
        qs = qs.filter(kind=filters.kind)
    if filters.age in {name for name, _label in Site.AGE_GROUPS}:
        qs = qs.filter(**{filters.age: True})
    return qs.annotate(next_introduction=Min("introductions__date", filter=Q(introductions__date__gte=today))).order_by("city", "name", "pk")


def directory_municipalities(user) -> list[str]:
    names = access.site_directory_for(user).exclude(city="").values_list("city", flat=True).distinct()
    return sorted(set(names), key=str.casefold)


def site_profile(user, pk: int) -> Site:
    """The site (404 when the person may not read its profile)."""
    from django.shortcuts import get_object_or_404

    return get_object_or_404(access.site_profiles_visible_to(user).select_related("organisation", "organisation__network"), pk=pk)


def upcoming_introductions(user, site: Site) -> list[IntroductionMoment]:
    """The site's moments from today on, each with the registrations the person may see."""
    visible = access.introduction_registrations_visible_to(user).filter(cancelled_at__isnull=True).select_related(
        "group", "student", "school", "registered_by"
    )
    return list(
        IntroductionMoment.objects.filter(site=site, date__gte=timezone.localdate())
        .select_related("site__organisation")
        .prefetch_related(Prefetch("registrations", queryset=visible, to_attr="visible_registrations"))
        .order_by("date", "start_time")
    )


def introduction_moment(user, pk: int) -> IntroductionMoment:
    from django.shortcuts import get_object_or_404

    return get_object_or_404(access.introductions_visible_to(user).select_related("site", "site__organisation"), pk=pk)


def introduction_registration(user, pk: int) -> IntroductionRegistration:
    from django.shortcuts import get_object_or_404

    return get_object_or_404(
        access.introduction_registrations_visible_to(user).select_related("moment", "moment__site", "moment__site__organisation"), pk=pk
    )


def document_types_of(site: Site) -> QuerySet[DocumentType]:
    return DocumentType.objects.filter(network_id=site.organisation.network_id)


def site_profiles_visible_to_contains(user, site: Site) -> bool:
    return access.site_profiles_visible_to(user).filter(pk=site.pk).exists()
