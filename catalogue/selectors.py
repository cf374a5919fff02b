from django.db.models import Count, Prefetch

from catalogue.models import ActivityTemplate, CatalogueVersion, Cluster, Indicator, Programme
from uniform import access


def programmes_with_versions(user):
    """The person's networks' programmes, each with the versions they may see."""
    versions = access.catalogue_versions_visible_to(user).annotate(n_indicators=Count("indicators")).order_by("-label")
    return (
        access.programmes_visible_to(user)
        .select_related("network")
        .prefetch_related(Prefetch("versions", queryset=versions, to_attr="visible_versions"))
        .order_by("network__name", "name")
    )


def version_outline(version: CatalogueVersion):
    """Clusters with their indicators, the scale's levels and the activities: 5 queries."""
    clusters = list(
        Cluster.objects.filter(version=version).prefetch_related(
            Prefetch("indicators", queryset=Indicator.objects.order_by("order", "id"))
        )
    )
    levels = list(version.scale.levels.all()) if hasattr(version, "scale") else []
    activities = list(
        ActivityTemplate.objects.filter(version=version).prefetch_related(
            Prefetch("indicators", queryset=Indicator.objects.only("id", "code", "cluster_id").order_by("order"))
        )
    )
    return {"clusters": clusters, "levels": levels, "activities": activities,
            "n_indicators": sum(len(c.indicators.all()) for c in clusters)}


__all__ = ["programmes_with_versions", "version_outline", "Programme"]
