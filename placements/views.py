"""Placement pages: the school and childcare admins' placements page, their forms, a request
with its history and answers, and the coordinator's network dashboard (counts only).

Thin views: objects through ``access`` (not yours → 404), the right from the policy table
(→ 403), writes through ``placements.services``; a refused write re-shows the form with the
reason, never an error page.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

import access
from placements import charts, io, selectors, services
from placements.forms import AnswerForm, DemandForm, OfferForm, PeriodForm, ReplyForm, RequestForm
from web import params
from web.service_messages import errors_to_form


def _form_page(request, form, *, title, intro=""):
    return render(request, "placements/form_page.html", {"form": form, "title": title, "intro": intro})


def _school(request):
    """The school the admin asks for (the first they manage, or ?school= / POST school)."""
    schools = list(access.managed_schools(request.user).filter(pk__in=access.demand_schools(request.user)).order_by("name"))
    if not schools:
        raise PermissionDenied
    wanted = params.get_text(request.POST or request.GET, "school", max_length=20)
    return next((s for s in schools if str(s.pk) == wanted), schools[0]), schools


# --------------------------------------------------------------------------- the admins' page


@login_required
@require_safe
def index(request):
    user = request.user
    if not access.can_open_placements(user):
        raise PermissionDenied
    offers = selectors.offers_for(user)
    own_sites = set(access.offer_sites(user).values_list("pk", flat=True))
    return render(request, "placements/index.html", {
        "offers": offers,
        "own_offers": [o for o in offers if o.site_id in own_sites],
        "can_offer": bool(own_sites),
        "can_demand": bool(access.demand_schools(user)),
        "can_periods": bool(access.period_network_ids(user)),
        "can_dashboard": bool(access.dashboard_network_ids(user)),
        "demands": list(selectors.demands_for(user)),
        "requests": list(selectors.requests_for(user)),
        "periods": list(selectors.periods_for(user)),
    })


@login_required
def period_add(request):
    network_ids = sorted(access.period_network_ids(request.user))
    if not network_ids:
        raise PermissionDenied
    form = PeriodForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        network = access.coordinated_network(request.user)
        try:
            period = services.period_create(network=network, **form.cleaned_data)
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, _("Period %(name)s added.") % {"name": period.name})
            return redirect("placements:dashboard")
    return _form_page(request, form, title=_("New placement period"))


@login_required
def offer_publish(request):
    sites = access.offer_sites(request.user).order_by("name")
    if not sites.exists():
        raise PermissionDenied
    periods = selectors.periods_for(request.user)
    form = OfferForm(request.POST or None, sites=sites, periods=periods, initial={
        "site": params.get_text(request.GET, "site", max_length=20) or None,
        "period": params.get_text(request.GET, "period", max_length=20) or None,
    })
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            offer = services.offer_publish(site=data["site"], period=data["period"], places=data["places"], note=data["note"], by=request.user)
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, _("%(site)s offers %(n)d places in %(period)s; the network's schools see them.") % {
                "site": offer.site, "n": offer.capacity.places, "period": offer.period})
            return redirect("placements:index")
    return _form_page(request, form, title=_("Publish places"), intro=_(
        "The places you publish become the site's capacity for exactly the period's dates, and the "
        "network's schools see them. Accepting a request never goes beyond them."))


@login_required
def demand_add(request):
    school, schools = _school(request)
    form = DemandForm(
        request.POST or None,
        schools=access.managed_schools(request.user).filter(pk__in=[s.pk for s in schools]),
        periods=selectors.periods_for(request.user, school.network_id),
        programmes=access.programmes_to_pick(request.user, school.network_id),
        municipalities=selectors.network_municipalities(school.network_id),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.demand_post(**form.cleaned_data, by=request.user)
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, _("Your demand is posted; the coordinator and the sites see the numbers."))
            return redirect("placements:index")
    return _form_page(request, form, title=_("Post demand for places"), intro=_(
        "How many students need a place: the network sees the numbers, never the names."))


@login_required
def request_add(request):
    school, _schools = _school(request)
    if not access.can_ask_placement(request.user, school.pk):
        raise PermissionDenied
    form = RequestForm(
        request.POST or None,
        sites=selectors.network_sites_with_offers(school.network_id),
        periods=selectors.periods_for(request.user, school.network_id),
        programmes=access.programmes_to_pick(request.user, school.network_id),
        students=access.students_to_pick(request.user, school).order_by("group__name", "last_name", "first_name"),
        teachers=access.teachers_to_pick(request.user, school),
        initial={
            "site": params.get_text(request.GET, "site", max_length=20) or None,
            "period": params.get_text(request.GET, "period", max_length=20) or None,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            placement = services.request_create(school=school, **form.cleaned_data, by=request.user)
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, _("Your request was sent to %(site)s.") % {"site": placement.site})
            return redirect("placements:request", pk=placement.pk)
    return _form_page(request, form, title=_("Ask a site for a place"))


# --------------------------------------------------------------------------- a request


def _request_or_404(request, pk):
    placement = selectors.request_detail(request.user, pk)
    if placement is None:
        raise Http404
    return placement


def _answer_form(request, placement, data=None):
    return AnswerForm(
        data,
        students=placement.students.all(),
        mentors=access.site_mentor_users(placement.site) if access.can_answer_placement(request.user, placement) else None,
        periods=selectors.periods_for(request.user, placement.period.network_id).exclude(pk=placement.period_id)
        .filter(offers__site=placement.site),
    )


def _detail(request, placement, *, answer_form=None, reply_form=None, status=200):
    can_answer = access.can_answer_placement(request.user, placement)
    can_reply = access.can_ask_placement(request.user, placement.school_id)
    return render(request, "placements/request_detail.html", {
        "placement": placement,
        "can_answer": can_answer and placement.status == placement.Status.PENDING,
        "can_reply": can_reply and placement.status == placement.Status.COUNTER,
        "answer_form": answer_form or (_answer_form(request, placement) if can_answer else None),
        "reply_form": reply_form or ReplyForm(),
        "students": list(placement.students.all()),
        "events": list(placement.events.all()),
        "internships": list(placement.internships.all()),
    }, status=status)


@login_required
@require_safe
def request_detail(request, pk):
    return _detail(request, _request_or_404(request, pk))


@login_required
@require_POST
def request_answer(request, pk):
    placement = _request_or_404(request, pk)
    if not access.can_answer_placement(request.user, placement):
        raise PermissionDenied
    form = _answer_form(request, placement, request.POST)
    if form.is_valid():
        data, action = form.cleaned_data, form.cleaned_data["action"]
        try:
            if action == "accept":
                created = services.request_accept(request=placement, students=list(data["students"]), mentor=data["mentor"], by=request.user)
                messages.success(request, _("Accepted: %(n)d internship(s) planned.") % {"n": len(created)})
            elif action == "decline":
                services.request_decline(request=placement, reason=data["reason"], by=request.user)
                messages.success(request, _("Declined; the school sees your reason."))
            else:
                if data["period"] is None:
                    raise ValidationError({"period": _("Choose the period you propose.")})
                services.request_counter(request=placement, period=data["period"], mentor=data["mentor"], message=data["reason"], by=request.user)
                messages.success(request, _("Another period proposed to the school."))
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            return redirect("placements:request", pk=placement.pk)
    return _detail(request, placement, answer_form=form)


@login_required
@require_POST
def request_reply(request, pk):
    placement = _request_or_404(request, pk)
    if not access.can_ask_placement(request.user, placement.school_id):
        raise PermissionDenied
    form = ReplyForm(request.POST)
    if form.is_valid():
        try:
            if form.cleaned_data["action"] == "accept":
                services.counter_accept(request=placement, by=request.user)
                messages.success(request, _("You took the proposed period: the internship is planned."))
            else:
                services.counter_decline(request=placement, reason=form.cleaned_data["reason"], by=request.user)
                messages.success(request, _("You declined the proposed period."))
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            return redirect("placements:request", pk=placement.pk)
    return _detail(request, placement, reply_form=form)


# --------------------------------------------------------------------------- the dashboard


def _board(request):
    networks = selectors.dashboard_networks(request.user)
    if not networks:
        raise PermissionDenied
    try:
        period_pk = int(params.get_text(request.GET, "period", max_length=12) or 0) or None
    except ValueError:
        period_pk = None
    return selectors.network_dashboard(request.user, networks[0], period_pk)


@login_required
@require_safe
def dashboard(request):
    """The coordinator's figures; ``?format=xlsx`` downloads them as a workbook."""
    board = _board(request)
    if params.get_text(request.GET, "format", max_length=10) == "xlsx":
        return _xlsx(board)
    period_name = str(board.period) if board.period else ""
    return render(request, "placements/dashboard.html", {
        "board": board,
        "period_chart": charts.bar_chart(board.per_period, title=_("Places offered, asked and filled per period"), prefix="per-period"),
        "year_chart": charts.bar_chart(board.per_year, title=_("Places offered, asked and filled per school year"), prefix="per-year"),
        "municipality_chart": charts.bar_chart(
            board.per_municipality, title=_("Per municipality, %(period)s") % {"period": period_name}, prefix="per-city"),
        "can_periods": bool(access.period_network_ids(request.user)),
    })


def _xlsx(board) -> HttpResponse:
    response = HttpResponse(io.dashboard_xlsx(board), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    name = f"netwerk-{board.network.slug}-{board.period.pk if board.period else 'alle'}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response

