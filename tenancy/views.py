import logging
import uuid

from allauth.account.views import RequestReauthenticationCodeView
from allauth.core.ratelimit import respond_429
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

import access
from tenancy import reauth, selectors, services, throttle
from tenancy.forms import AcceptInvitationForm, InvitationForm, RequestReauthenticationCodeForm
from web import params

logger = logging.getLogger(__name__)


@login_required
def invitations(request):
    if not access.can_invite(request.user):
        raise PermissionDenied
    if request.method == "POST":
        form = InvitationForm(request.POST, inviter=request.user)
        if form.is_valid():
            try:
                invitation = services.invitation_create(
                    inviter=request.user,
                    target=form.cleaned_data["target"],
                    email=form.cleaned_data["email"],
                    full_name=form.cleaned_data["full_name"],
                    student=form.cleaned_data.get("student"),
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                url = request.build_absolute_uri(reverse("invitation_accept", args=[invitation.token]))
                try:
                    services.invitation_send(invitation=invitation, accept_url=url)
                except OSError:
                    logger.exception("Could not send invitation %s", invitation.pk)
                    messages.warning(
                        request,
                        _("The invitation was made, but the email could not be sent. Send this link yourself: %(url)s")
                        % {"url": url},
                    )
                else:
                    messages.success(request, _("Invitation sent to %(email)s.") % {"email": invitation.email})
                return redirect("invitations")
    else:
        form = InvitationForm(inviter=request.user, initial=_preselected_student(request))
    status = params.get_text(request.GET, "status", max_length=20)
    qs = (
        access.invitations_visible_to(request.user)
        .with_status(status)
        .select_related("organisation", "site", "invited_by", "network")
    )
    query = params.get_text(request.GET, "q", max_length=100)
    if query:
        qs = qs.filter(Q(email__icontains=query) | Q(full_name__icontains=query))
    rows = list(qs[:200])
    return render(
        request,
        "tenancy/invitations.html",
        {
            "form": form, "invitations": rows, "status": status, "q": query, "days": settings.INVITATION_VALID_DAYS,
            "student_counts": selectors.student_invitation_counts(request.user),
        },
    )


def _preselected_student(request) -> dict:
    """``?student=<id>`` (the "invite" link of a student's page). A record the person does not
    see is a 404; one they see but cannot invite (archived, has an account) is said so."""
    raw = params.get_text(request.GET, "student", max_length=40)
    if not raw:
        return {}
    try:
        pk = uuid.UUID(raw)
    except ValueError:
        raise Http404 from None
    student = get_object_or_404(access.students_visible_to(request.user), pk=pk)
    initial = selectors.student_invitation_initial(request.user, student)
    if initial is None:
        messages.warning(
            request, _("%(name)s cannot be invited: archived, or already linked to an account.") % {"name": student.full_name}
        )
        return {}
    return initial


@login_required
@require_POST
def invitation_revoke(request, pk):
    invitation = get_object_or_404(access.invitations_visible_to(request.user), pk=pk)
    try:
        services.invitation_revoke(invitation=invitation, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The invitation for %(email)s was revoked.") % {"email": invitation.email})
    return redirect("invitations")


def invitation_accept(request, token):
    """The page an invitation's link opens. The token is the only key: unknown → 404 (and
    counted per client address: ``invitation_token``, tenancy.throttle)."""
    try:
        refund = throttle.attempt(request, "invitation_token", limit_get=True)
    except throttle.TooManyAttempts:
        return respond_429(request)
    invitation = selectors.invitation_for_token(token)
    refund()
    context = {"invitation": invitation}
    if invitation.status != "pending":
        return render(request, "tenancy/invitation_accept.html", context, status=410)
    user = request.user
    if user.is_authenticated:
        if user.email.lower() != invitation.email.lower():
            context["wrong_user"] = True
            return render(request, "tenancy/invitation_accept.html", context, status=403)
        if request.method == "POST":
            try:
                services.invitation_accept(invitation=invitation, user=user)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
                return redirect("home")
            messages.success(request, _("Welcome! Your new role has been added."))
            return redirect("home")
        context["confirm"] = True
        return render(request, "tenancy/invitation_accept.html", context)

    if selectors.has_account(invitation.email):
        context["existing_account"] = True
        return render(request, "tenancy/invitation_accept.html", context)
    form = AcceptInvitationForm(request.POST or None, email=invitation.email, initial={"full_name": invitation.full_name})
    if request.method == "POST" and form.is_valid():
        try:
            new_user = services.invitation_accept(
                invitation=invitation,
                full_name=form.cleaned_data["full_name"],
                password=form.cleaned_data["password1"] or None,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            login(request, new_user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("Welcome to Uniform, %(name)s!") % {"name": new_user.get_short_name()})
            return redirect("home")
    context["form"] = form
    return render(request, "tenancy/invitation_accept.html", context)


class RequestCodeToLoginAddress(RequestReauthenticationCodeView):
    """allauth's "mail me a code" (to confirm who one is), sent only to the address the account
    had when this session logged in (tenancy.reauth.login_email): an address added since, by
    whoever had the password, is no proof of the owner's mailbox."""

    form_class = RequestReauthenticationCodeForm

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        address = reauth.login_email(self.request, self.request.user)
        field = form.fields["recipient"]
        choices = [(value, label) for value, label in field.choices if value.lower() == address]
        if choices:
            field.choices = choices
        return form


request_reauthentication_code = RequestCodeToLoginAddress.as_view()
