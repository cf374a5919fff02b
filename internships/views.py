from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from internships.models import Internship
from uniform import access


@login_required
@require_safe
def detail(request, pk):
    internship = get_object_or_404(
        access.internships_with_people(access.internships_visible_to(request.user)), pk=pk
    )
    steps = [(value, label, i) for i, (value, label) in enumerate(Internship.Status.choices)]
    return render(request, "internships/detail.html", {"internship": internship, "steps": steps})
