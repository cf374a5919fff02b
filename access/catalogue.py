"""The competency catalogue: published versions for the network, drafts and editing for its coordinators."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from access.memberships import coordinator_network_ids, holds, network_ids_of
from access.policy import if_allowed
from catalogue.models import CatalogueVersion, Programme
from tenancy.models import Role


def programmes_visible_to(user) -> QuerySet[Programme]:
    return Programme.objects.filter(network_id__in=network_ids_of(user))


def catalogue_versions_visible_to(user) -> QuerySet[CatalogueVersion]:
    """Published (and retired) versions of the person's networks; drafts for coordinators."""
    network_ids = network_ids_of(user)
    q = Q(programme__network_id__in=network_ids) & ~Q(status=CatalogueVersion.Status.DRAFT)
    if coord := coordinator_network_ids(user):
        q |= Q(programme__network_id__in=coord)
    return CatalogueVersion.objects.filter(q)


def can_edit_catalogue(user, network_id: int) -> bool:
    """Only the network's coordinators edit its catalogue (drafts, publishing, programmes)."""
    return network_id in if_allowed(Role.COORDINATOR, "catalogue.edit", coordinator_network_ids(user))


def can_create_programmes(user) -> bool:
    """Coordinators add programmes to (and edit the catalogue of) their network."""
    return holds(user, "catalogue.edit")


def catalogue_parts_visible_to(user, model) -> QuerySet:
    """Clusters, indicators, levels or activities of the versions the person may see."""
    versions = catalogue_versions_visible_to(user)
    if model._meta.model_name == "ratinglevel":
        return model.objects.filter(scale__version__in=versions)
    return model.objects.filter(version__in=versions)


def programmes_to_pick(user, network_id: int) -> QuerySet[Programme]:
    """Programmes of this network (one of the person's) with a published version: what a new
    internship may follow."""
    published = catalogue_versions_visible_to(user).filter(status=CatalogueVersion.Status.PUBLISHED)
    return programmes_visible_to(user).filter(network_id=network_id, pk__in=published.values("programme_id"))


def catalogue_versions_with_counts(user, programmes) -> QuerySet[CatalogueVersion]:
    """The versions the person sees of these programmes, each with its number of indicators."""
    from django.db.models import Count

    return (
        catalogue_versions_visible_to(user)
        .filter(programme__in=programmes)
        .annotate(n_indicators=Count("indicators"))
        .order_by("-label")
    )
