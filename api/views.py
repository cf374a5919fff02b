"""The person's API tokens: list, make one (its secret shown once, on this answer), revoke."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

import access
from api import selectors, services
from api.forms import TokenForm
from web.service_messages import errors_to_form


@login_required
def tokens(request):
    form = TokenForm(request.POST or None)
    secret = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                token, secret = services.token_create(
                    user=request.user, name=form.cleaned_data["name"], scope=form.cleaned_data["scope"],
                    expires_at=form.expires_at(),
                )
            except ValidationError as error:
                errors_to_form(form, error)
            else:
                form = TokenForm()
        if secret is None:
            status = 400
    return render(request, "api/tokens.html", {
        "title": _("API tokens"), "form": form, "secret": secret, "tokens": selectors.tokens_of(request.user),
    }, status=status)


@login_required
@require_POST
def revoke(request, pk):
    token = access.api_token_or_404(request.user, pk)
    services.token_revoke(token=token)
    messages.success(request, _("The token “%(name)s” is revoked: it no longer works.") % {"name": token.name})
    return redirect("apitokens:index")
