"""A whole region on top of the demo region, for ``make bench-region`` (issue 21, ADR 0021).

``manage.py seed_scale --scale 1`` adds to the Limburg network of the demo region what a real
region holds after a few school years: 60 schools (Campus De Lindeboom among them, grown to
about 390 internships), 600 groups, 12,000 students, 400 sites of 40 organisations, 12,000
internships, about 150,000 feedback sheets with 8 ratings each, 18,000 signed evaluations, the
hour logs, documents, visits and timeline lines that go with them. The demo logins are the ones
measured: mentor@uniform.demo gets 37 internships at KDV 't Nestje, teacher@uniform.demo and
Tom Indekeu two grown groups each.

Deterministic (one seeded ``random.Random`` makes names, dates and ids; the counts depend only
on the scale and the day it runs) and fast: bulk inserts in chunks of internships. The rows
keep the models' rules (ADR 0011): a shared sheet is inserted as a draft, gets its ratings,
then is shared with the snapshot ``sheet_content`` makes of it; an evaluation is inserted
unlocked with its ratings and remark, then signed by both with the digests of
``evaluation_content`` and locked with its snapshot, as ``evaluation_record_signed`` does, so
the database guards (triggers) let every row through and tests can recompute the digests.
"""

from __future__ import annotations

import json
import random
import uuid
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from types import SimpleNamespace
from unittest import mock

from django.db import connection, transaction
from django.utils import timezone

from catalogue.models import CatalogueVersion, Cluster
from catalogue.selectors import rating_outline
from childcare.models import Site
from demo import catalogue_content as demo_content
from demo.region import FIRST_NAMES, LAST_NAMES
from internships.models import DocumentType, HourEntry, Internship, InternshipEvent, RequiredDocument, Visit
from schools.models import Group, Student
from tenancy.models import Membership, Network, Organisation, Role, User

S = Internship.Status
#: The new schools' names start with one of these; the marker that the region is there.
SCHOOL_NAMES = ["Campus", "Sint-Jozefsinstituut", "Atheneum", "Technisch Instituut", "Sint-Vincentius", "CVO"]
CITIES = [
    "Hasselt", "Genk", "Sint-Truiden", "Tongeren", "Beringen", "Lommel", "Maasmechelen", "Bilzen", "Lanaken",
    "Heusden-Zolder", "Houthalen", "Diepenbeek", "Peer", "Bree", "Maaseik", "Dilsen-Stokkem", "Herk-de-Stad",
    "Leopoldsburg", "Hamont-Achel", "Neerpelt", "Zonhoven", "As", "Opglabbeek", "Borgloon", "Riemst", "Voeren",
]
SITE_NAMES = ["KDV De Kleine Wereld", "BKO Het Speelhuis", "KDV Pluk", "BKO De Boomhut", "KDV Ukkepuk",
              "BKO Kwiek", "KDV Het Nest", "KDV Zonneschijn", "BKO De Vlieger", "KDV Kabouterhuis"]
MARKER = "(regio)"  # in every new organisation's name: the seeder runs once
#: Statuses by internship number modulo 10: a region after a few school years.
STATUS_CYCLE = [S.CLOSED] * 6 + [S.RUNNING, S.MIDTERM, S.FINAL, S.PLANNED]
CHUNK = 400  # internships per round of inserts (bounds the memory)


class ScaleSeeder:
    def __init__(self, scale: float = 1.0, today: date | None = None, stdout=None):
        self.scale = scale
        self.today = today or timezone.localdate()
        self.rng = random.Random(21)  # noqa: S311 - reproducible test data, not secrets
        self.stdout = stdout
        self.counts: dict[str, int] = {}

    def n(self, full: int) -> int:
        return max(1, round(full * self.scale))

    def uuid(self) -> uuid.UUID:
        return uuid.UUID(int=self.rng.getrandbits(128), version=4)

    def say(self, text: str) -> None:
        if self.stdout:
            self.stdout.write(text)

    def add(self, key: str, n: int) -> None:
        self.counts[key] = self.counts.get(key, 0) + n

    # ------------------------------------------------------------------ people and places
    def users(self, rows: list[tuple[str, str]]) -> list[User]:
        users = [User(email=email, full_name=name, password="!", is_active=True) for email, name in rows]  # noqa: S106 - unusable
        User.objects.bulk_create(users, batch_size=1000)
        by_email = {u.email: u for u in User.objects.filter(email__in=[e for e, _ in rows])}
        self.add("users", len(rows))
        return [by_email[e] for e, _ in rows]

    def person(self) -> tuple[str, str]:
        return self.rng.choice(FIRST_NAMES), self.rng.choice(LAST_NAMES)

    @transaction.atomic
    def run(self) -> dict[str, int]:
        net = Network.objects.get(slug="limburg")
        if Organisation.objects.filter(network=net, name__contains=MARKER).exists():
            self.say("The region is there already; nothing to do.")
            return {}
        self.version = CatalogueVersion.objects.select_related("programme").get(
            programme__network=net, programme__code="bko", label=demo_content.VERSION_LABEL)
        self.outline = rating_outline(self.version.pk)
        self.clusters, self.levels = self.outline
        self.indicators = [i for c in self.clusters for i in c.indicators.all()]
        self.first_cluster = min(self.clusters, key=lambda c: c.order)
        self.doc_types = list(DocumentType.objects.filter(network=net).order_by("order"))
        self.net = net
        lindeboom = Organisation.objects.get(network=net, name="Campus De Lindeboom")
        nestje = Site.objects.select_related("organisation").get(name="KDV 't Nestje")
        demo_mentor = User.objects.get(email="mentor@uniform.demo")
        demo_teachers = [User.objects.get(email="teacher@uniform.demo"), User.objects.get(email="tom.indekeu@lindeboom.demo")]

        # Childcare: 40 organisations of 10 sites, each site with a mentor, each organisation
        # with an admin and a coach for its sites.
        n_orgs, n_sites = self.n(40), self.n(400)
        orgs = [Organisation(network=net, kind=Organisation.Kind.CHILDCARE, name=f"vzw Kinderopvang {CITIES[k % len(CITIES)]} {k + 1} {MARKER}",
                             city=CITIES[k % len(CITIES)]) for k in range(n_orgs)]
        Organisation.objects.bulk_create(orgs)
        orgs = list(Organisation.objects.filter(network=net, kind=Organisation.Kind.CHILDCARE, name__contains=MARKER).order_by("pk"))
        sites = [Site(organisation=orgs[k % n_orgs], name=f"{SITE_NAMES[k % len(SITE_NAMES)]} {k + 1}",
                      kind=Site.Kind.OUT_OF_SCHOOL if "BKO" in SITE_NAMES[k % len(SITE_NAMES)] else Site.Kind.DAYCARE,
                      city=CITIES[k % len(CITIES)], address=f"Dorpsstraat {k + 1}", capacity=3 + k % 4,
                      coach_review=k % 7 == 0) for k in range(n_sites)]
        Site.objects.bulk_create(sites)
        sites = list(Site.objects.filter(organisation__in=orgs).select_related("organisation").order_by("pk"))
        mentors = self.users([(f"mentor{k + 1}@regio.demo", " ".join(self.person())) for k in range(n_sites)])
        admins = self.users([(f"opvang{k + 1}@regio.demo", " ".join(self.person())) for k in range(n_orgs)])
        coaches = self.users([(f"coach{k + 1}@regio.demo", " ".join(self.person())) for k in range(n_orgs)])
        members = [Membership(user=m, network=net, organisation=s.organisation, site=s, role=Role.MENTOR) for m, s in zip(mentors, sites, strict=True)]
        members += [Membership(user=a, network=net, organisation=o, role=Role.CHILDCARE_ADMIN) for a, o in zip(admins, orgs, strict=True)]
        by_org: dict[int, list[Site]] = {}
        for site in sites:
            by_org.setdefault(site.organisation_id, []).append(site)
        members += [Membership(user=c, network=net, organisation=o, site=s, role=Role.COACH)
                    for c, o in zip(coaches, orgs, strict=True) for s in by_org.get(o.pk, [])]
        site_mentor = {s.pk: m for s, m in zip(sites, mentors, strict=True)}

        # Schools: 59 new ones of 10 groups of 20 students; Campus De Lindeboom grows by 19 groups.
        n_schools = self.n(59)
        schools = [Organisation(network=net, kind=Organisation.Kind.SCHOOL, school_type=Organisation.SchoolType.SECONDARY,
                                name=f"{SCHOOL_NAMES[k % len(SCHOOL_NAMES)]} {CITIES[k % len(CITIES)]} {k + 1} {MARKER}",
                                city=CITIES[k % len(CITIES)]) for k in range(n_schools)]
        Organisation.objects.bulk_create(schools)
        schools = list(Organisation.objects.filter(network=net, kind=Organisation.Kind.SCHOOL, name__contains=MARKER).order_by("pk"))
        school_admins = self.users([(f"school{k + 1}@regio.demo", " ".join(self.person())) for k in range(n_schools)])
        teachers = self.users([(f"leerkracht{k + 1}@regio.demo", " ".join(self.person())) for k in range(2 * n_schools + self.n(19))])
        members += [Membership(user=a, network=net, organisation=o, role=Role.SCHOOL_ADMIN) for a, o in zip(school_admins, schools, strict=True)]
        members += [Membership(user=t, network=net, organisation=schools[k // 2], role=Role.TEACHER) for k, t in enumerate(teachers[:2 * n_schools])]
        members += [Membership(user=t, network=net, organisation=lindeboom, role=Role.TEACHER) for t in teachers[2 * n_schools:]]
        Membership.objects.bulk_create(members, batch_size=1000)
        self.add("memberships", len(members))

        groups, group_teacher = [], {}
        per_school = 10 if self.scale >= 0.1 else max(1, round(100 * self.scale))  # a tiny region for the tests
        for k, school in enumerate(schools):
            for g in range(per_school):
                groups.append(Group(school=school, name=f"{5 + g % 3}BKO-{chr(65 + g)}", programme=self.version.programme))
                group_teacher[(school.pk, groups[-1].name)] = teachers[2 * k + g % 2]
        lindeboom_teachers = demo_teachers + teachers[2 * n_schools:]
        for g in range(self.n(19)):
            groups.append(Group(school=lindeboom, name=f"{5 + g % 3}BKO-R{g + 1}", programme=self.version.programme))
            # teacher@uniform.demo and Tom Indekeu take two grown groups each, the new teachers one.
            group_teacher[(lindeboom.pk, groups[-1].name)] = lindeboom_teachers[g // 2 if g < 4 else min(g - 2, len(lindeboom_teachers) - 1)]
        Group.objects.bulk_create(groups, batch_size=1000)
        groups = list(Group.objects.filter(school__in=[*schools, lindeboom], name__in={name for _, name in group_teacher})
                      .select_related("school", "school__network").order_by("pk"))
        groups = [g for g in groups if (g.school_id, g.name) in group_teacher]
        Through = Group.teachers.through
        Through.objects.bulk_create([Through(group_id=g.pk, user_id=group_teacher[(g.school_id, g.name)].pk) for g in groups])
        self.add("groups", len(groups))

        students_per_group = 20 if self.scale >= 0.05 else max(3, round(400 * self.scale))  # tiny: the tests
        students = []
        for group in groups:
            for _ in range(students_per_group):
                first, last = self.person()
                students.append(Student(id=self.uuid(), school=group.school, group=group, first_name=first, last_name=last,
                                        date_of_birth=date(2007 + self.rng.randint(0, 2), self.rng.randint(1, 12), self.rng.randint(1, 28))))
        Student.objects.bulk_create(students, batch_size=2000)
        self.add("students", len(students))

        # One internship per student; mentor@uniform.demo takes 32 of them at 't Nestje (37 with the demo's).
        mentor_quota = self.n(32)
        plan = []
        for k, student in enumerate(students):
            if mentor_quota and student.school_id == lindeboom.pk and k % 7 == 0:
                site, mentor = nestje, demo_mentor
                mentor_quota -= 1
            else:
                site = sites[self.rng.randrange(len(sites))]
                mentor = site_mentor[site.pk]
            teacher = group_teacher[(student.school_id, student.group.name)]
            plan.append((student, site, mentor, teacher, STATUS_CYCLE[k % 10]))
        self.say(f"{len(plan)} internships to seed …")
        with mock.patch("evaluations.evaluation.selectors.rating_outline", lambda version_id: self.outline):
            for start in range(0, len(plan), CHUNK):
                self.internships(plan[start:start + CHUNK])
                self.say(f"  {min(start + CHUNK, len(plan))} / {len(plan)}")
        return self.counts

    # ------------------------------------------------------------------ internships and their history
    def dates(self, status) -> tuple[date, date]:
        weeks = 10
        offset = {
            S.CLOSED: -self.rng.randint(12, 80), S.RUNNING: -self.rng.randint(1, 4), S.MIDTERM: -self.rng.randint(5, 7),
            S.FINAL: -9, S.PLANNED: self.rng.randint(1, 12),
        }[status]
        start = self.today + timedelta(weeks=offset)
        start -= timedelta(days=start.weekday())
        return start, start + timedelta(weeks=weeks) - timedelta(days=3)

    def insert(self, model, rows: list[dict]) -> None:
        """INSERT ``rows`` (attname → value) into ``model``'s table in pages, the columns not
        given filled with the field's default (as bulk_create would, without a model instance
        per row: 1.2 M ratings)."""
        if not rows:
            return
        fields = [f for f in model._meta.concrete_fields if not (f.primary_key and f.attname not in rows[0])]
        now = timezone.now()
        defaults = {}
        for f in fields:
            if f.attname in rows[0]:
                continue
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                defaults[f.attname] = now
            else:
                defaults[f.attname] = f.get_default()  # "" for a blank text column, None when nullable
        ops = connection.ops

        def adapt(v):
            if isinstance(v, datetime):
                return ops.adapt_datetimefield_value(v)
            if isinstance(v, date):
                return ops.adapt_datefield_value(v)
            if isinstance(v, Decimal):
                return str(v)
            if isinstance(v, uuid.UUID):
                return v.hex
            if isinstance(v, dict | list):
                return json.dumps(v, ensure_ascii=False)
            return v

        columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
        data = [tuple(adapt(row[f.attname] if f.attname in row else defaults[f.attname]) for f in fields) for row in rows]
        table = connection.ops.quote_name(model._meta.db_table)
        with connection.cursor() as cur:
            if connection.vendor == "postgresql":  # COPY: the fastest way in (psycopg 3)
                with cur.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:  # noqa: S608 - names from the models
                    for values in data:
                        copy.write_row(values)
            else:
                marks = ", ".join(["%s"] * len(fields))
                cur.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", data)  # noqa: S608 - names from the models

    def update(self, model, columns: list[str], rows: list[tuple]) -> None:
        """UPDATE ``columns`` of ``model`` by primary key: rows are (pk, value, …), JSON as text."""
        if not rows:
            return
        table = connection.ops.quote_name(model._meta.db_table)
        types = {f.column: f.db_type(connection) for f in model._meta.concrete_fields}
        with connection.cursor() as cur:
            if connection.vendor == "postgresql":
                names = ", ".join(["id", *columns])
                sets = ", ".join(f"{c} = v.{c}::{types[c]}" for c in columns)
                row = "(" + ", ".join(["%s::text"] * (len(columns) + 1)) + ")"
                for start in range(0, len(rows), 500):
                    page = rows[start:start + 500]
                    cur.execute(f"UPDATE {table} AS t SET {sets} FROM (VALUES {', '.join([row] * len(page))}) AS v({names}) "  # noqa: S608 - names from the models
                                "WHERE t.id = v.id::uuid", [str(v) if v is not None else None for r in page for v in r])
            else:
                sets = ", ".join(f"{c} = %s" for c in columns)
                cur.executemany(f"UPDATE {table} SET {sets} WHERE id = %s", [(*r[1:], r[0]) for r in rows])  # noqa: S608 - names from the models

    def internships(self, plan) -> None:
        from evaluations.evaluation.selectors import content_digest, evaluation_content, evaluation_snapshot
        from evaluations.feedback.selectors import sheet_content
        from evaluations.models import (
            Evaluation,
            EvaluationClusterRemark,
            EvaluationRating,
            FeedbackRating,
            FeedbackSheet,
        )

        internships, docs, events, hours, visits = [], [], [], [], []
        sheets, ratings, evaluations, e_ratings, remarks = [], [], [], [], []
        phrases = demo_content.FEEDBACK_PHRASES
        now = timezone.now()
        for student, site, mentor, teacher, status in plan:
            start, end = self.dates(status)
            internship = Internship(id=self.uuid(), school=student.school, student=student, site=site, mentor=mentor, teacher=teacher,
                                    catalogue_version=self.version, start_date=start, end_date=end, required_hours=220, status=status)
            internships.append(internship)
            started = status != S.PLANNED
            events.append({"internship_id": internship.pk, "actor_id": None, "kind": "created", "text": f"Stage gepland in {site.name}."})
            for n, doc_type in enumerate(self.doc_types):
                done = started or n % 2 == 0
                docs.append({"internship_id": internship.pk, "document_type_id": doc_type.pk, "due_date": start - timedelta(days=doc_type.days_before_start),
                             "status": RequiredDocument.Status.APPROVED if done else RequiredDocument.Status.MISSING,
                             "changed_by_id": teacher.pk if done else None, "changed_at": now if done else None})
            if not started:
                continue
            events.append({"internship_id": internship.pk, "actor_id": teacher.pk, "kind": "status", "text": "Status: lopend"})
            visits.append(Visit(internship=internship, date=start + timedelta(days=9), time=time(10, 0), status=Visit.Status.DONE,
                                with_whom=str(mentor), notes="Goede start.", created_by=teacher))
            if status in (S.RUNNING, S.MIDTERM):
                visits.append(Visit(internship=internship, date=self.today + timedelta(days=3 + self.rng.randint(0, 10)), time=time(13, 30),
                                    status=Visit.Status.PLANNED, with_whom=str(mentor), created_by=teacher))
            day, last, entries = start, min(self.today - timedelta(days=1), end), []
            while day <= last:
                if day.weekday() < 4:
                    h = Decimal("4.5") if day.weekday() == 2 else Decimal("8")
                    entries.append({"internship_id": internship.pk, "date": day, "hours": h, "status": HourEntry.Status.CONFIRMED,
                                    "logged_by_id": mentor.pk, "confirmed_by_id": mentor.pk, "confirmed_at": now})
                day += timedelta(days=1)
            if status == S.RUNNING:
                for entry in entries[-2:]:
                    entry.update(status=HourEntry.Status.PROPOSED, confirmed_by_id=None, confirmed_at=None)
            internship.hours_done = sum((e["hours"] for e in entries if e["status"] == HourEntry.Status.CONFIRMED), Decimal(0))
            hours += entries
            # Feedback: a sheet every fourth day so far (the last one of a running internship a draft).
            days = []
            day = start + timedelta(days=2)
            while day <= min(self.today - timedelta(days=2), end):
                days.append(day)
                day += timedelta(days=4)
            for w, day in enumerate(days):
                last_one = w == len(days) - 1 and status == S.RUNNING
                sheet = FeedbackSheet(id=self.uuid(), internship=internship, author=mentor, date=day, status=FeedbackSheet.Status.DRAFT,
                                      updated_by=mentor, strengths=phrases["strengths"][(w * 3) % len(phrases["strengths"])],
                                      work_points=phrases["work_points"][(w * 5 + 1) % len(phrases["work_points"])],
                                      agreements=phrases["agreements"][(w * 2) % len(phrases["agreements"])],
                                      submitted_at=None if last_one else now, shared_at=None if last_one else now)
                sheet.share = not last_one  # type: ignore[attr-defined]
                chosen = list(dict.fromkeys(self.indicators[(w * 7 + k * 5) % len(self.indicators)] for k in range(8)))
                rows = []
                for k, ind in enumerate(chosen):
                    level = self.levels[min(len(self.levels) - 1, 1 + (w + k) // 6)]
                    rows.append(SimpleNamespace(indicator_id=ind.pk, level_id=level.pk, level=level, remark="Mooi gezien bij het onthaal." if k == 0 else ""))
                    ratings.append({"sheet_id": sheet.pk, "indicator_id": ind.pk, "level_id": level.pk, "remark": rows[-1].remark})
                sheet._prefetched_objects_cache = {"ratings": rows}
                sheets.append(sheet)
            kinds = {S.MIDTERM: ["midterm"], S.FINAL: ["midterm", "final"], S.CLOSED: ["midterm", "final"]}.get(status, [])
            for n, kind in enumerate(kinds):
                evaluation = Evaluation(id=self.uuid(), internship=internship, kind=kind, updated_by=teacher, decision=Evaluation.Decision.SUFFICIENT,
                                        mentor_advice="Een gemotiveerde stagiair die vlot groeit." if kind == "midterm" else "Klaar om zelfstandig te starten.",
                                        school_assessment="Op schema." if kind == "midterm" else "Stage geslaagd.",
                                        conversation_date=start + timedelta(days=28 + 28 * n), conversation_present=f"{mentor}, {teacher}, stagiair")
                rows = [SimpleNamespace(indicator_id=ind.pk, level_id=self.levels[min(len(self.levels) - 1, 2 + n - (k % 17 == 0))].pk,
                                        student_level_id=self.levels[min(len(self.levels) - 1, 1 + n + (k % 2))].pk)
                        for k, ind in enumerate(self.indicators)]
                e_ratings += [{"evaluation_id": evaluation.pk, "indicator_id": r.indicator_id, "level_id": r.level_id,
                               "student_level_id": r.student_level_id} for r in rows]
                remark = EvaluationClusterRemark(evaluation=evaluation, cluster=self.first_cluster, remark="Stipt en betrouwbaar.")
                evaluation._prefetched_objects_cache = {"ratings": rows, "cluster_remarks": [remark]}
                evaluation.signed_at = min(now, timezone.make_aware(datetime.combine(start + timedelta(days=30 + 28 * n), time(16, 0))))  # type: ignore[attr-defined]
                evaluations.append(evaluation)
                remarks.append(remark)

        Internship.objects.bulk_create(internships, batch_size=1000)
        self.insert(RequiredDocument, docs)
        self.insert(InternshipEvent, events)
        Visit.objects.bulk_create(visits, batch_size=2000)
        self.insert(HourEntry, hours)
        FeedbackSheet.objects.bulk_create(sheets, batch_size=1000)
        self.insert(FeedbackRating, ratings)
        # Shared as sheet_submit shares: the snapshot is what the sheet shows (ADR 0011).
        shared = []
        for sheet in sheets:
            if sheet.share:  # type: ignore[attr-defined]
                sheet.status = FeedbackSheet.Status.SHARED
                shared.append((sheet.pk.hex, "shared", json.dumps(sheet_content(sheet, self.outline), ensure_ascii=False)))
        self.update(FeedbackSheet, ["status", "snapshot"], shared)
        Evaluation.objects.bulk_create(evaluations, batch_size=1000)
        self.insert(EvaluationRating, e_ratings)
        EvaluationClusterRemark.objects.bulk_create(remarks, batch_size=2000)
        # Signed by both over the content (digests), locked with the snapshot: evaluation_record_signed.
        signed = []
        ops = connection.ops
        for evaluation in evaluations:
            content = evaluation_content(evaluation)
            at = evaluation.signed_at  # type: ignore[attr-defined]
            mentor, teacher = evaluation.internship.mentor, evaluation.internship.teacher
            for role, who in (("mentor", mentor), ("teacher", teacher)):
                setattr(evaluation, f"{role}_signed_by", who)
                setattr(evaluation, f"{role}_signed_at", at)
                setattr(evaluation, f"{role}_signed_digest", content_digest(content, role))
            snapshot = evaluation_snapshot(evaluation, content)
            moment = ops.adapt_datetimefield_value(at)
            signed.append((evaluation.pk.hex, mentor.pk, moment, evaluation.mentor_signed_digest, teacher.pk, moment,
                           evaluation.teacher_signed_digest, moment, json.dumps(snapshot, ensure_ascii=False)))
        self.update(Evaluation, ["mentor_signed_by_id", "mentor_signed_at", "mentor_signed_digest", "teacher_signed_by_id",
                                 "teacher_signed_at", "teacher_signed_digest", "locked_at", "snapshot"], signed)
        for key, n in (("internships", len(internships)), ("documents", len(docs)), ("events", len(events)), ("visits", len(visits)),
                       ("hour_entries", len(hours)), ("feedback_sheets", len(sheets)), ("feedback_ratings", len(ratings)),
                       ("evaluations", len(evaluations)), ("evaluation_ratings", len(e_ratings))):
            self.add(key, n)


def seed_scale(scale: float = 1.0, today: date | None = None, stdout=None) -> dict[str, int]:
    return ScaleSeeder(scale=scale, today=today, stdout=stdout).run()


__all__ = ["Cluster", "seed_scale", "ScaleSeeder"]
