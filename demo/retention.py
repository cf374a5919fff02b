"""The retention policy in the demo region (ADR 0023): the defaults in both networks, each
network's privacy contact, one internship of Campus De Lindeboom that ended three weeks ago with
its criminal record extract and health assessment still on file (the preview shows them, due in
about ten days), and a legal hold on a Lindeboom student with a closed internship. Idempotent."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

CONTACTS = {
    "limburg": ("Katrien Vandersteen", "privacy@uniform-limburg.demo", "011 23 45 67",
                "Functionaris voor gegevensbescherming, scholengroep Limburg"),
    "antwerpen": ("Tom Verbraeken", "dpo@uniform-antwerpen.demo", "03 201 44 10",
                  "Functionaris voor gegevensbescherming, Uniform Antwerpen"),
}

HOLD_REASON = (
    "De ouders hebben op 18/11 schriftelijk bezwaar aangetekend tegen de eindbeslissing van de stage; de "
    "beroepsprocedure bij de interne beroepscommissie loopt. Niets van het stagedossier verwijderen tot de "
    "commissie beslist heeft (verwacht in februari)."
)

MARK = "retention_demo"


def seed_retention(today: date | None = None) -> None:
    from demo.documents import _attach
    from internships.models import Internship, InternshipEvent, RequiredDocument
    from retention import services
    from retention.models import LegalHold
    from retention.rules import is_sensitive
    from schools.models import Student
    from tenancy.models import Network, User

    today = today or timezone.localdate()
    for network in Network.objects.filter(slug__in=CONTACTS):
        services.defaults_set(network=network)
        if not hasattr(network, "privacy_contact"):
            name, email, phone, organisation = CONTACTS[network.slug]
            services.contact_save(network=network, name=name, email=email, phone=phone, organisation=organisation)

    admin = User.objects.filter(email="schooladmin@uniform.demo").first()
    # An internship that ended three weeks ago (closed early: the student changed course), whose
    # criminal record extract and health assessment are removed 30 days after its end.
    if not InternshipEvent.objects.filter(kind=MARK).exists():
        model = Internship.objects.filter(school__name="Campus De Lindeboom", status=Internship.Status.CLOSED).select_related(
            "site", "mentor", "teacher").order_by("end_date").first()
        # Not of 7BKO-A: tests/test_exports.py counts that group's eight internships.
        student = Student.objects.filter(school__name="Campus De Lindeboom", internships__isnull=True,
                                         is_archived=False).exclude(group__name="7BKO-A").order_by(
                                             "last_name", "first_name").first()
        if model is not None and student is not None:
            end = today - timedelta(days=21)
            end -= timedelta(days=max(0, end.weekday() - 4))  # a Friday (or earlier in the week)
            start = end - timedelta(days=end.weekday()) - timedelta(weeks=3)  # a Monday, four weeks before
            teacher = model.teacher or Internship.objects.filter(school=model.school, teacher__isnull=False).values_list(
                "teacher", flat=True).first()
            internship = Internship.objects.create(
                school=model.school, student=student, site=model.site, mentor=model.mentor,
                teacher=teacher if teacher is None or hasattr(teacher, "pk") else User.objects.get(pk=teacher),
                catalogue_version=model.catalogue_version, start_date=start, end_date=end,
                required_hours=model.required_hours, hours_done=model.required_hours // 3, status=Internship.Status.CLOSED,
            )
            InternshipEvent.objects.create(internship=internship, actor=model.teacher, kind=MARK,
                                           text="Stage vroegtijdig afgesloten: de leerling is van studierichting veranderd.")
            for document in model.documents.select_related("document_type"):
                doc = RequiredDocument.objects.create(internship=internship, document_type=document.document_type,
                                                      due_date=internship.start_date - timedelta(days=7),
                                                      status=RequiredDocument.Status.APPROVED)
                if is_sensitive(document.document_type.name):
                    slug = "uittreksel-strafregister" if "strafregister" in document.document_type.name.lower() else "gezondheidsbeoordeling"
                    _attach(doc, f"{slug}.pdf", [document.document_type.name, student.full_name],
                            admin, timezone.now() - timedelta(days=50))
                    doc.save()

    # A hold on the student of Lindeboom's first closed internship: an appeal against the decision.
    held = Internship.objects.filter(school__name="Campus De Lindeboom", status=Internship.Status.CLOSED).exclude(
        events__kind=MARK).select_related("student").order_by("end_date", "pk").first()
    if held is not None and not LegalHold.objects.filter(student=held.student).exists():
        hold = services.hold_place(by=admin, reason=HOLD_REASON, student=held.student)
        LegalHold.objects.filter(pk=hold.pk).update(placed_at=timezone.now() - timedelta(days=12))
