"""Writes for placements: periods, publishing places, posting demand, asking a site and the
site's answer. Keyword-only, atomic, validated; every step of a request leaves a line in its
history. Whether the person may do this is the view's question (``access``).

Capacity is never exceeded by accepting: an acceptance locks the site's capacity row for the
period (``select_for_update``; on SQLite every transaction is BEGIN IMMEDIATE, ADR 0010, so the
whole acceptance is serialised) and counts the places taken *after* it holds the lock. Two
schools asking for the last place at once: the first acceptance takes it, the second is refused
with a message that says so.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from childcare.models import Site, SiteCapacity
from internships.models import DocumentType, Internship
from internships.services import internship_create
from placements.models import PlaceDemand, PlacementEvent, PlacementPeriod, PlacementRequest, PlaceOffer
from tenancy.models import Membership, Organisation, Role

R = PlacementRequest.Status
MIN_REASON = 5


def _event(request: PlacementRequest, by, action: str, text: str = "", period=None) -> PlacementEvent:
    return PlacementEvent.objects.create(request=request, by=by, action=action, text=text[:2000], period=period or request.period)


# --------------------------------------------------------------------------- periods


@transaction.atomic
def period_create(*, network, name: str, start_date: date, end_date: date) -> PlacementPeriod:
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Name may not be empty.")})
    if PlacementPeriod.objects.filter(network=network, name__iexact=name).exists():
        raise ValidationError({"name": _("The network already has a period called %(name)s.") % {"name": name}})
    period = PlacementPeriod(network=network, name=name, start_date=start_date, end_date=end_date)
    period.full_clean()
    period.save()
    return period


# --------------------------------------------------------------------------- places offered


def taken_places(site: Site, period: PlacementPeriod) -> int:
    """Internships at the site overlapping the period that hold a place: every one but those
    closed before their planned end (a stopped internship frees its place)."""
    from django.utils import timezone

    return (
        Internship.objects.filter(site=site, start_date__lte=period.end_date, end_date__gte=period.start_date)
        .exclude(status=Internship.Status.CLOSED, end_date__gt=timezone.localdate())
        .count()
    )


@transaction.atomic
def offer_publish(*, site: Site, period: PlacementPeriod, places: int, note: str = "", by=None) -> PlaceOffer:
    """Publish ``places`` at the site for the period: the site's capacity period for exactly
    those dates is created or changed, and the network's schools see it."""
    if site.organisation.network_id != period.network_id:
        raise ValidationError(_("The site and the period must belong to the same network."))
    Site.objects.select_for_update().filter(pk=site.pk).first()  # serialises writes to its capacity periods
    capacity = SiteCapacity.objects.select_for_update().filter(
        site=site, start_date=period.start_date, end_date=period.end_date
    ).first()
    if capacity is None:
        capacity = SiteCapacity(site=site, start_date=period.start_date, end_date=period.end_date)
    capacity.places = places
    capacity.note = (note or capacity.note or period.name).strip()[:200]
    capacity.full_clean()  # refuses a period overlapping another capacity period of the site
    capacity.save()
    offer = PlaceOffer.objects.filter(period=period, site=site).first()
    if offer is None:
        offer = PlaceOffer(period=period, site=site, capacity=capacity)
    offer.capacity = capacity
    offer.published_by = by
    offer.full_clean()
    offer.save()
    return offer


# --------------------------------------------------------------------------- demand


@transaction.atomic
def demand_post(
    *, school: Organisation, period: PlacementPeriod, programme, year: str, students: int,
    municipality: str = "", site_kind: str = "", note: str = "", by=None,
) -> PlaceDemand:
    if school.kind != Organisation.Kind.SCHOOL:
        raise ValidationError(_("Demand is posted by a school."))
    if period.network_id != school.network_id or programme.network_id != school.network_id:
        raise ValidationError(_("The period and the programme must belong to the school's network."))
    demand = PlaceDemand(
        school=school, period=period, programme=programme, year=(year or "").strip(), students=students,
        municipality=(municipality or "").strip(), site_kind=site_kind or "", note=(note or "").strip(), created_by=by,
    )
    demand.full_clean()
    demand.save()
    return demand


# --------------------------------------------------------------------------- requests


@transaction.atomic
def request_create(
    *, school: Organisation, site: Site, period: PlacementPeriod, programme, students, places: int = 1,
    teacher=None, message: str = "", by=None,
) -> PlacementRequest:
    """The school asks the site for ``places`` places for some of ``students`` in the period."""
    students = list(students)
    network_id = school.network_id
    if site.organisation.network_id != network_id or period.network_id != network_id or programme.network_id != network_id:
        raise ValidationError(_("The site, the period and the programme must belong to the school's network."))
    if not site.organisation.is_active:
        raise ValidationError({"site": _("%(org)s is no longer active in the network.") % {"org": site.organisation}})
    if not students:
        raise ValidationError({"students": _("Choose at least one student.")})
    if any(s.school_id != school.pk or s.is_archived for s in students):
        raise ValidationError({"students": _("Every student must be a current student of the school.")})
    if places > len(students):
        raise ValidationError({"places": _("You cannot ask more places than the students you propose.")})
    if teacher is not None and not Membership.objects.active().filter(user=teacher, role=Role.TEACHER, organisation=school).exists():
        raise ValidationError({"teacher": _("The teacher does not teach at this school.")})
    if not PlaceOffer.objects.filter(site=site, period=period).exists():
        raise ValidationError({"site": _("%(site)s has not published places for %(period)s.") % {"site": site, "period": period}})
    request = PlacementRequest(
        school=school, site=site, period=period, programme=programme, places=places, teacher=teacher,
        message=(message or "").strip(), created_by=by,
    )
    request.full_clean()
    request.save()
    request.students.set(students)
    _event(request, by, PlacementEvent.Action.ASKED, request.message)
    return request


def _locked_open(request: PlacementRequest, *statuses: str) -> PlacementRequest:
    locked = (
        PlacementRequest.objects.select_for_update(of=("self",))
        .select_related("school", "site", "site__organisation", "period", "counter_period", "programme")
        .get(pk=request.pk)
    )
    if locked.status not in statuses:
        raise ValidationError(
            _("This request was already answered (%(status)s); reload the page to see how.")
            % {"status": locked.get_status_display()}
        )
    return locked


def _check_mentor(site: Site, mentor) -> None:
    if mentor is None:
        raise ValidationError({"mentor": _("Choose the mentor who takes the intern.")})
    if not Membership.objects.active().filter(user=mentor, role=Role.MENTOR, site=site).exists():
        raise ValidationError({"mentor": _("The mentor does not work at this site.")})


def _place(request: PlacementRequest, period: PlacementPeriod, students: list, mentor, by) -> list[Internship]:
    """Plan the internships under the site's capacity lock; refuse when the places are gone."""
    offer = PlaceOffer.objects.filter(site=request.site, period=period).first()
    capacity = SiteCapacity.objects.select_for_update().filter(pk=offer.capacity_id).first() if offer else None
    if capacity is None:
        raise ValidationError(_("%(site)s has no published places for %(period)s.") % {"site": request.site, "period": period})
    free = capacity.places - taken_places(request.site, period)  # counted after the lock is held
    if len(students) > free:
        raise ValidationError(
            ngettext(
                "No place left: %(site)s has %(free)d free place in %(period)s and this needs %(n)d. "
                "Another request may just have taken the last one; nothing was planned.",
                "No place left: %(site)s has %(free)d free places in %(period)s and this needs %(n)d. "
                "Another request may just have taken the last one; nothing was planned.",
                max(free, 0),
            )
            % {"site": request.site, "free": max(free, 0), "period": period, "n": len(students)}
        )
    documents = list(DocumentType.objects.filter(network_id=request.school.network_id, is_default=True))
    created = [
        internship_create(
            school=request.school, student=student, programme=request.programme, site=request.site,
            start_date=period.start_date, end_date=period.end_date, mentor=mentor, teacher=request.teacher, by=by,
            document_types=documents,  # what the network asks by default, as the school's own planning form
        )
        for student in students
    ]
    request.internships.add(*created)
    return created


@transaction.atomic
def request_accept(*, request: PlacementRequest, students, mentor, by=None) -> list[Internship]:
    """The site accepts: the chosen students (as many as the places asked, at most) become
    planned internships with the programme's current catalogue version pinned."""
    request = _locked_open(request, R.PENDING)
    proposed = {s.pk: s for s in request.students.all()}
    chosen = [s for s in students if s.pk in proposed]
    if not chosen or len(chosen) != len(list(students)):
        raise ValidationError({"students": _("Choose one or more of the proposed students.")})
    if len(chosen) > request.places:
        raise ValidationError({"students": _("The school asked %(n)d place(s); choose no more students.") % {"n": request.places}})
    _check_mentor(request.site, mentor)
    created = _place(request, request.period, chosen, mentor, by)
    request.status = R.ACCEPTED
    request.save(update_fields=["status", "updated_at"])
    _event(request, by, PlacementEvent.Action.ACCEPTED, ", ".join(s.full_name for s in chosen))
    return created


@transaction.atomic
def request_decline(*, request: PlacementRequest, reason: str, by=None) -> PlacementRequest:
    request = _locked_open(request, R.PENDING)
    reason = (reason or "").strip()
    if len(reason) < MIN_REASON:
        raise ValidationError({"reason": _("Say why, so the school can look elsewhere.")})
    request.status, request.reason = R.DECLINED, reason
    request.save(update_fields=["status", "reason", "updated_at"])
    _event(request, by, PlacementEvent.Action.DECLINED, reason)
    return request


@transaction.atomic
def request_counter(*, request: PlacementRequest, period: PlacementPeriod, mentor, message: str = "", by=None) -> PlacementRequest:
    """The site proposes another period (with the mentor who would take the intern then)."""
    request = _locked_open(request, R.PENDING)
    if period.network_id != request.period.network_id or period.pk == request.period_id:
        raise ValidationError({"period": _("Propose another period of the network.")})
    if not PlaceOffer.objects.filter(site=request.site, period=period).exists():
        raise ValidationError({"period": _("Publish places for %(period)s first.") % {"period": period}})
    _check_mentor(request.site, mentor)
    request.status, request.counter_period, request.counter_mentor = R.COUNTER, period, mentor
    request.reason = (message or "").strip()
    request.save(update_fields=["status", "counter_period", "counter_mentor", "reason", "updated_at"])
    _event(request, by, PlacementEvent.Action.COUNTER, request.reason, period=period)
    return request


@transaction.atomic
def counter_accept(*, request: PlacementRequest, by=None) -> list[Internship]:
    """The school takes the proposed period: the request moves there and is accepted, under the
    same capacity lock (the proposal held no place)."""
    request = _locked_open(request, R.COUNTER)
    period = request.counter_period
    assert period is not None
    students = list(request.students.all().order_by("last_name", "first_name"))[: request.places]
    created = _place(request, period, students, request.counter_mentor, by)
    request.period, request.status = period, R.ACCEPTED
    request.save(update_fields=["period", "status", "updated_at"])
    _event(request, by, PlacementEvent.Action.COUNTER_ACCEPTED, ", ".join(s.full_name for s in students), period=period)
    return created


@transaction.atomic
def counter_decline(*, request: PlacementRequest, reason: str = "", by=None) -> PlacementRequest:
    request = _locked_open(request, R.COUNTER)
    request.status = R.COUNTER_DECLINED
    request.save(update_fields=["status", "updated_at"])
    _event(request, by, PlacementEvent.Action.COUNTER_DECLINED, (reason or "").strip(), period=request.counter_period)
    return request
