"""Training pages: the coordinator's courses and study days; participants' registrations.

Views are thin: find the object through ``access`` (not yours → 404), check the
role's right (→ 403), call a service, and redirect with a message. A refused write becomes a
form error or a message, never an error page.
"""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

import access
from training import selectors, services
from training.forms import CaseForm, CaseRatingForm, CourseForm, RegisterOtherForm
from training.ics import calendar
from training.models import Course, Registration
from web import params
from web.service_messages import report_errors

# --------------------------------------------------------------------------- lookups


def _course(request, pk, *, manage=False) -> Course:
    course = get_object_or_404(access.courses_visible_to(request.user).select_related("network"), pk=pk)
    if manage and not access.can_manage_training(request.user, course.network_id):
        raise PermissionDenied
    return course


def _registration(request, pk) -> Registration:
    return get_object_or_404(
        access.registrations_visible_to(request.user).select_related("course", "course__network", "user", "organisation"),
        pk=pk,
    )


def _course_initial(kind: str) -> dict:
    sessions = services.default_sessions(kind)
    initial = {"capacity": 16, "registration_deadline": sessions[0][0] - timedelta(days=14)}
    for i, (day, start, end) in enumerate(sessions):
        initial.update({f"session_{i}_date": day, f"session_{i}_start": start, f"session_{i}_end": end})
    return initial


# --------------------------------------------------------------------------- pages


@login_required
@require_safe
def index(request):
    if not access.can_open_training(request.user):
        raise PermissionDenied
    courses = selectors.courses_for(request.user)
    mine = selectors.my_registrations(request.user)
    trained = selectors.trained_since([request.user.pk], network_ids=access.network_ids_of(request.user))
    return render(
        request,
        "training/index.html",
        {
            "courses": courses,
            "mine": mine,
            "mine_course_ids": {r.course_id for r in mine if r.status in Registration.ACTIVE},
            "trained_since": trained.get(request.user.pk),
            "can_create": access.can_create_courses(request.user),
        },
    )


@login_required
def course_create(request):
    network = access.coordinated_network(request.user)
    if network is None:
        raise PermissionDenied
    kind = Course.Kind.STUDY_DAY if request.GET.get("kind") == Course.Kind.STUDY_DAY else Course.Kind.COURSE
    form = CourseForm(request.POST or None, kind=kind, initial=_course_initial(kind), max_capacity=network.training_max_participants)
    if request.method == "POST" and form.is_valid():
        try:
            course = services.course_create(network=network, by=request.user, kind=kind, **form.service_kwargs())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("%(title)s saved as a draft. Publish it when it is ready.") % {"title": course.title})
            return redirect("training:course", pk=course.pk)
    title = _("New study day") if kind == Course.Kind.STUDY_DAY else _("New mentor training")
    return render(request, "training/course_form.html", {"form": form, "title": title, "kind": kind})


@login_required
def course_edit(request, pk):
    course = _course(request, pk, manage=True)
    sessions = list(course.sessions.all())
    initial = {
        "title": course.title, "theme": course.theme, "description": course.description, "location": course.location,
        "capacity": course.capacity, "registration_deadline": course.registration_deadline,
        "min_school_percent": course.min_school_percent, "min_workfloor_percent": course.min_workfloor_percent,
    }
    for i, s in enumerate(sessions):
        initial.update({f"session_{i}_date": s.date, f"session_{i}_start": s.start_time, f"session_{i}_end": s.end_time})
    form = CourseForm(request.POST or None, kind=course.kind, initial=initial, max_capacity=course.network.training_max_participants)
    if request.method == "POST" and form.is_valid():
        try:
            services.course_update(course=course, **form.service_kwargs())
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for name, errors in error.error_dict.items():
                    form.add_error(name if name in form.fields else None, errors)
            else:
                form.add_error(None, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("training:course", pk=course.pk)
    return render(request, "training/course_form.html", {"form": form, "title": course.title, "kind": course.kind, "course": course})


@login_required
@require_safe
def course_detail(request, pk):
    course = _course(request, pk)
    course = selectors.with_counts(access.courses_visible_to(request.user).filter(pk=course.pk)).select_related("network").get()
    user = request.user
    can_manage = access.can_manage_training(user, course.network_id)
    registrations = selectors.course_registrations(course, user)
    selectors.registration_actions(user, course, registrations, can_manage=can_manage)
    own = next((r for r in registrations if r.user_id == user.pk and r.status in Registration.ACTIVE), None)
    # Register buttons only while registration is open; else the page says why not.
    closed = selectors.registration_closed_reason(course)
    may_register_self = access.can_register_self(user, course.network_id)
    may_register_others = access.can_register_others(user, course.network_id)
    others_form = None
    if may_register_others and not closed:
        others_form = RegisterOtherForm(memberships=access.registrable_memberships(user, course.network_id))
    return render(
        request,
        "training/course_detail.html",
        {
            "course": course,
            "sessions": list(course.sessions.all()),
            "mix": selectors.course_mix(course),
            "free": max(course.capacity - course.confirmed_count, 0),
            "registrations": registrations,
            "own": own,
            "can_manage": can_manage,
            "show_registration": bool(own or may_register_self or may_register_others),
            # Why registering is not possible (not said to someone already registered themselves).
            "registration_closed": closed if (may_register_others or own is None) else None,
            "can_register_self": may_register_self and not closed and own is None,
            "others_form": others_form,
            "today": timezone.localdate(),
            "cases": selectors.cases_by_session(user, course),
        },
    )


@login_required
@require_POST
def course_publish(request, pk):
    course = _course(request, pk, manage=True)
    try:
        services.course_publish(course=course)
    except ValidationError as error:
        report_errors(request, error)
    else:
        messages.success(request, _("Published: people of the network can register now."))
    return redirect("training:course", pk=course.pk)


@login_required
@require_POST
def register(request, pk):
    course = _course(request, pk)
    user = request.user
    if "membership" in request.POST:
        if not access.can_register_others(user, course.network_id):
            raise PermissionDenied
        form = RegisterOtherForm(request.POST, memberships=access.registrable_memberships(user, course.network_id))
        if not form.is_valid():
            messages.error(request, _("Choose a person of your organisation."))
            return redirect("training:course", pk=course.pk)
        membership = form.cleaned_data["membership"]
    else:
        if not access.can_register_self(user, course.network_id):
            raise PermissionDenied
        membership = next(m for m in access.training_memberships(user) if m.network_id == course.network_id)
    try:
        registration = services.register(course=course, membership=membership, by=user)
    except ValidationError as error:
        report_errors(request, error)
    else:
        name = registration.user if registration.user_id != user.pk else _("You")
        if registration.status == Registration.Status.CONFIRMED:
            messages.success(request, _("%(name)s: registered, you have a place.") % {"name": name})
        else:
            messages.warning(
                request, _("%(name)s: the course is full, so this registration is on the waiting list.") % {"name": name}
            )
    return redirect("training:course", pk=course.pk)


def _registration_action(request, pk, action, *, manage: bool, done: str):
    registration = _registration(request, pk)
    if manage:
        allowed = access.can_manage_training(request.user, registration.course.network_id)
    else:
        allowed = access.can_cancel_registration(request.user, registration)
    if not allowed:
        raise PermissionDenied
    try:
        action(registration=registration, by=request.user)
    except ValidationError as error:
        report_errors(request, error)
    else:
        messages.success(request, done)
    return redirect("training:course", pk=registration.course_id)


@login_required
@require_POST
def registration_cancel(request, pk):
    return _registration_action(request, pk, services.cancel, manage=False, done=_("Registration cancelled."))


@login_required
@require_POST
def registration_accept(request, pk):
    return _registration_action(request, pk, services.accept, manage=True, done=_("Accepted: this person has a place."))


@login_required
@require_POST
def registration_decline(request, pk):
    return _registration_action(request, pk, services.decline, manage=True, done=_("Registration declined."))


@login_required
def attendance(request, pk):
    session = get_object_or_404(
        access.sessions_visible_to(request.user).select_related("course", "course__network"), pk=pk
    )
    course = session.course
    if not access.can_manage_training(request.user, course.network_id):
        raise PermissionDenied
    participants = list(
        course.registrations.filter(status=Registration.Status.CONFIRMED)
        .select_related("user", "organisation")
        .order_by("user__full_name", "user__email")
    )
    if request.method == "POST":
        try:
            count = services.record_attendance(session=session, present_ids=set(request.POST.getlist("present")), by=request.user)
        except ValidationError as error:
            report_errors(request, error)
        else:
            messages.success(request, _("Attendance saved: %(n)s present.") % {"n": count})
            return redirect("training:course", pk=course.pk)
    present = set(session.attendances.filter(present=True).values_list("registration_id", flat=True))
    return render(
        request,
        "training/attendance.html",
        {"session": session, "course": course, "participants": participants, "present": present,
         "session_to_come": session.date > timezone.localdate()},
    )


@login_required
@require_safe
def certificate(request, pk):
    from training.pdf import certificate_pdf

    registration = _registration(request, pk)
    if not selectors.has_certificate(registration):
        raise Http404(_("No certificate: this course is not completed."))
    response = HttpResponse(certificate_pdf(registration), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="certificate-{registration.course_id}.pdf"'
    return response


@login_required
@require_safe
def calendar_ics(request):
    body = calendar(selectors.my_sessions(request.user), domain=request.get_host().split(":")[0] or "uniform")
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="uniform-training.ics"'
    return response



# --------------------------------------------------------------------------- calibration cases


def _case(request, pk):
    return get_object_or_404(
        access.cases_visible_to(request.user).select_related("session", "session__course", "session__course__network",
                                                             "catalogue_version"),
        pk=pk,
    )


@login_required
def case_create(request, pk):
    """The coordinator puts up a calibration case on a session of a course."""
    from catalogue.selectors import rating_outline

    session = get_object_or_404(access.sessions_visible_to(request.user).select_related("course", "course__network"), pk=pk)
    if not access.can_manage_training(request.user, session.course.network_id) or not access.holds(request.user, "training.case_manage"):
        raise PermissionDenied
    versions = list(
        access.catalogue_versions_visible_to(request.user)
        .filter(programme__network_id=session.course.network_id, status="published")
        .select_related("programme").order_by("-published_at")
    )
    wanted = params.get_text(request.GET, "version")
    version = next((v for v in versions if str(v.pk) == wanted), versions[0] if versions else None)
    if version is None:
        messages.error(request, _("The network has no published catalogue version yet."))
        return redirect("training:course", pk=session.course_id)
    clusters, levels = rating_outline(version.pk)
    form = CaseForm(request.POST or None, clusters=clusters, levels=levels)
    if request.method == "POST" and form.is_valid():
        try:
            case = services.case_create(session=session, by=request.user, title=form.cleaned_data["title"],
                                        text=form.cleaned_data["text"], version=version, references=form.references())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The case is up: participants can rate it now."))
            return redirect("training:case", pk=case.pk)
    return render(request, "training/case_form.html", {
        "form": form, "session": session, "course": session.course, "version": version, "versions": versions,
    })


@login_required
def case_detail(request, pk):
    """The case; participants rate it, then see the spread and the reference (never who gave
    which level); the coordinator sees the spread as it comes in and reveals it to all."""
    case = _case(request, pk)
    can_manage = access.can_manage_training(request.user, case.session.course.network_id)
    can_rate = access.can_rate_case(request.user, case)
    page = selectors.case_page(case, request.user)
    form = None
    if can_rate and not case.revealed_at:
        form = CaseRatingForm(request.POST or None, lines=page["lines"], levels=page["levels"])
    if request.method == "POST":
        if form is None:
            if not can_rate:
                raise PermissionDenied
            messages.error(request, _("The spread of this case has been shown; ratings no longer change."))
            return redirect("training:case", pk=case.pk)
        if form.is_valid():
            try:
                services.case_rate(case=case, by=request.user, levels=form.levels())
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Your rating is saved. Here is how the group rated, and the reference."))
                return redirect("training:case", pk=case.pk)
    show_spread = can_manage or bool(case.revealed_at) or (page["rated"] and not (form and form.is_bound))
    return render(request, "training/case_detail.html", {
        "case": case, "course": case.session.course, "form": form, "can_manage": can_manage, "can_rate": can_rate,
        "show_spread": show_spread, **page,
    })


@login_required
@require_POST
def case_reveal(request, pk):
    case = _case(request, pk)
    if not access.can_manage_training(request.user, case.session.course.network_id):
        raise PermissionDenied
    services.case_reveal(case=case, by=request.user)
    messages.success(request, _("The spread and the reference rating are shown to every participant."))
    return redirect("training:case", pk=case.pk)
