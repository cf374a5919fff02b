"""Demo of a student's data handed over and erased, and of a mentor who left (ADR 0024).

* Emma Aerts (student@uniform.demo) asked for her data: one finished export ZIP, built by the
  real worker code (PDFs, data.json, uploaded files). Not in the test suite's seed: the export
  tests count every job there is (tests/test_privacy.py builds Emma's ZIP itself).
* Two former students of CVO Maasland (school year 2025-2026, archived), each with a closed
  internship at KDV Zonnebloem mentored by Nele Wuyts: one of them was erased by the school's
  admin (she shows as "Anonieme leerling", her ratings still count in the calibration figures),
  the other kept. (CVO Maasland, not Campus De Lindeboom: the demo logins' groups and counts,
  which other tests pin, stay as they were.)
* Nele Wuyts left vzw Kindernest and was anonymised: her sheets are signed "voormalig mentor
  van KDV Zonnebloem".

Idempotent: each step is skipped when the erasure log (or the export) shows it happened.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.utils import translation

FORMER_GROUP = ("BKO avond 2025", "2025-2026")
ERASED = ("Fleur", "Vanderstraeten")
KEPT = ("Ruben", "Craeghs")
LEFT_MENTOR = ("nele.wuyts@kindernest.demo", "Nele Wuyts")


def seed_privacy(today: date | None = None) -> None:
    from demo.region import DemoSeeder
    from exports.models import ExportJob
    from internships.models import Internship
    from privacy import services
    from privacy.models import ErasureRecord
    from schools.models import Group, Student
    from tenancy.models import Membership, Organisation, Role, User

    seeder = DemoSeeder(today=today)
    school = Organisation.objects.filter(name="CVO Maasland").first()
    kindernest = Organisation.objects.filter(name="vzw Kindernest").first()
    if school is None or kindernest is None:
        return
    admin = User.objects.get(email="peter.hendrickx@cvomaasland.demo")
    childcare_admin = User.objects.get(email="childcare@uniform.demo")
    network = school.network
    zonnebloem = kindernest.sites.get(name="KDV Zonnebloem")
    teacher = User.objects.get(email="ilse.vrancken@cvomaasland.demo")

    with translation.override("nl"):
        # The former students and the mentor who left, with closed internships of last year.
        done_before = ErasureRecord.objects.filter(organisation=kindernest, kind=ErasureRecord.Kind.PERSON).exists()
        if not done_before:
            mentor = seeder.user(*LEFT_MENTOR)
            seeder.member(mentor, network, Role.MENTOR, kindernest, zonnebloem)
            first = Internship.objects.filter(school=school).order_by("start_date").first()
            version = first.catalogue_version
            group, _ = Group.objects.get_or_create(
                school=school, name=FORMER_GROUP[0], school_year=FORMER_GROUP[1], defaults={"programme": version.programme},
            )
            doc_types = seeder.document_types(network)
            erased_done = ErasureRecord.objects.filter(organisation=school, kind=ErasureRecord.Kind.STUDENT).exists()
            for names, offset in ((KEPT, -44), *(() if erased_done else ((ERASED, -40),))):
                student = seeder.student(school, group, *names, birth_year=2007)
                internship = seeder.internship(student, zonnebloem, mentor, teacher, version, Internship.Status.CLOSED,
                                               offset_weeks=offset)
                seeder.details(internship, doc_types, teacher=teacher, mentor=mentor)
                Student.objects.filter(pk=student.pk).update(is_archived=True)
            if not erased_done:
                fleur = Student.objects.get(school=school, first_name=ERASED[0], last_name=ERASED[1])
                services.erase_student(by=admin, student=fleur, typed_name=fleur.full_name)
            membership = Membership.objects.get(user=mentor, role=Role.MENTOR, site=zonnebloem)
            services.anonymise_person(by=childcare_admin, membership=membership, typed_name=mentor.full_name)

        # Emma's own data export, finished.
        emma = Student.objects.filter(user__email="student@uniform.demo").first()
        if not settings.TESTING and emma is not None and not ExportJob.objects.filter(kind=ExportJob.Kind.STUDENT_DATA, student=emma).exists():
            from exports.services import build_export

            job = services.request_data_export(user=emma.user, student=emma, language="nl")
            build_export(str(job.pk), job.attempts)
