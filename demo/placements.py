"""Demo placements for Limburg (called by demo/region.py after the capacity periods).

Four periods over two school years and a summer, places published at the sites (for KDV 't
Nestje and BKO De Speelboom the demo's existing capacity periods, for Kinderopvang Kwadraat's
sites new ones), demand from the three schools that outruns the places (a shortage), last
year's internships (closed) so the trend has two school years, and a request in every state:
pending, accepted (a planned internship), declined with a reason, another period proposed.

Idempotent: periods by name, offers by site and period, demand by school, period and year,
requests by school, site and period; internships by student and site.
"""

from __future__ import annotations

from datetime import date, timedelta

from catalogue.models import Programme
from childcare.models import Site
from internships.models import DocumentType, Internship, RequiredDocument
from internships.services import internship_create
from placements import services
from placements.models import PlaceDemand, PlacementPeriod, PlacementRequest, PlaceOffer
from schools.models import Student
from tenancy.models import Network, Organisation, User

PERIODS = [
    ("Najaar 2025", date(2025, 9, 1), date(2026, 1, 31)),
    ("Voorjaar 2026", date(2026, 2, 1), date(2026, 6, 30)),
    ("Najaar 2026", date(2026, 9, 1), date(2027, 1, 31)),
    ("Voorjaar 2027", date(2027, 2, 1), date(2027, 6, 30)),
    ("Zomer 2027", date(2027, 7, 1), date(2027, 8, 31)),
]

#: (site, period, places). 't Nestje and De Speelboom publish their existing capacity periods.
OFFERS = [
    ("KDV 't Nestje", "Najaar 2026", 4),
    ("KDV 't Nestje", "Voorjaar 2027", 3),
    ("BKO De Speelboom", "Zomer 2027", 5),
    ("BKO De Ravotter", "Najaar 2025", 2),
    ("BKO De Ravotter", "Voorjaar 2026", 3),
    ("BKO De Ravotter", "Najaar 2026", 5),
    ("BKO De Ravotter", "Voorjaar 2027", 2),
    ("BKO De Ravotter", "Zomer 2027", 2),
    ("KDV Klein Duimpje", "Najaar 2025", 2),
    ("KDV Klein Duimpje", "Voorjaar 2026", 2),
    ("KDV Klein Duimpje", "Najaar 2026", 4),
    ("KDV Klein Duimpje", "Voorjaar 2027", 2),
]

#: (school, period, year, students, municipality, kind, note)
DEMAND = [
    ("Campus De Lindeboom", "Najaar 2025", "6de jaar", 5, "Hasselt", "", ""),
    ("Atheneum Kempenland", "Najaar 2025", "6de jaar", 3, "Genk", "", ""),
    ("Campus De Lindeboom", "Voorjaar 2026", "6de jaar", 4, "", "daycare", ""),
    ("CVO Maasland", "Voorjaar 2026", "Volwassenenonderwijs", 2, "Tongeren", "", "Avondcursisten: stage overdag in blokken."),
    ("Campus De Lindeboom", "Najaar 2026", "7de jaar", 8, "Hasselt", "daycare", ""),
    ("Atheneum Kempenland", "Najaar 2026", "7de jaar", 5, "Genk", "", ""),
    ("CVO Maasland", "Najaar 2026", "Volwassenenonderwijs", 5, "", "", ""),
    ("Campus De Lindeboom", "Voorjaar 2027", "7de jaar", 6, "Hasselt", "daycare", "Liefst baby- en peutergroepen."),
    ("Atheneum Kempenland", "Voorjaar 2027", "7de jaar", 4, "Genk", "", "Genk of omliggende gemeenten."),
    ("CVO Maasland", "Voorjaar 2027", "Volwassenenonderwijs", 3, "Tongeren", "out_of_school", ""),
]

#: Last school year's internships (closed): (school, group, index in the roll, site, mentor, period)
HISTORY = [
    ("7 Kinderzorg", 6, "BKO De Ravotter", "jonas.vanhees@kwadraat.demo", "Najaar 2025"),
    ("7 Kinderzorg", 7, "BKO De Ravotter", "jonas.vanhees@kwadraat.demo", "Voorjaar 2026"),
    ("7 Kinderzorg", 8, "KDV Klein Duimpje", "hilde.schoofs@kwadraat.demo", "Najaar 2025"),
    ("BKO avond 2026", 6, "KDV Klein Duimpje", "hilde.schoofs@kwadraat.demo", "Voorjaar 2026"),
    ("7BKO-B", 8, "BKO De Ravotter", "jonas.vanhees@kwadraat.demo", "Voorjaar 2026"),
]


#: Where each group's roll call starts in demo.region's list of names (its ``roll``).
ROLL_START = {"7BKO-A": 0, "7BKO-B": 11, "7 Kinderzorg": 21, "BKO avond 2026": 31}


def _student(group: str, index: int) -> Student:
    """The student at ``index`` of the group's roll call in demo/region.py."""
    from demo.region import FIRST_NAMES, LAST_NAMES

    first, last = list(zip(FIRST_NAMES, LAST_NAMES, strict=False))[ROLL_START[group] + index]
    return Student.objects.get(group__name=group, school__network__slug="limburg", first_name=first, last_name=last)


def seed_placements() -> None:
    network = Network.objects.filter(slug="limburg").first()
    if network is None:
        return
    periods = {}
    for name, start, end in PERIODS:
        period = PlacementPeriod.objects.filter(network=network, name=name).first()
        periods[name] = period or services.period_create(network=network, name=name, start_date=start, end_date=end)
    sites = {s.name: s for s in Site.objects.filter(organisation__network=network).select_related("organisation")}
    admins = {
        "vzw Kindernest": User.objects.get(email="childcare@uniform.demo"),
        "Kinderopvang Kwadraat": User.objects.get(email="veerle.stas@kwadraat.demo"),
    }
    for site_name, period_name, places in OFFERS:
        site = sites[site_name]
        if not PlaceOffer.objects.filter(site=site, period=periods[period_name]).exists():
            services.offer_publish(site=site, period=periods[period_name], places=places, by=admins[site.organisation.name])
    schools = {o.name: o for o in Organisation.objects.filter(network=network, kind=Organisation.Kind.SCHOOL)}
    programme = Programme.objects.get(network=network, code="bko")
    school_admins = {
        "Campus De Lindeboom": User.objects.get(email="schooladmin@uniform.demo"),
        "Atheneum Kempenland": User.objects.get(email="els.nulens@kempenland.demo"),
        "CVO Maasland": User.objects.get(email="peter.hendrickx@cvomaasland.demo"),
    }
    for school_name, period_name, year, n, city, kind, note in DEMAND:
        school = schools[school_name]
        if not PlaceDemand.objects.filter(school=school, period=periods[period_name], year=year).exists():
            services.demand_post(school=school, period=periods[period_name], programme=programme, year=year, students=n,
                                 municipality=city, site_kind=kind, note=note, by=school_admins[school_name])
    for group, index, site_name, mentor_email, period_name in HISTORY:
        student, site, period = _student(group, index), sites[site_name], periods[period_name]
        if Internship.objects.filter(student=student, site=site).exists():
            continue
        start = period.start_date + timedelta(days=14 - period.start_date.weekday())  # a Monday, two weeks in
        internship = internship_create(
            school=student.school, student=student, programme=programme, site=site, start_date=start,
            end_date=start + timedelta(weeks=8, days=-3), mentor=User.objects.get(email=mentor_email),
            document_types=DocumentType.objects.filter(network=network),
        )
        Internship.objects.filter(pk=internship.pk).update(status=Internship.Status.CLOSED, hours_done=internship.required_hours)
        internship.documents.update(status=RequiredDocument.Status.APPROVED)  # all handed in, last year
    _requests(network, periods, sites, schools, programme, school_admins, admins)


def _request(school, site, period, programme, students, by, *, message="", teacher=None, places=1):
    existing = PlacementRequest.objects.filter(school=school, site=site, period=period).first()
    if existing:
        return existing, False
    return services.request_create(school=school, site=site, period=period, programme=programme, students=students,
                                   places=places, teacher=teacher, message=message, by=by), True


def _requests(network, periods, sites, schools, programme, school_admins, admins) -> None:
    lindeboom, kempenland = schools["Campus De Lindeboom"], schools["Atheneum Kempenland"]
    teacher = User.objects.get(email="teacher@uniform.demo")
    tom = User.objects.get(email="tom.indekeu@lindeboom.demo")
    spring = periods["Voorjaar 2027"]
    # Pending: Lindeboom proposes two students for the last free place at 't Nestje.
    _request(lindeboom, sites["KDV 't Nestje"], spring, programme, [_student("7BKO-A", 7), _student("7BKO-A", 8)],
             school_admins["Campus De Lindeboom"], teacher=teacher,
             message="Twee kandidaten voor één plaats; beiden willen graag in een babygroep starten.")
    # Accepted: Klein Duimpje takes a 7BKO-B student; she becomes a planned internship.
    accepted, new = _request(lindeboom, sites["KDV Klein Duimpje"], spring, programme, [_student("7BKO-B", 5)],
                             school_admins["Campus De Lindeboom"], teacher=tom, message="Woont in Tongeren.")
    if new:
        services.request_accept(request=accepted, students=list(accepted.students.all()),
                                mentor=User.objects.get(email="hilde.schoofs@kwadraat.demo"), by=admins["Kinderopvang Kwadraat"])
    # Declined with a reason: 't Nestje cannot take Kempenland's student.
    declined, new = _request(kempenland, sites["KDV 't Nestje"], spring, programme, [_student("7 Kinderzorg", 9)],
                             school_admins["Atheneum Kempenland"])
    if new:
        services.request_decline(request=declined, by=admins["vzw Kindernest"], reason=(
            "In het voorjaar begeleiden we al stagiairs van twee scholen en één mentor is met ouderschapsverlof. "
            "Probeer KDV Zonnebloem in Genk, dichter bij jullie school."))
    # Another period proposed: De Ravotter is full in spring and offers its summer programme.
    counter, new = _request(lindeboom, sites["BKO De Ravotter"], spring, programme, [_student("7BKO-A", 9)],
                            school_admins["Campus De Lindeboom"], teacher=teacher)
    if new:
        services.request_counter(request=counter, period=periods["Zomer 2027"], by=admins["Kinderopvang Kwadraat"],
                                 mentor=User.objects.get(email="jonas.vanhees@kwadraat.demo"),
                                 message="In het voorjaar zijn onze plaatsen vol; in de zomerwerking is er plaats.")
