"""The network the coordinator builds (ADR 0017): Limburg's sites with their profiles (vision,
accents, practical information), kennismakingsmomenten (one with teacher@'s class 7BKO-A
registered, one tomorrow so the reminder has something to send), a school and a childcare
organisation the coordinator added (with pending invitations for their first admin), and one
deactivated organisation. Idempotent: everything is found by its name first."""

from __future__ import annotations

from datetime import time, timedelta

from django.utils import timezone

PROFILES = {
    "KDV 't Nestje": {
        "ages": ("ages_baby", "ages_toddler"),
        "vision": (
            "In 't Nestje voelen kinderen zich thuis. We werken in kleine leefgroepen met vaste begeleiders, zodat elk "
            "kind een vertrouwde volwassene heeft. Ouders zijn partners: bij het brengen en halen nemen we tijd voor een gesprek."
        ),
        "accents": (
            "Een open speelaanbod: kinderen kiezen zelf waar en waarmee ze spelen. Veel buiten spelen, elke dag en bij elk "
            "weer, in onze natuurlijke tuin met moestuin. Rustige verzorgingsmomenten als kansen voor contact en taal."
        ),
        "expectations": (
            "Je komt voor de start kennismaken met je mentor en de leefgroep; dan bespreken we elkaars verwachtingen en je "
            "uurrooster. We verwachten dat je actief meespeelt, vragen stelt en je stageopdrachten op tijd met je mentor afstemt. "
            "Gsm blijft in je kastje tijdens de werkuren."
        ),
        "hours": "Open van 7.00 tot 18.30 uur. Stagiairs werken in vroege (7.00–15.00) of late (10.30–18.30) diensten.",
        "what_to_bring": "Gemakkelijke kleding die vuil mag worden, binnenschoenen, regenkledij voor buiten, je stagemap.",
        "directions": "Bus 1 of 2 vanaf station Hasselt, halte Kuringersteenweg. Fietsenstalling achter het gebouw.",
        "documents": ("Uittreksel strafregister (model 2)", "Gezondheidsbeoordeling"),
    },
    "BKO De Speelboom": {
        "ages": ("ages_preschool", "ages_school"),
        "vision": (
            "De Speelboom is de buitenschoolse opvang van drie Hasseltse basisscholen. Vrije tijd is van de kinderen: wij "
            "zorgen voor ruimte, materiaal en begeleiders die mee spelen en kinderen inspraak geven."
        ),
        "accents": (
            "Open speelaanbod met hoeken die kinderen zelf mee inrichten; veel buiten spelen op de speelplaats en in het park. "
            "Op woensdagnamiddag en in de vakanties werken we met projecten die de kinderen zelf kiezen."
        ),
        "expectations": (
            "Kom voor je stage kennismaken, liefst met je stageleerkracht, zodat we je opdrachten afstemmen op onze werking. "
            "Je bereidt elke week een activiteit voor en bespreekt die vooraf met je mentor."
        ),
        "hours": "Schooldagen 7.00–8.30 en 15.30–18.30 uur; woensdag vanaf 12.00 uur; vakanties 7.30–18.00 uur.",
        "what_to_bring": "Sportieve kleding, een drinkbus, en een idee voor een spel om jezelf voor te stellen.",
        "directions": "Vijf minuten wandelen van het station van Hasselt; ingang via de poort in de Schoolstraat.",
        "documents": ("Uittreksel strafregister (model 2)",),
    },
    "KDV Zonnebloem": {
        "ages": ("ages_baby", "ages_toddler"),
        "vision": "Zonnebloem op de welzijnscampus van Genk is een opvang voor kinderen uit alle culturen van de buurt; meertaligheid zien we als rijkdom.",
        "accents": "Taalstimulering in het spel, samenwerken met ouders, veel zintuiglijk spel en buiten spelen in de belevingstuin.",
        "expectations": "We vragen een open houding tegenover gezinnen met een andere taal of cultuur. Je leert met pictogrammen werken.",
        "hours": "Open van 7.00 tot 18.00 uur, gesloten op zaterdag en zondag.",
        "what_to_bring": "Binnenschoenen en je stagemap; een schort krijg je van ons.",
        "directions": "Bus 45 tot halte Welzijnscampus; gratis parking aan de achterkant.",
        "documents": ("Uittreksel strafregister (model 2)", "Werkpostfiche / risicoanalyse"),
    },
    "BKO De Ravotter": {
        "ages": ("ages_preschool", "ages_school"),
        "vision": "Bij De Ravotter mogen kinderen ravotten: spelen is leren, en buiten spelen het beste van al.",
        "accents": "Een open speelaanbod en veel buiten spelen, ook in de regen. Kinderen helpen de dagplanning mee kiezen.",
        "expectations": "Zesdejaars van de school zijn welkom om de opvang te ervaren; stagiairs komen voor de start kennismaken.",
        "hours": "Schooldagen 7.00–8.20 en 15.20–18.30 uur; woensdag 11.45–18.30 uur.",
        "what_to_bring": "Laarzen en regenkledij, een drinkbus.",
        "directions": "Naast het speelplein, Speelpleinlaan 21; bus 23a vanaf het station van Sint-Truiden.",
        "documents": ("Uittreksel strafregister (model 2)",),
    },
    "KDV Klein Duimpje": {
        "ages": ("ages_baby", "ages_toddler"),
        "vision": "Een klein kinderdagverblijf met een huiselijke sfeer, waar elk kind op zijn eigen ritme mag groeien.",
        "accents": "Vaste dagritmes, veel aandacht voor slapen en eten op maat, dagelijks wandelen in het stadspark.",
        "expectations": "Je bent stipt, meldt afwezigheid vóór 7 uur en houdt je aan de hygiëneafspraken.",
        "hours": "Open van 7.00 tot 18.30 uur.",
        "what_to_bring": "Binnenschoenen, een uurrooster van je school.",
        "directions": "In het centrum van Tongeren, op wandelafstand van het station.",
        "documents": ("Uittreksel strafregister (model 2)", "Gezondheidsbeoordeling"),
    },
}

RAVOTTER_VISIT_NOTE = (
    "Zesdejaars maken kennis met de buitenschoolse opvang: uitleg over de werking en zelf aan de slag met activiteiten, "
    "op een moment dat er kinderen zijn."
)
NESTJE_NOTE = "Kennismaking voor stagiairs van het voorjaar: rondleiding, kennismaking met de mentoren, uurrooster bespreken."
SPEELBOOM_NOTE = "Individuele kennismaking met je mentor vóór de start van je stage. Meld je aan bij het onthaal."


def seed_network() -> None:
    from childcare.models import IntroductionMoment, IntroductionRegistration, Site
    from childcare.profile_services import introduction_register
    from internships.models import DocumentType
    from network import services as network_services
    from schools.models import Group
    from tenancy.models import Invitation, Membership, Network, Organisation, Role, User

    net = Network.objects.filter(slug="limburg").first()
    if net is None:
        return
    coordinator = User.objects.get(email="coordinator@uniform.demo")
    now = timezone.now()
    today = timezone.localdate()
    doc_types = {d.name: d for d in DocumentType.objects.filter(network=net)}

    for site in Site.objects.filter(organisation__network=net, name__in=PROFILES):
        profile = PROFILES[site.name]
        if site.profile_updated_at:
            continue
        for field in ("ages_baby", "ages_toddler", "ages_preschool", "ages_school"):
            setattr(site, field, field in profile["ages"])
        for field in ("vision", "accents", "expectations", "hours", "what_to_bring", "directions"):
            setattr(site, field, profile[field])
        site.profile_updated_at = now
        site.save()
        site.required_documents.set([doc_types[n] for n in profile["documents"] if n in doc_types])

    # Kennismakingsmomenten (found again by their note: their dates follow the day of seeding).
    ravotter = Site.objects.get(organisation__network=net, name="BKO De Ravotter")
    nestje = Site.objects.get(organisation__network=net, name="KDV 't Nestje")
    speelboom = Site.objects.get(organisation__network=net, name="BKO De Speelboom")
    visit = IntroductionMoment.objects.filter(site=ravotter, note=RAVOTTER_VISIT_NOTE).first() or IntroductionMoment.objects.create(
        site=ravotter, date=today + timedelta(days=9), start_time=time(14, 0), end_time=time(16, 30), places=30,
        audience=IntroductionMoment.Audience.GROUPS, note=RAVOTTER_VISIT_NOTE,
    )
    if not IntroductionMoment.objects.filter(site=nestje, note=NESTJE_NOTE).exists():
        IntroductionMoment.objects.create(
            site=nestje, date=today + timedelta(days=16), start_time=time(9, 30), end_time=time(11, 0), places=8,
            audience=IntroductionMoment.Audience.ANY, note=NESTJE_NOTE,
        )
    tomorrow = IntroductionMoment.objects.filter(site=speelboom, note=SPEELBOOM_NOTE).first() or IntroductionMoment.objects.create(
        site=speelboom, date=today + timedelta(days=1), start_time=time(15, 45), end_time=time(16, 30), places=2,
        audience=IntroductionMoment.Audience.STUDENTS, note=SPEELBOOM_NOTE,
    )
    teacher = User.objects.get(email="teacher@uniform.demo")
    lindeboom = Organisation.objects.get(network=net, name="Campus De Lindeboom")
    group = Group.objects.get(school=lindeboom, name="7BKO-A")
    if not IntroductionRegistration.objects.filter(moment=visit, group=group).exists():
        introduction_register(moment=visit, by=teacher, school=lindeboom, group=group, number=12,
                              note="Met stageleerkracht Sofie Peeters.")
    planned = group.students.filter(internships__site=speelboom).order_by("last_name").first() or group.students.order_by("last_name").first()
    if planned and not IntroductionRegistration.objects.filter(moment=tomorrow).exists():
        introduction_register(moment=tomorrow, by=teacher, school=lindeboom, student=planned)

    # Added by the coordinator, with a pending invitation for their first admin.
    added = [
        (Organisation.Kind.SCHOOL, "Sint-Jansinstituut Bree", "Bree", "Kloosterstraat 14, 3960 Bree",
         Organisation.SchoolType.SECONDARY, "directie@sintjansbree.demo", "Leen Vandersteen"),
        (Organisation.Kind.CHILDCARE, "Kinderopvang De Kleine Wereld", "Lanaken", "Stationsstraat 61, 3620 Lanaken",
         "", "info@dekleinewereld.demo", "Hatice Demir"),
    ]
    for kind, name, city, address, school_type, email, admin_name in added:
        org = Organisation.objects.filter(network=net, name=name).first()
        if org is None:
            org = network_services.organisation_create(
                by=coordinator, network=net, kind=kind, name=name, city=city, address=address, school_type=school_type,
            )
        if kind == Organisation.Kind.CHILDCARE and not org.sites.exists():
            Site.objects.create(
                organisation=org, name="KDV De Kleine Wereld", kind=Site.Kind.DAYCARE, city=city, address=address, capacity=2,
                ages_baby=True, ages_toddler=True,
            )
        if not Invitation.objects.filter(organisation=org).exists():
            network_services.first_admin_invite(by=coordinator, organisation=org, email=email, full_name=admin_name)

    # One deactivated organisation: its people have no access, its site is offered nowhere.
    closed = Organisation.objects.filter(network=net, name="vzw Hummeltjes").first()
    if closed is None:
        closed = Organisation.objects.create(network=net, kind=Organisation.Kind.CHILDCARE, name="vzw Hummeltjes", city="Beringen",
                                             address="Kioskplein 2, 3580 Beringen")
        site = Site.objects.create(organisation=closed, name="Onthaalouder Hummeltjes", kind=Site.Kind.FAMILY, city="Beringen",
                                   address="Kioskplein 2, 3580 Beringen", capacity=1, ages_baby=True, ages_toddler=True)
        person, _ = User.objects.get_or_create(email="greet.hummeltjes@hummeltjes.demo", defaults={"full_name": "Greet Schepers"})
        Membership.objects.get_or_create(user=person, network=net, organisation=closed, role=Role.CHILDCARE_ADMIN)
        Membership.objects.get_or_create(user=person, network=net, organisation=closed, site=site, role=Role.MENTOR)
    if closed.is_active:
        network_services.organisation_deactivate(by=coordinator, organisation=closed)
