from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from catalogue import selectors
from uniform import access


@login_required
@require_safe
def index(request):
    programmes = list(selectors.programmes_with_versions(request.user))
    return render(request, "catalogue/index.html", {"programmes": programmes})


@login_required
@require_safe
def version_detail(request, pk):
    version = get_object_or_404(
        access.catalogue_versions_visible_to(request.user).select_related("programme", "programme__network", "scale"),
        pk=pk,
    )
    context = {"version": version, **selectors.version_outline(version)}
    return render(request, "catalogue/version_detail.html", context)
