"""factory_boy factories for data beyond the demo region (e.g. growing a mentor's list)."""

from datetime import date, timedelta

import factory

from catalogue.models import CatalogueVersion
from childcare.models import Site
from internships.models import Internship
from schools.models import Group, Student
from tenancy.models import Membership, Network, Organisation, Role, User


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("email",)

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Faker("name", locale="nl_BE")
    password = factory.PostGenerationMethodCall("set_password", "uniform-test-pw")


class NetworkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Network

    name = factory.Sequence(lambda n: f"Netwerk {n}")
    slug = factory.Sequence(lambda n: f"netwerk-{n}")


class SchoolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    network = factory.SubFactory(NetworkFactory)
    kind = Organisation.Kind.SCHOOL
    name = factory.Sequence(lambda n: f"School {n}")
    school_type = Organisation.SchoolType.SECONDARY


class ChildcareFactory(SchoolFactory):
    kind = Organisation.Kind.CHILDCARE
    name = factory.Sequence(lambda n: f"Kinderopvang {n}")
    school_type = ""


class SiteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Site

    organisation = factory.SubFactory(ChildcareFactory)
    name = factory.Sequence(lambda n: f"Locatie {n}")
    kind = Site.Kind.DAYCARE


class GroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Group

    school = factory.SubFactory(SchoolFactory)
    name = factory.Sequence(lambda n: f"Klas {n}")


class StudentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Student

    school = factory.SubFactory(SchoolFactory)
    group = factory.LazyAttribute(lambda o: GroupFactory(school=o.school))
    first_name = factory.Faker("first_name", locale="nl_BE")
    last_name = factory.Faker("last_name", locale="nl_BE")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    network = factory.LazyAttribute(lambda o: o.organisation.network if o.organisation else NetworkFactory())
    organisation = None
    site = None
    role = Role.COORDINATOR


class InternshipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Internship

    student = factory.SubFactory(StudentFactory)
    school = factory.LazyAttribute(lambda o: o.student.school)
    site = factory.SubFactory(SiteFactory)
    catalogue_version = factory.LazyAttribute(
        lambda o: CatalogueVersion.objects.filter(programme__network=o.school.network).first()
    )
    start_date = factory.LazyFunction(lambda: date.today() - timedelta(days=14))
    end_date = factory.LazyAttribute(lambda o: o.start_date + timedelta(weeks=8))
    status = Internship.Status.RUNNING
