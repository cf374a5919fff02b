from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render

from catalogue import selectors
from uniform import access


@login_required
def index(request):
    programmes = list(selectors.programmes_with_versions(request.user))
    return render(request, "catalogue/index.html", {"programmes": programmes})


@login_required
def version_detail(request, pk):
    version = get_object_or_404(
        access.catalogue_versions_visible_to(request.user).select_related("programme", "programme__network", "scale"),
        pk=pk,
    )
    context = {"version": version, **selectors.version_outline(version)}
    return render(request, "catalogue/version_detail.html", context)
