"""The demo region: two networks with every role, a real catalogue and internships.

Idempotent: every object is found by its natural key and created when missing; the demo
logins get their password back on every run. Used by ``manage.py seed_demo`` (``make run``)
and by the test suite, so the demo contract in DEVELOPERS.md is tested on every run.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from allauth.account.models import EmailAddress
from django.db import transaction
from django.utils import timezone

from catalogue.models import ActivityTemplate, CatalogueVersion, Cluster, Indicator, Programme, RatingLevel, RatingScale
from catalogue.services import version_publish
from childcare.models import Site
from demo import catalogue_content as demo_content
from internships.models import Internship
from schools.models import Group, Student
from tenancy.models import Membership, Network, Organisation, Role, User

DEMO_PASSWORD = "uniform-demo"  # noqa: S105 - public demo password, documented in README

#: The demo logins of the contract (DEVELOPERS.md): email → (name, description).
DEMO_LOGINS = {
    "coordinator@uniform.demo": ("Griet Vanhove", "coördinator, Uniform Limburg"),
    "schooladmin@uniform.demo": ("Marc Claes", "stagecoördinator, Campus De Lindeboom"),
    "teacher@uniform.demo": ("Sofie Peeters", "stagebegeleider, Campus De Lindeboom"),
    "teacher2@uniform.demo": ("Johan Wouters", "stagebegeleider, Atheneum Kempenland"),
    "childcare@uniform.demo": ("Katrien Janssens", "verantwoordelijke, vzw Kindernest"),
    "coach@uniform.demo": ("Lotte Maes", "pedagogisch coach, vzw Kindernest"),
    "mentor@uniform.demo": ("An Vermeulen", "mentor, KDV 't Nestje (vzw Kindernest)"),
    "mentor2@uniform.demo": ("Bart Lemmens", "mentor, BKO De Ravotter (Kinderopvang Kwadraat)"),
    "student@uniform.demo": ("Emma Aerts", "stagiair, Campus De Lindeboom 7BKO-A"),
    "coordinator@other.demo": ("Dirk Smet", "coördinator, Uniform Antwerpen"),
    "teacher@other.demo": ("Nathalie De Smedt", "stagebegeleider, Campus Scheldezicht"),
    "mentor@other.demo": ("Yasmine El Amrani", "mentor, KDV Speelvogel"),
    "student@other.demo": ("Lucas Van Damme", "stagiair, Campus Scheldezicht"),
}

FIRST_NAMES = [
    "Lina", "Noor", "Julie", "Marie", "Ella", "Fien", "Lore", "Hanne", "Amber", "Jana", "Lisa", "Elise",
    "Charlotte", "Nina", "Ines", "Zoë", "Lien", "Febe", "Amira", "Sara", "Axelle", "Kato", "Britt", "Yana",
    "Mila", "Jente", "Anouk", "Laura", "Silke", "Imane", "Chloë", "Tess", "Robbe", "Milan", "Senne", "Wout",
    "Ilias", "Jasper", "Lander", "Eline", "Hajar", "Femke",
]
LAST_NAMES = [
    "Jacobs", "Mertens", "Willems", "Goossens", "Claes", "Wouters", "Dubois", "Hermans", "Segers", "Vos",
    "Bosmans", "Coenen", "Thys", "Geerts", "Vandenberghe", "Daems", "Schepers", "Nijs", "Verheyen", "Leemans",
    "Pauwels", "Cools", "Smeets", "Vanderhoven", "Yilmaz", "Bouzid", "Kaya", "Luyten", "Reynders", "Stevens",
    "Moors", "Jorissen", "Vanhoudt", "Gielen", "Bollen", "Lambrechts", "Peters", "Lenaerts", "Beerten", "Ceyssens",
    "Ramaekers", "Swinnen",
]


DOCUMENT_TYPES = [
    # (name, due days before the start, description, needed to start)
    ("Stageovereenkomst", 14, "Getekend door school, stageplaats en stagiair (en ouders bij minderjarigen).", False),
    ("Werkpostfiche / risicoanalyse", 14, "De risico's van de werkpost en de nodige maatregelen.", False),
    ("Gezondheidsbeoordeling", 7, "Verklaring van de arbeidsgeneesheer waar de werkpost dat vraagt.", False),
    # By law every adult who works with children in childcare has one: the start waits for it.
    ("Uittreksel strafregister (model 2)", 21, "Vereist voor wie met minderjarigen werkt; niet ouder dan 6 maanden.", True),
]
#: Why the school admin let the demo students start before their extract was approved.
START_OVERRIDE_REASON = (
    "Het uittreksel is op tijd aangevraagd bij de gemeente en het ontvangstbewijs zit in het dossier; de gemeente "
    "levert pas na de startdatum. Afgesproken met de locatie: de eerste week werkt de stagiair nooit alleen met de kinderen."
)


class DemoSeeder:
    def __init__(self, today: date | None = None, stdout=None):
        self.today = today or timezone.localdate()
        self.rng = random.Random(2026)
        self.stdout = stdout

    # ------------------------------------------------------------------ helpers
    def user(self, email: str, name: str | None = None, *, login: bool = False) -> User:
        name = name or DEMO_LOGINS.get(email, (email.split("@")[0].title(), ""))[0]
        user, created = User.objects.get_or_create(email=email, defaults={"full_name": name})
        if login or email in DEMO_LOGINS:
            if created or not user.check_password(DEMO_PASSWORD):
                user.set_password(DEMO_PASSWORD)
            user.is_active = True
            user.save()
        elif created:
            user.set_unusable_password()
            user.save()
        EmailAddress.objects.get_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
        return user

    def member(self, user, network, role, organisation=None, site=None) -> Membership:
        membership, _ = Membership.objects.get_or_create(
            user=user, network=network, organisation=organisation, site=site, role=role
        )
        if not membership.is_active:
            membership.is_active = True
            membership.deactivated_at = None
            membership.save()
        return membership

    def org(self, network, kind, name, city, school_type="") -> Organisation:
        org, _ = Organisation.objects.get_or_create(
            network=network, name=name, defaults={"kind": kind, "city": city, "school_type": school_type}
        )
        return org

    def site(self, organisation, name, kind, city, address, capacity=3, coach_review=False) -> Site:
        site, _ = Site.objects.get_or_create(
            organisation=organisation,
            name=name,
            defaults={"kind": kind, "city": city, "address": address, "capacity": capacity, "coach_review": coach_review},
        )
        return site

    def catalogue(self, network, clusters, activities, *, code, name, description) -> CatalogueVersion:
        programme, _ = Programme.objects.get_or_create(
            network=network, code=code, defaults={"name": name, "description": description}
        )
        version, created = CatalogueVersion.objects.get_or_create(
            programme=programme, label=demo_content.VERSION_LABEL,
            defaults={
                "status": CatalogueVersion.Status.DRAFT,
                "teacher_profile": demo_content.TEACHER_PROFILE,
                "mentor_profile": demo_content.MENTOR_PROFILE,
            },
        )
        if not created:
            return version
        scale = RatingScale.objects.create(version=version, name="Vierpuntenschaal")
        RatingLevel.objects.bulk_create(
            RatingLevel(scale=scale, value=lvl["value"], label=lvl["label"], description=lvl["description"],
                        is_sufficient=lvl["sufficient"])
            for lvl in demo_content.SCALE
        )
        by_code = {}
        for c_order, cluster_data in enumerate(clusters, start=1):
            cluster = Cluster.objects.create(
                version=version, code=cluster_data["code"], title=cluster_data["title"],
                description=cluster_data.get("description", ""), order=c_order,
            )
            for i_order, ind in enumerate(cluster_data["indicators"], start=1):
                by_code[ind["code"]] = Indicator.objects.create(
                    version=version, cluster=cluster, code=ind["code"], text=ind["text"],
                    guidance=ind.get("guidance", ""), order=i_order,
                )
        for a_order, act in enumerate(activities, start=1):
            activity = ActivityTemplate.objects.create(
                version=version, title=act["title"], description=act.get("description", ""), order=a_order
            )
            activity.indicators.set([by_code[c] for c in act.get("indicators", [])])
        # Built as a draft, then published: a published version never changes afterwards.
        return version_publish(version=version)

    def student(self, school, group, first, last, *, user=None, birth_year=2008) -> Student:
        student, _ = Student.objects.get_or_create(
            school=school, first_name=first, last_name=last,
            defaults={
                "group": group,
                "email": user.email if user else "",
                "date_of_birth": date(birth_year, self.rng.randint(1, 12), self.rng.randint(1, 28)),
            },
        )
        if user and student.user_id != user.pk:
            student.user = user
            student.save(update_fields=["user"])
        return student

    def internship(self, student, site, mentor, teacher, version, status, *, offset_weeks, weeks=8, hours=220):
        """Create the student's internship unless they have one at that site already.

        ``offset_weeks`` is the start relative to today (negative: started already).
        """
        existing = Internship.objects.filter(student=student, site=site).first()
        if existing:
            return existing
        start = self.today + timedelta(weeks=offset_weeks)
        start -= timedelta(days=start.weekday())  # internships start on a Monday
        end = start + timedelta(weeks=weeks) - timedelta(days=3)
        fraction = {
            Internship.Status.PLANNED: 0,
            Internship.Status.INTAKE_DONE: 0,
            Internship.Status.RUNNING: min(0.9, max(0.1, (self.today - start).days / max(1, (end - start).days))),
            Internship.Status.MIDTERM: 0.55,
            Internship.Status.FINAL: 0.97,
            Internship.Status.CLOSED: 1.0,
        }[status]
        done = Decimal(round(hours * fraction * 2) / 2).quantize(Decimal("0.1"))
        return Internship.objects.create(
            school=student.school, student=student, site=site, mentor=mentor, teacher=teacher,
            catalogue_version=version, start_date=start, end_date=end, required_hours=hours,
            hours_done=done, status=status,
        )

    # ------------------------------------------------------------------ internship details
    def document_types(self, network) -> list:
        from internships.models import DocumentType

        types = []
        for order, (name, days, description, blocks_start) in enumerate(DOCUMENT_TYPES, start=1):
            doc_type, _ = DocumentType.objects.get_or_create(
                network=network, name=name,
                defaults={"days_before_start": days, "order": order, "description": description, "blocks_start": blocks_start},
            )
            types.append(doc_type)
        return types

    def details(self, internship, doc_types, *, teacher, mentor) -> None:
        """Documents, intake, schedule, visits and hours that fit the internship's state."""
        from datetime import time as t

        from internships.models import HourEntry, IntakeMeeting, InternshipEvent, RequiredDocument, ScheduleSlot, Visit

        if internship.events.exists():
            return  # seeded before
        S = Internship.Status
        started = internship.status not in (S.PLANNED, S.INTAKE_DONE)
        InternshipEvent.objects.create(internship=internship, actor=None, kind="created", text=f"Stage gepland in {internship.site.name}.")
        for n, doc_type in enumerate(doc_types):
            due = internship.start_date - timedelta(days=doc_type.days_before_start)
            if started or internship.status == S.INTAKE_DONE and n != 2:
                status = RequiredDocument.Status.APPROVED if n % 2 == 0 or not started else RequiredDocument.Status.HANDED_IN
            else:
                status = RequiredDocument.Status.MISSING
            if internship.student.user_id and n == 2:
                status = RequiredDocument.Status.MISSING  # the demo student still owes one: shows as overdue
            if doc_type.blocks_start:
                # Started internships had it approved (the demo students: handed in, started by an
                # override); those about to start wait for the school's approval: a blocked start.
                waiting = internship.status == S.INTAKE_DONE or (started and internship.student.user_id)
                status = RequiredDocument.Status.HANDED_IN if waiting else RequiredDocument.Status.APPROVED if started else status
            RequiredDocument.objects.create(internship=internship, document_type=doc_type, due_date=due, status=status,
                                            changed_by=None if status == "missing" else teacher, changed_at=timezone.now() if status != "missing" else None)
        if internship.status == S.PLANNED:
            return
        IntakeMeeting.objects.create(
            internship=internship, date=internship.start_date - timedelta(days=10),
            attendees=f"{internship.student.full_name}, {mentor}" + (f", {teacher}" if teacher else ""),
            student_expectations="Ik wil leren hoe ik een activiteit voor peuters voorbereid en begeleid, en meer zelfvertrouwen krijgen bij de ouders.",
            learning_goals="Zelfstandig een eetmoment begeleiden; een overdracht aan ouders doen; grenzen stellen op een positieve manier.",
            site_expectations="Stipt aanwezig, gsm in het kastje, vragen stellen als iets niet duidelijk is, hygiëneregels volgen.",
            practical_agreements="Werkkledij en binnenschoenen meebrengen. Bij ziekte vóór 7u30 bellen naar de locatie.",
            recorded_by=mentor,
        )
        if internship.site.kind == Site.Kind.OUT_OF_SCHOOL:
            # After-school care works split shifts: before school and after it (Wednesday from noon).
            blocks = [(day, t(7, 0), t(8, 30)) for day in (0, 1, 2, 3, 4)]
            blocks += [(day, t(12, 0) if day == 2 else t(15, 30), t(18, 0)) for day in (0, 1, 2, 3, 4)]
        else:
            blocks = [(day, t(8, 0), t(16, 0) if day != 2 else t(12, 30)) for day in (0, 1, 2, 3)]
        ScheduleSlot.objects.bulk_create(ScheduleSlot(internship=internship, weekday=d, start_time=a, end_time=b) for d, a, b in blocks)
        InternshipEvent.objects.create(internship=internship, actor=mentor, kind="intake", text="Kennismakingsgesprek geregistreerd.")
        if not started:
            return
        if internship.student.user_id:
            self.start_override(internship, doc_types)
        else:
            InternshipEvent.objects.create(internship=internship, actor=teacher, kind="status", text="Status: lopend")
        first_visit = internship.start_date + timedelta(days=9)
        if first_visit <= self.today:
            Visit.objects.create(internship=internship, date=first_visit, time=t(10, 0), status=Visit.Status.DONE, with_whom=f"{mentor}",
                                 notes="Goede start; de stagiair voelt zich welkom in de leefgroep.",
                                 agreements="Volgende week een eerste eigen activiteit voorbereiden en vooraf bespreken met de mentor.",
                                 created_by=teacher)
        if internship.status in (S.RUNNING, S.MIDTERM):
            # Spread over the coming working days and hours (a teacher visits one site at a time).
            k = sum(map(ord, internship.student.full_name)) % 8
            visit_day = self.today + timedelta(days=3 + k)
            if visit_day.weekday() >= 5:
                visit_day += timedelta(days=7 - visit_day.weekday())
            Visit.objects.create(internship=internship, date=visit_day, time=(t(9, 30), t(10, 30), t(13, 30), t(14, 30))[k % 4],
                                 status=Visit.Status.PLANNED, with_whom=f"{mentor}", created_by=teacher)
        # Hours: the scheduled days so far, confirmed; the last two days still to confirm.
        day, entries = internship.start_date, []
        last = min(self.today - timedelta(days=1), internship.end_date)
        total_so_far = Decimal("0")
        while day <= last and total_so_far < internship.required_hours:
            if day.weekday() < 4:
                hours = Decimal("4.5") if day.weekday() == 2 else Decimal("8")
                absent = (day - internship.start_date).days == 15
                total_so_far += Decimal("0") if absent else hours
                entries.append(HourEntry(internship=internship, date=day, hours=Decimal("0") if absent else hours, is_absence=absent,
                                         absence_reason="ziek" if absent else "", status=HourEntry.Status.CONFIRMED,
                                         logged_by=internship.student.user or mentor, confirmed_by=mentor, confirmed_at=timezone.now()))
            day += timedelta(days=1)
        if internship.status == S.RUNNING:
            for entry in entries[-2:]:
                entry.status, entry.confirmed_by, entry.confirmed_at = HourEntry.Status.PROPOSED, None, None
        HourEntry.objects.bulk_create(entries)
        total = sum((e.hours for e in entries if e.status == HourEntry.Status.CONFIRMED), Decimal("0"))
        Internship.objects.filter(pk=internship.pk).update(hours_done=total)
        if internship.status == S.CLOSED and total < internship.required_hours:
            self.close_override(internship, total)
        self.feedback(internship, mentor)
        self.evaluations(internship, mentor, teacher)
        try:
            from demo.activities import seed_activities
        except ImportError:
            return
        seed_activities(internship)

    def start_override(self, internship, doc_types) -> None:
        """The school admin started the internship before the extract was approved, with a reason."""
        from internships.models import InternshipEvent, Override

        admin = (
            Membership.objects.filter(role=Role.SCHOOL_ADMIN, organisation=internship.school).order_by("pk")
            .select_related("user").first()
        )
        by = admin.user if admin else None
        missing = "; ".join(f"{d.name} is binnengebracht maar nog niet goedgekeurd." for d in doc_types if d.blocks_start)
        Override.objects.create(internship=internship, step=Override.Step.START, blocked_by=missing,
                                reason=START_OVERRIDE_REASON, by=by)
        InternshipEvent.objects.create(internship=internship, actor=by, kind="override",
                                       text=f"Gestart ondanks: {missing} Reden: {START_OVERRIDE_REASON}"[:300])
        InternshipEvent.objects.create(internship=internship, actor=by, kind="status", text="Status: lopend")

    def close_override(self, internship, total) -> None:
        """The school admin closed an internship short of its hours, with a reason."""
        from internships.models import InternshipEvent, Override

        admin = Membership.objects.filter(role=Role.SCHOOL_ADMIN, organisation=internship.school).order_by("pk").first()
        by = admin.user if admin else None
        done = f"{total.normalize():f}".replace(".", ",")
        missing = f"{done} van de {internship.required_hours} vereiste uren zijn bevestigd."
        reason = ("De cursist werkt ook als kinderbegeleider in een andere opvang; de opleiding erkent die uren "
                  "als werkplekleren (beslissing van de klassenraad). De eindevaluatie is ondertekend.")
        Override.objects.create(internship=internship, step=Override.Step.CLOSE, blocked_by=missing, reason=reason, by=by)
        InternshipEvent.objects.create(internship=internship, actor=by, kind="override",
                                       text=f"Afgesloten ondanks: {missing} Reden: {reason}"[:300])
        InternshipEvent.objects.create(internship=internship, actor=by, kind="status", text="Status: afgesloten")

    def evaluations(self, internship, mentor, teacher) -> None:
        """A signed midterm evaluation for internships past their midterm (and a final one for
        those past the end), rated from their feedback sheets."""
        from catalogue.models import Cluster, Indicator, RatingLevel
        from evaluations.evaluation.services import evaluation_record_signed
        from evaluations.models import Evaluation, EvaluationClusterRemark, EvaluationRating

        S = Internship.Status
        kinds = {S.MIDTERM: ["midterm"], S.FINAL: ["midterm", "final"], S.CLOSED: ["midterm", "final"]}.get(internship.status, [])
        if not kinds or mentor is None or teacher is None or internship.evaluations.exists():
            return
        indicators = list(Indicator.objects.filter(version=internship.catalogue_version).order_by("cluster__order", "order"))
        levels = list(RatingLevel.objects.filter(scale__version=internship.catalogue_version).order_by("value"))
        for n, kind in enumerate(kinds):
            evaluation = Evaluation.objects.create(
                internship=internship, kind=kind, updated_by=teacher, decision=Evaluation.Decision.SUFFICIENT,
                mentor_advice="Een gemotiveerde stagiair die vlot groeit; blijf inzetten op grenzen stellen en overgangen."
                if kind == "midterm" else "Klaar om zelfstandig als kinderbegeleider te starten.",
                school_assessment="Op schema voor de leerdoelen van de opleiding." if kind == "midterm" else "Stage geslaagd.",
                conversation_date=internship.start_date + timedelta(days=28 + 28 * n), conversation_present=f"{mentor}, {teacher}, stagiair",
            )
            EvaluationRating.objects.bulk_create(
                EvaluationRating(evaluation=evaluation, indicator=ind, level=levels[min(len(levels) - 1, 2 + n - (k % 17 == 0))],
                                 student_level=levels[min(len(levels) - 1, 1 + n + (k % 2))])
                for k, ind in enumerate(indicators)
            )
            first_cluster = Cluster.objects.filter(version=internship.catalogue_version).order_by("order").first()
            EvaluationClusterRemark.objects.create(evaluation=evaluation, cluster=first_cluster, remark="Stipt en betrouwbaar.")
            moment = timezone.now() - timedelta(days=7 * (len(kinds) - n))
            # Both signatures over its content (with their digests), locked, with its snapshot.
            evaluation_record_signed(evaluation=evaluation, mentor=mentor, teacher=teacher, at=moment)

    def withdrawn_signature(self) -> None:
        """A midterm in progress at BKO De Speelboom (teacher@uniform.demo): the school signed, then
        the mentor raised indicator 1.5 from 2 to 3, which withdrew the school's signature (its
        page shows why; the teacher got a mail) — the evaluation waits for the school to sign again."""
        from catalogue.models import Indicator, RatingLevel
        from evaluations.evaluation import services

        internship = (
            Internship.objects.filter(teacher__email="teacher@uniform.demo", site__name="BKO De Speelboom", status=Internship.Status.RUNNING)
            .select_related("mentor", "teacher").order_by("start_date").first()
        )
        if internship is None or internship.mentor is None or internship.evaluations.exists():
            return
        mentor, teacher = internship.mentor, internship.teacher
        levels = {lvl.value: lvl.pk for lvl in RatingLevel.objects.filter(scale__version=internship.catalogue_version)}
        indicators = list(Indicator.objects.filter(version=internship.catalogue_version))
        rated = {i.pk: levels[2] for i in indicators}
        part = {"levels": rated, "remarks": {}, "advice": "Neemt vlot initiatief; blijf werken aan de overgangsmomenten."}
        evaluation = services.evaluation_start(internship=internship, kind="midterm", by=mentor)
        evaluation = services.evaluation_save(evaluation=evaluation, by=mentor, revision=evaluation.revision, mentor_part=part)
        evaluation = services.evaluation_save(evaluation=evaluation, by=teacher, revision=evaluation.revision, school_part={
            "assessment": "Goed op weg; de overgangen blijven een werkpunt.", "decision": "sufficient",
            "conversation_date": None, "conversation_present": "",
        })
        evaluation = services.evaluation_sign(evaluation=evaluation, by=teacher, password=DEMO_PASSWORD, as_role="teacher")
        safety = next(i for i in indicators if i.code == "1.5")
        rated[safety.pk] = levels[3]
        services.evaluation_save(evaluation=evaluation, by=mentor, revision=evaluation.revision, mentor_part=part)

    def feedback(self, internship, mentor) -> None:
        """A shared sheet a week for the weeks so far (the last one still a draft), with ratings
        that grow over time, strengths, points to work on, agreements and the student's reflection."""
        from catalogue.models import Indicator, RatingLevel
        from evaluations.feedback.selectors import sheet_content
        from evaluations.models import FeedbackRating, FeedbackSheet

        if mentor is None or internship.feedback_sheets.exists():
            return
        indicators = list(Indicator.objects.filter(version=internship.catalogue_version).order_by("cluster__order", "order"))
        levels = list(RatingLevel.objects.filter(scale__version=internship.catalogue_version).order_by("value"))
        phrases = demo_content.FEEDBACK_PHRASES
        weeks = max(0, (min(self.today, internship.end_date) - internship.start_date).days // 7)
        review = internship.site.coach_review
        last_day = min(self.today - timedelta(days=2), internship.end_date)
        for week in range(weeks):
            day = max(internship.start_date, last_day - timedelta(days=7 * (weeks - 1 - week)))
            last = week == weeks - 1 and internship.status == Internship.Status.RUNNING
            status = FeedbackSheet.Status.DRAFT if last else FeedbackSheet.Status.SHARED
            if last and review:
                status = FeedbackSheet.Status.IN_REVIEW
            now = timezone.now()
            # Written as a draft, shared once its ratings are in: a shared sheet does not change
            # (its snapshot is what it shows, and the database refuses new ratings).
            sheet = FeedbackSheet.objects.create(
                internship=internship, author=mentor, date=day, status=FeedbackSheet.Status.DRAFT if status == "shared" else status,
                updated_by=mentor,
                strengths=phrases["strengths"][(week * 3) % len(phrases["strengths"])],
                work_points=phrases["work_points"][(week * 5 + 1) % len(phrases["work_points"])],
                agreements=phrases["agreements"][(week * 2) % len(phrases["agreements"])],
                submitted_at=None if status == "draft" else now, shared_at=now if status == "shared" else None,
                reflection=(
                    "Ik merk dat ik rustiger word in de groep. Volgende keer kondig ik het opruimen vooraf aan."
                    if status == "shared" and internship.student.user_id and week % 2 == 0 else ""
                ),
                reflection_at=now if status == "shared" and internship.student.user_id and week % 2 == 0 else None,
            )
            chosen = [indicators[(week * 7 + k * 5) % len(indicators)] for k in range(8)]
            FeedbackRating.objects.bulk_create(
                FeedbackRating(sheet=sheet, indicator=ind, level=levels[min(len(levels) - 1, 1 + (week + k) // 3)],
                               remark="Mooi gezien bij het onthaal." if k == 0 else "")
                for k, ind in enumerate(dict.fromkeys(chosen))
            )
            if status == FeedbackSheet.Status.SHARED:
                sheet.status = status
                sheet.snapshot = sheet_content(sheet)
                sheet.save()

    # ------------------------------------------------------------------ the region
    @transaction.atomic
    def run(self):
        self.limburg()
        self.antwerpen()
        for network in Network.objects.filter(slug__in=["limburg", "antwerpen"]):
            doc_types = self.document_types(network)
            for internship in Internship.objects.filter(school__network=network).select_related("student", "site", "mentor", "teacher"):
                self.details(internship, doc_types, teacher=internship.teacher, mentor=internship.mentor)
        self.withdrawn_signature()
        from demo.capacity import seed_capacity
        from demo.documents import seed_document_files
        from demo.invitations import seed_student_invitation
        from demo.notifications import seed_notifications
        from demo.placements import seed_placements
        from demo.privacy import seed_privacy
        from demo.reasons import seed_reasons
        from demo.reminders import seed_reminders
        from demo.retention import seed_retention
        from demo.training import seed_training

        seed_capacity()
        seed_training()
        from demo.calibration import seed_calibration, seed_cases

        seed_calibration(self.today)
        seed_cases()
        seed_reasons()
        seed_document_files()
        seed_student_invitation()
        from demo.network import seed_network

        seed_network()
        seed_notifications()
        seed_reminders(self.today)
        seed_placements()
        from demo.audit import seed_audit

        seed_audit()
        seed_retention(self.today)
        seed_privacy(self.today)
        from demo.sso import seed_sso

        seed_sso()
        from demo.api import seed_api

        seed_api()  # the school's API token (ADR 0027)

    def limburg(self):
        S = Internship.Status
        net, _ = Network.objects.get_or_create(slug="limburg", defaults={"name": "Uniform Limburg", "region": "Provincie Limburg"})
        version = self.catalogue(
            net, demo_content.CLUSTERS, demo_content.ACTIVITIES, code="bko",
            name=demo_content.PROGRAMME["name"], description=demo_content.PROGRAMME["description"],
        )
        self.member(self.user("coordinator@uniform.demo"), net, Role.COORDINATOR)

        lindeboom = self.org(net, Organisation.Kind.SCHOOL, "Campus De Lindeboom", "Hasselt", Organisation.SchoolType.SECONDARY)
        kempenland = self.org(net, Organisation.Kind.SCHOOL, "Atheneum Kempenland", "Genk", Organisation.SchoolType.SECONDARY)
        cvo = self.org(net, Organisation.Kind.SCHOOL, "CVO Maasland", "Maasmechelen", Organisation.SchoolType.ADULT)
        kindernest = self.org(net, Organisation.Kind.CHILDCARE, "vzw Kindernest", "Hasselt")
        kwadraat = self.org(net, Organisation.Kind.CHILDCARE, "Kinderopvang Kwadraat", "Sint-Truiden")

        nestje = self.site(kindernest, "KDV 't Nestje", Site.Kind.DAYCARE, "Hasselt", "Kuringersteenweg 112, 3500 Hasselt", 4, False)
        speelboom = self.site(kindernest, "BKO De Speelboom", Site.Kind.OUT_OF_SCHOOL, "Hasselt", "Schoolstraat 8, 3500 Hasselt", 3, True)
        zonnebloem = self.site(kindernest, "KDV Zonnebloem", Site.Kind.DAYCARE, "Genk", "Welzijnscampus 3, 3600 Genk", 3)
        ravotter = self.site(kwadraat, "BKO De Ravotter", Site.Kind.OUT_OF_SCHOOL, "Sint-Truiden", "Speelpleinlaan 21, 3800 Sint-Truiden", 3)
        duimpje = self.site(kwadraat, "KDV Klein Duimpje", Site.Kind.DAYCARE, "Tongeren", "Maastrichterstraat 40, 3700 Tongeren", 2)

        self.member(self.user("schooladmin@uniform.demo"), net, Role.SCHOOL_ADMIN, lindeboom)
        teacher = self.user("teacher@uniform.demo")
        self.member(teacher, net, Role.TEACHER, lindeboom)
        teacher2 = self.user("teacher2@uniform.demo")
        self.member(teacher2, net, Role.TEACHER, kempenland)
        admin_kempenland = self.user("els.nulens@kempenland.demo", "Els Nulens")
        self.member(admin_kempenland, net, Role.SCHOOL_ADMIN, kempenland)
        admin_cvo = self.user("peter.hendrickx@cvomaasland.demo", "Peter Hendrickx")
        self.member(admin_cvo, net, Role.SCHOOL_ADMIN, cvo)
        teacher_cvo = self.user("ilse.vrancken@cvomaasland.demo", "Ilse Vrancken")
        self.member(teacher_cvo, net, Role.TEACHER, cvo)
        teacher_b = self.user("tom.indekeu@lindeboom.demo", "Tom Indekeu")
        self.member(teacher_b, net, Role.TEACHER, lindeboom)

        self.member(self.user("childcare@uniform.demo"), net, Role.CHILDCARE_ADMIN, kindernest)
        self.member(self.user("veerle.stas@kwadraat.demo", "Veerle Stas"), net, Role.CHILDCARE_ADMIN, kwadraat)
        coach = self.user("coach@uniform.demo")
        self.member(coach, net, Role.COACH, kindernest, nestje)
        self.member(coach, net, Role.COACH, kindernest, speelboom)

        mentor = self.user("mentor@uniform.demo")
        self.member(mentor, net, Role.MENTOR, kindernest, nestje)
        mentor2 = self.user("mentor2@uniform.demo")
        self.member(mentor2, net, Role.MENTOR, kwadraat, ravotter)
        others = {
            nestje: self.user("sarah.vandeweyer@kindernest.demo", "Sarah Vandeweyer"),
            speelboom: self.user("kevin.bijnens@kindernest.demo", "Kevin Bijnens"),
            zonnebloem: self.user("fatma.ozturk@kindernest.demo", "Fatma Öztürk"),
            duimpje: self.user("hilde.schoofs@kwadraat.demo", "Hilde Schoofs"),
        }
        extra_ravotter = self.user("jonas.vanhees@kwadraat.demo", "Jonas Vanhees")
        self.member(extra_ravotter, net, Role.MENTOR, kwadraat, ravotter)
        for site, user in others.items():
            self.member(user, net, Role.MENTOR, site.organisation, site)

        g_a, _ = Group.objects.get_or_create(school=lindeboom, name="7BKO-A", school_year="2026-2027", defaults={"programme": version.programme})
        g_b, _ = Group.objects.get_or_create(school=lindeboom, name="7BKO-B", school_year="2026-2027", defaults={"programme": version.programme})
        g_k, _ = Group.objects.get_or_create(school=kempenland, name="7 Kinderzorg", school_year="2026-2027", defaults={"programme": version.programme})
        g_c, _ = Group.objects.get_or_create(school=cvo, name="BKO avond 2026", school_year="2026-2027", defaults={"programme": version.programme})
        g_a.teachers.add(teacher)
        g_b.teachers.add(teacher, teacher_b)
        g_k.teachers.add(teacher2)
        g_c.teachers.add(teacher_cvo)

        # Students: the demo student first, then a deterministic roll call per group.
        student_user = self.user("student@uniform.demo")
        self.member(student_user, net, Role.STUDENT, lindeboom)
        emma = self.student(lindeboom, g_a, "Emma", "Aerts", user=student_user)
        names = iter(zip(FIRST_NAMES, LAST_NAMES, strict=False))
        roll = {g_a: 11, g_b: 10, g_k: 10, g_c: 8}
        students = {}
        for group, n in roll.items():
            students[group] = [
                self.student(group.school, group, first, last, birth_year=1985 + i if group is g_c else 2008)
                for i, (first, last) in zip(range(n), names, strict=False)
            ]

        # Internships. Who goes where is fixed so that the access rules have clear cases:
        # Emma is the demo mentor's, teacher's and coach's intern; mentor2 has interns of
        # other schools; teacher2's students never meet mentor@uniform.demo except one.
        self.internship(emma, nestje, mentor, teacher, version, S.RUNNING, offset_weeks=-3)
        plan = [
            # (group, index, site, mentor, teacher, status, offset_weeks)
            (g_a, 0, nestje, mentor, teacher, S.MIDTERM, -5),
            (g_a, 1, nestje, others[nestje], teacher, S.RUNNING, -2),
            (g_a, 2, speelboom, others[speelboom], teacher, S.RUNNING, -4),
            (g_a, 3, zonnebloem, others[zonnebloem], teacher, S.INTAKE_DONE, 1),
            (g_a, 4, ravotter, mentor2, teacher, S.RUNNING, -3),
            (g_a, 5, duimpje, others[duimpje], teacher, S.PLANNED, 9),
            (g_a, 6, nestje, mentor, teacher, S.CLOSED, -14),
            (g_b, 0, speelboom, others[speelboom], teacher_b, S.RUNNING, -1),
            (g_b, 1, zonnebloem, others[zonnebloem], teacher_b, S.MIDTERM, -6),
            (g_b, 2, ravotter, extra_ravotter, teacher_b, S.PLANNED, 6),
            (g_b, 3, nestje, others[nestje], teacher, S.PLANNED, 10),
            (g_b, 4, duimpje, others[duimpje], teacher_b, S.FINAL, -8),
            (g_k, 0, nestje, mentor, teacher2, S.RUNNING, -2),
            (g_k, 1, ravotter, mentor2, teacher2, S.RUNNING, -4),
            (g_k, 2, zonnebloem, others[zonnebloem], teacher2, S.INTAKE_DONE, 1),
            (g_k, 3, duimpje, others[duimpje], teacher2, S.MIDTERM, -5),
            (g_k, 4, speelboom, others[speelboom], teacher2, S.CLOSED, -12),
            (g_k, 5, ravotter, extra_ravotter, teacher2, S.PLANNED, 8),
            (g_c, 0, nestje, mentor, teacher_cvo, S.PLANNED, 5),
            (g_c, 1, zonnebloem, others[zonnebloem], teacher_cvo, S.RUNNING, -3),
            (g_c, 2, ravotter, mentor2, teacher_cvo, S.INTAKE_DONE, 0),
            (g_c, 3, duimpje, others[duimpje], teacher_cvo, S.RUNNING, -4),
            (g_c, 4, speelboom, others[speelboom], teacher_cvo, S.FINAL, -9),
            (g_c, 5, nestje, others[nestje], teacher_cvo, S.CLOSED, -15),
        ]
        for group, index, site, site_mentor, site_teacher, status, offset in plan:
            hours = 280 if group is g_c else 220  # 8 weeks of about 28 hours
            self.internship(students[group][index], site, site_mentor, site_teacher, version, status,
                            offset_weeks=offset, hours=hours)

    def antwerpen(self):
        S = Internship.Status
        net, _ = Network.objects.get_or_create(slug="antwerpen", defaults={"name": "Uniform Antwerpen", "region": "Provincie Antwerpen"})
        version = self.catalogue(
            net, demo_content.OTHER_NETWORK_CLUSTERS, demo_content.OTHER_NETWORK_ACTIVITIES, code="bko",
            name="Begeleider in de kinderopvang (Antwerpen)",
            description="De Antwerpse set gedragsindicatoren voor stages in de kinderopvang.",
        )
        self.member(self.user("coordinator@other.demo"), net, Role.COORDINATOR)
        school = self.org(net, Organisation.Kind.SCHOOL, "Campus Scheldezicht", "Antwerpen", Organisation.SchoolType.SECONDARY)
        org = self.org(net, Organisation.Kind.CHILDCARE, "vzw Speelvogel", "Antwerpen")
        site = self.site(org, "KDV Speelvogel", Site.Kind.DAYCARE, "Berchem", "Driekoningenstraat 5, 2600 Berchem", 3)
        self.member(self.user("ruth.peeters@speelvogel.demo", "Ruth Peeters"), net, Role.CHILDCARE_ADMIN, org)
        self.member(self.user("ann.verbruggen@scheldezicht.demo", "Ann Verbruggen"), net, Role.SCHOOL_ADMIN, school)
        teacher = self.user("teacher@other.demo")
        self.member(teacher, net, Role.TEACHER, school)
        mentor = self.user("mentor@other.demo")
        self.member(mentor, net, Role.MENTOR, org, site)
        group, _ = Group.objects.get_or_create(school=school, name="7KO", school_year="2026-2027", defaults={"programme": version.programme})
        group.teachers.add(teacher)
        student_user = self.user("student@other.demo")
        self.member(student_user, net, Role.STUDENT, school)
        lucas = self.student(school, group, "Lucas", "Van Damme", user=student_user)
        other = self.student(school, group, "Sanne", "Verstraeten")
        self.internship(lucas, site, mentor, teacher, version, S.RUNNING, offset_weeks=-2)
        self.internship(other, site, mentor, teacher, version, S.PLANNED, offset_weeks=6)


def seed_demo(today: date | None = None) -> None:
    DemoSeeder(today=today).run()
