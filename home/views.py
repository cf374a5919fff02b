"""The role homes: one page, a section per role the person holds (home.selectors builds them)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_safe

from home import selectors


@login_required
@require_safe
def home(request):
    sections = selectors.home_sections(request.user)
    return render(request, "home/home.html", {"sections": sections})
