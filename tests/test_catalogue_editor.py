"""The coordinator edits the catalogue in versions: drafts, outline editing, conflicts,
validation, diff, publish, immutability, export/import and history."""

import io
import json

import pytest
from django.db import connection, transaction
from django.db.utils import DatabaseError
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from catalogue import io as catalogue_io
from catalogue import selectors, services
from catalogue.models import CatalogueVersion, Cluster, Indicator, PublishedVersionError, RatingLevel
from internships.models import Internship


@pytest.fixture
def published(db, demo):
    return CatalogueVersion.objects.get(programme__network__slug="limburg", status="published")


@pytest.fixture
def coordinator(demo):
    return demo.client_for("coordinator@uniform.demo")


def _new_draft(coordinator, published, label="2027-2028"):
    response = coordinator.post(
        reverse("catalogue:version_new", args=[published.programme_id]), {"label": label, "based_on": published.pk}
    )
    assert response.status_code == 302
    return CatalogueVersion.objects.get(programme=published.programme, label=label)


def test_acceptance_journey_copy_edit_diff_publish(coordinator, published):
    pinned_before = set(Internship.objects.filter(catalogue_version=published).values_list("pk", flat=True))
    draft = _new_draft(coordinator, published)
    assert draft.status == "draft" and draft.based_on == published
    assert draft.indicators.count() == published.indicators.count() == 50

    # Add a cluster with three indicators.
    coordinator.post(reverse("catalogue:cluster_add", args=[draft.pk]), {"title": "Digitale vaardigheden"})
    cluster = draft.clusters.get(title="Digitale vaardigheden")
    for text in ["Gebruikt het digitale dagboek correct.", "Respecteert de privacy bij foto's.", "Zoekt info op betrouwbare sites."]:
        response = coordinator.post(reverse("catalogue:indicator_add", args=[cluster.pk]), {"text": text})
        assert response.status_code == 302
    assert [i.code for i in cluster.indicators.all()] == [f"{cluster.code}.1", f"{cluster.code}.2", f"{cluster.code}.3"]

    # Reorder two indicators (keyboard way: move the second one up).
    first, second = list(draft.clusters.order_by("order").first().indicators.all())[:2]
    coordinator.post(reverse("catalogue:move", args=["indicator", second.pk]), {"direction": "up"})
    reordered = list(draft.clusters.order_by("order").first().indicators.all())
    assert reordered[0] == second and reordered[1] == first

    # Change a scale label.
    level = RatingLevel.objects.get(scale__version=draft, value=2)
    response = coordinator.post(
        reverse("catalogue:level", args=[level.pk]),
        {"revision": level.revision, "label": "Groeiend", "description": level.description, "is_sufficient": ""},
    )
    assert response.status_code == 302

    # The diff shows it all.
    html = coordinator.get(reverse("catalogue:diff", args=[draft.pk])).content.decode()
    assert "Digitale vaardigheden" in html and "Respecteert de privacy bij foto&#x27;s." in html
    assert "Groeiend" in html
    diff = selectors.version_diff(draft)
    assert len(diff.clusters.added) == 1 and len(diff.indicators.added) == 3
    assert {i.pk for i, _from in diff.indicators.moved} == {first.pk, second.pk}
    assert diff.levels.changed[0][1] == [("label", "In ontwikkeling", "Groeiend")]
    assert not diff.indicators.removed and not diff.indicators.changed

    # Publish: the new version is current for new internships; old ones keep theirs.
    response = coordinator.post(reverse("catalogue:publish", args=[draft.pk]))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == "published"
    assert services.current_version(published.programme) == draft
    published.refresh_from_db()
    assert published.status == "published"  # still valid for internships pinned to it
    assert set(Internship.objects.filter(catalogue_version=published).values_list("pk", flat=True)) == pinned_before
    index = coordinator.get(reverse("catalogue:index")).content.decode()
    assert index.count("current for new internships") + index.count("huidige versie voor nieuwe stages") == 1


def test_published_version_cannot_change_anywhere(coordinator, published):
    indicator = published.indicators.first()
    # The page offers a new draft instead of editing.
    response = coordinator.get(reverse("catalogue:edit", args=[published.pk]))
    assert response.status_code == 302 and response["Location"] == reverse("catalogue:version", args=[published.pk])
    # The service refuses.
    with pytest.raises(Exception) as excinfo:
        services.indicator_update(indicator=indicator, revision=None, code=indicator.code, text="Anders", guidance="")
    assert "published" in str(excinfo.value).lower() or "gepubliceerd" in str(excinfo.value).lower()
    # save() refuses.
    indicator.text = "Stiekem anders"
    with pytest.raises(PublishedVersionError):
        indicator.save()
    with pytest.raises(PublishedVersionError):
        Cluster(version=published, code="99", title="Extra").save()
    published.label = "anders"
    with pytest.raises(PublishedVersionError):
        published.save()
    # A POST by hand changes nothing.
    coordinator.post(reverse("catalogue:indicator", args=[indicator.pk]), {"code": "X", "text": "Via POST", "guidance": ""})
    indicator.refresh_from_db()
    assert indicator.text != "Via POST" and indicator.code != "X"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger exists on PostgreSQL only")
def test_postgresql_trigger_refuses_bulk_updates_of_published_versions(published):
    with pytest.raises(DatabaseError), transaction.atomic():
        Indicator.objects.filter(version=published).update(text="bulk")
    with pytest.raises(DatabaseError), transaction.atomic():
        RatingLevel.objects.filter(scale__version=published).update(label="bulk")
    with pytest.raises(DatabaseError), transaction.atomic():
        CatalogueVersion.objects.filter(pk=published.pk).update(label="bulk")
    with pytest.raises(DatabaseError), transaction.atomic():
        CatalogueVersion.objects.filter(pk=published.pk).update(status="draft")
    # Retiring (status only) stays possible.
    CatalogueVersion.objects.filter(pk=published.pk).update(status="retired")


def test_two_coordinators_never_overwrite_each_other(coordinator, published, demo):
    draft = _new_draft(coordinator, published)
    indicator = draft.indicators.order_by("pk").first()
    url = reverse("catalogue:indicator", args=[indicator.pk])
    start = indicator.revision
    first = coordinator.post(url, {"revision": start, "code": indicator.code, "text": "Tekst van coördinator A", "guidance": ""})
    assert first.status_code == 302
    second = coordinator.post(url, {"revision": start, "code": indicator.code, "text": "Tekst van coördinator B", "guidance": ""})
    assert second.status_code == 409
    html = second.content.decode()
    assert "Tekst van coördinator A" in html and "Tekst van coördinator B" in html  # both texts shown
    indicator.refresh_from_db()
    assert indicator.text == "Tekst van coördinator A"
    # Saving again on purpose (with the revision the conflict page gave) replaces it.
    third = coordinator.post(url, {"revision": indicator.revision, "code": indicator.code, "text": "Tekst van coördinator B", "guidance": ""})
    assert third.status_code == 302
    indicator.refresh_from_db()
    assert indicator.text == "Tekst van coördinator B"


def test_htmx_autosave_returns_the_item_with_saved_flag(coordinator, published):
    draft = _new_draft(coordinator, published)
    indicator = draft.indicators.order_by("pk").first()
    response = coordinator.post(
        reverse("catalogue:indicator", args=[indicator.pk]),
        {"revision": indicator.revision, "code": indicator.code, "text": "Autosaved", "guidance": ""},
        HTTP_HX_REQUEST="true", follow=True,
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert f'id="indicator-{indicator.pk}"' in html and "Autosaved" in html
    assert "saved-flag" in html


@pytest.mark.parametrize(
    "data, message",
    [
        ({"code": "1.2", "text": "Iets"}, "1.2"),  # code used by another indicator
        ({"code": "1.1", "text": "   "}, ""),  # empty text
    ],
)
def test_indicator_validation_keeps_what_was_typed(coordinator, published, data, message):
    draft = _new_draft(coordinator, published)
    indicator = draft.indicators.get(code="1.1")
    response = coordinator.post(
        reverse("catalogue:indicator", args=[indicator.pk]), {"revision": indicator.revision, "guidance": "mijn toelichting", **data}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "mijn toelichting" in html and "alert-danger" in html and message in html
    indicator.refresh_from_db()
    assert indicator.text.startswith("Komt op tijd")


def test_scale_has_two_to_seven_levels_and_publish_reports_problems(coordinator, published):
    draft = _new_draft(coordinator, published)
    for n in range(3):
        coordinator.post(reverse("catalogue:level_add", args=[draft.pk]), {"label": f"Extra {n}"})
    assert RatingLevel.objects.filter(scale__version=draft).count() == 7
    response = coordinator.post(reverse("catalogue:level_add", args=[draft.pk]), {"label": "Achtste"})
    assert response.status_code == 400 and "7" in response.content.decode()
    for level in RatingLevel.objects.filter(scale__version=draft).order_by("-value")[:6]:
        coordinator.post(reverse("catalogue:level_delete", args=[level.pk]))
    assert list(RatingLevel.objects.filter(scale__version=draft).values_list("value", flat=True)) == [1]
    Indicator.objects.filter(version=draft).delete()
    response = coordinator.post(reverse("catalogue:publish", args=[draft.pk]), follow=True)
    html = response.content.decode()
    draft.refresh_from_db()
    assert draft.status == "draft"
    assert "(now 1)" in html or "(nu 1)" in html
    assert services.publication_problems(draft)


def test_empty_draft_and_programme_management(coordinator, published):
    response = coordinator.post(reverse("catalogue:programme_new"), {"name": "Kinderbegeleider volwassenenonderwijs", "code": "kbvo"})
    assert response.status_code == 302
    programme = published.programme.network.programmes.get(code="kbvo")
    response = coordinator.post(reverse("catalogue:version_new", args=[programme.pk]), {"label": "2026-2027", "based_on": ""})
    draft = programme.versions.get()
    assert draft.indicators.count() == 0 and response["Location"] == reverse("catalogue:edit", args=[draft.pk])
    assert len(services.publication_problems(draft)) == 3  # no cluster, no indicator, no scale
    coordinator.post(reverse("catalogue:programme_edit", args=[programme.pk]), {"name": "Begeleider kinderopvang (cursisten)", "description": ""})
    programme.refresh_from_db()
    assert programme.name == "Begeleider kinderopvang (cursisten)"
    # A duplicate label is a form error, not a crash.
    response = coordinator.post(reverse("catalogue:version_new", args=[programme.pk]), {"label": "2026-2027", "based_on": ""})
    assert response.status_code == 200 and "2026-2027" in response.content.decode()


def test_a_foreign_indicator_cannot_be_linked_to_an_activity(coordinator, published):
    draft = _new_draft(coordinator, published)
    activity = draft.activities.first()
    before = set(activity.indicators.values_list("pk", flat=True))
    response = coordinator.post(
        reverse("catalogue:activity", args=[activity.pk]),
        {"revision": activity.revision, "title": activity.title, "description": "", "indicator_codes": "1.1, 99.9"},
    )
    assert response.status_code == 400
    assert "99.9" in response.content.decode() and 'value="1.1, 99.9"' in response.content.decode()
    assert set(activity.indicators.values_list("pk", flat=True)) == before
    response = coordinator.post(
        reverse("catalogue:activity", args=[activity.pk]),
        {"revision": activity.revision, "title": activity.title, "description": "", "indicator_codes": "2.1; 1.1"},
    )
    assert response.status_code == 302
    assert sorted(activity.indicators.values_list("code", flat=True)) == ["1.1", "2.1"]


def test_drag_and_drop_reorder_endpoint(coordinator, published):
    draft = _new_draft(coordinator, published)
    ids = list(draft.clusters.order_by("order").values_list("pk", flat=True))
    response = coordinator.post(
        reverse("catalogue:reorder", args=[draft.pk]), {"kind": "clusters", "ids": list(reversed(ids))},
        HTTP_X_REQUESTED_WITH="fetch",
    )
    assert response.status_code == 204
    assert list(draft.clusters.order_by("order").values_list("pk", flat=True)) == list(reversed(ids))
    # A list that does not match (missing or foreign ids) is refused.
    response = coordinator.post(
        reverse("catalogue:reorder", args=[draft.pk]), {"kind": "clusters", "ids": ids[:-1]}, HTTP_X_REQUESTED_WITH="fetch"
    )
    assert response.status_code == 400


def test_json_export_reimports_as_an_equal_draft(coordinator, published):
    raw = coordinator.get(reverse("catalogue:export", args=[published.pk, "json"])).content
    upload = io.BytesIO(raw)
    upload.name = "catalogus.json"
    response = coordinator.post(reverse("catalogue:import", args=[published.programme_id]), {"label": "kopie", "file": upload})
    assert response.status_code == 302
    copy = CatalogueVersion.objects.get(programme=published.programme, label="kopie")
    original, imported = catalogue_io.export_data(published), catalogue_io.export_data(copy)
    for data in (original, imported):
        data.pop("version")
    assert imported == original
    assert copy.teacher_profile == published.teacher_profile


def test_xlsx_with_a_missing_text_is_rejected_with_its_row(coordinator, published):
    from openpyxl import Workbook, load_workbook

    raw = coordinator.get(reverse("catalogue:export", args=[published.pk, "xlsx"])).content
    wb = load_workbook(io.BytesIO(raw))
    ws = wb.active
    assert ws.cell(row=1, column=4).value == "indicator_text"
    ws.cell(row=5, column=4).value = None
    ws.cell(row=9, column=1).value = None
    out = io.BytesIO()
    wb.save(out)
    out.seek(0)
    out.name = "catalogus.xlsx"
    before = CatalogueVersion.objects.count()
    response = coordinator.post(reverse("catalogue:import", args=[published.programme_id]), {"label": "fout", "file": out})
    assert response.status_code == 400
    html = response.content.decode()
    assert ("Row 5" in html or "Rij 5" in html) and ("Row 9" in html or "Rij 9" in html)
    assert CatalogueVersion.objects.count() == before  # nothing written

    # CSV works too, with the scale of the current version.
    wb = Workbook()
    wb.active.append(["cluster_code", "cluster_title", "indicator_code", "indicator_text", "guidance"])
    wb.active.append(["1", "Houding", "1.1", "Is stipt.", ""])
    out = io.BytesIO()
    wb.save(out)
    out.seek(0)
    out.name = "klein.xlsx"
    response = coordinator.post(reverse("catalogue:import", args=[published.programme_id]), {"label": "klein", "file": out})
    assert response.status_code == 302
    small = CatalogueVersion.objects.get(label="klein")
    assert small.indicators.count() == 1 and RatingLevel.objects.filter(scale__version=small).count() == 4


def test_not_a_catalogue_file_is_a_clear_message(coordinator, published):
    upload = io.BytesIO(json.dumps({"hello": "world"}).encode())
    upload.name = "x.json"
    response = coordinator.post(reverse("catalogue:import", args=[published.programme_id]), {"label": "x", "file": upload})
    assert response.status_code == 400 and "alert-danger" in response.content.decode()


def test_editor_query_count_stays_flat(coordinator, published):
    draft = _new_draft(coordinator, published)
    url = reverse("catalogue:edit", args=[draft.pk])
    with CaptureQueriesContext(connection) as small:
        assert coordinator.get(url).status_code == 200
    cluster = services.cluster_add(version=draft, title="Extra")
    for n in range(30):
        services.indicator_add(cluster=cluster, text=f"Extra gedrag {n}")
    services.activity_add(version=draft, title="Nieuwe activiteit", indicator_ids=[i.pk for i in cluster.indicators.all()[:5]])
    with CaptureQueriesContext(connection) as large:
        assert coordinator.get(url).status_code == 200
    assert len(large.captured_queries) == len(small.captured_queries) <= 15


def test_history_shows_who_changed_what(coordinator, published):
    draft = _new_draft(coordinator, published)
    indicator = draft.indicators.order_by("pk").first()
    coordinator.post(
        reverse("catalogue:indicator", args=[indicator.pk]),
        {"revision": indicator.revision, "code": indicator.code, "text": "Nieuwe formulering", "guidance": ""},
    )
    html = coordinator.get(reverse("catalogue:history", args=[draft.pk])).content.decode()
    assert "Nieuwe formulering" in html and "Griet Vanhove" in html


def test_retire_and_drafts_can_be_deleted_but_not_published_ones(coordinator, published):
    draft = _new_draft(coordinator, published)
    coordinator.post(reverse("catalogue:delete", args=[draft.pk]))
    assert not CatalogueVersion.objects.filter(pk=draft.pk).exists()
    coordinator.post(reverse("catalogue:delete", args=[published.pk]))
    assert CatalogueVersion.objects.filter(pk=published.pk).exists()
    coordinator.post(reverse("catalogue:retire", args=[published.pk]))
    published.refresh_from_db()
    assert published.status == "retired"
    # Retired versions stay readable for internships pinned to them.
    internship = Internship.objects.filter(catalogue_version=published).first()
    assert internship is not None


def test_new_internships_get_the_current_version_running_ones_keep_theirs(coordinator, published, demo):
    from datetime import date

    from childcare.models import Site
    from internships.services import internship_create

    emma_internship = demo.emma_internship
    draft = _new_draft(coordinator, published)
    services.version_publish(version=draft)
    nestje = Site.objects.get(name="KDV 't Nestje")
    student = demo.emma.school.students.exclude(pk=demo.emma.pk).first()
    internship = internship_create(
        school=demo.emma.school, student=student, programme=published.programme, site=nestje,
        start_date=date(2027, 2, 1), end_date=date(2027, 3, 26), mentor=demo.user("mentor@uniform.demo"),
        teacher=demo.user("teacher@uniform.demo"),
    )
    assert internship.catalogue_version == draft
    emma_internship.refresh_from_db()
    assert emma_internship.catalogue_version == published
    page = demo.client_for("mentor@uniform.demo").get(reverse("internships:detail", args=[emma_internship.pk]))
    assert "2026-2027" in page.content.decode()


def test_internship_create_refuses_people_and_places_that_do_not_fit(published, demo):
    from datetime import date

    from django.core.exceptions import ValidationError

    from childcare.models import Site
    from internships.services import internship_create

    base = {
        "school": demo.emma.school, "student": demo.emma, "programme": published.programme,
        "site": Site.objects.get(name="KDV 't Nestje"), "start_date": date(2027, 2, 1), "end_date": date(2027, 3, 1),
    }
    with pytest.raises(ValidationError):
        internship_create(**base, mentor=demo.user("mentor2@uniform.demo"))  # works at another site
    with pytest.raises(ValidationError):
        internship_create(**base, teacher=demo.user("teacher2@uniform.demo"))  # another school
    with pytest.raises(ValidationError):
        internship_create(**{**base, "site": Site.objects.get(name="KDV Speelvogel")})  # another network
    with pytest.raises(ValidationError):
        internship_create(**{**base, "end_date": date(2027, 1, 1)})  # ends before it starts


def test_bad_input_never_crashes(coordinator, published):
    draft = _new_draft(coordinator, published)
    indicator = draft.indicators.order_by("pk").first()
    # A save without the revision the page was loaded with is refused, not applied.
    response = coordinator.post(reverse("catalogue:indicator", args=[indicator.pk]), {"code": indicator.code, "text": "Zonder revisie"})
    assert response.status_code == 400
    indicator.refresh_from_db()
    assert indicator.text != "Zonder revisie"
    # Odd cluster codes.
    coordinator.post(reverse("catalogue:cluster_add", args=[draft.pk]), {"title": "A", "code": "²"})
    assert coordinator.post(reverse("catalogue:cluster_add", args=[draft.pk]), {"title": "B", "code": "²"}).status_code == 400
    assert coordinator.post(reverse("catalogue:cluster_add", args=[draft.pk]), {"title": "C"}).status_code == 302
    # Reorder garbage.
    for data in ({"kind": "levels"}, {"kind": "indicators", "parent": "9" * 30, "ids": ["1"]}, {"kind": "x", "ids": ["a"]}):
        assert coordinator.post(reverse("catalogue:reorder", args=[draft.pk]), data, HTTP_X_REQUESTED_WITH="fetch").status_code in (204, 400)
    # Import: odd JSON shapes, too-long fields.
    bad_files = [
        json.dumps({"format": "uniform-catalogue", "version": "x", "clusters": []}).encode(),
        b"[" * 100000 + b"]" * 100000,
        json.dumps({"format": "uniform-catalogue", "clusters": [{"code": "1" * 300, "title": "T", "indicators": [{"code": "1.1", "text": "x"}]}]}).encode(),
        b"cluster_code;cluster_title;indicator_code;indicator_text\n" + b"x" * 200000,
    ]
    for n, raw in enumerate(bad_files):
        upload = io.BytesIO(raw)
        upload.name = "f.json" if n < 3 else "f.csv"
        response = coordinator.post(reverse("catalogue:import", args=[published.programme_id]), {"label": f"bad{n}", "file": upload})
        assert response.status_code == 400, n
    assert not CatalogueVersion.objects.filter(label__startswith="bad").exists()
