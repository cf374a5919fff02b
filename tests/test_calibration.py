"""Rater calibration (issue 17): the statistics, the rule of five students, who sees whose
aggregates, a constant number of queries, and the calibration exercise of mentor training."""

from __future__ import annotations

from collections import defaultdict

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import access
from calibration.selectors import Dist, calibration_report, deviation, overall
from evaluations.models import EvaluationRating
from schools.models import Student
from training.models import CalibrationCase, Course, Registration

KEVIN, HILDE, AN = "Kevin Bijnens", "Hilde Schoofs", "An Vermeulen"


# --------------------------------------------------------------------------- the statistics


def test_distribution_mean_spread_and_deviation_on_a_hand_built_group():
    network = Dist({1: 2, 2: 4, 3: 10, 4: 4}, students=12)  # mean 2.8
    assert network.n == 20 and network.mean == pytest.approx(2.8)
    assert network.sd == pytest.approx(0.8717797887)  # sqrt(15.2 / 20)
    assert network.share(3) == 0.5 and [s["pct"] for s in network.segments] == [10, 20, 50, 20]
    mentor = Dist({3: 2, 4: 8}, students=5)  # mean 3.8
    dev = deviation(mentor, network)
    assert dev is not None and dev.diff == pytest.approx(1.0) and dev.n == 10 and dev.students == 5
    assert dev.d == pytest.approx(1.0 / 0.8717797887) and dev.flag == "higher"
    assert dev.text in ("+1,0", "+1.0")
    # Four students: nothing, whatever the levels.
    assert deviation(Dist({4: 40}, students=4), network) is None
    # Nor against a network of fewer than five.
    assert deviation(mentor, Dist({2: 10}, students=4)) is None


def test_overall_weights_each_cluster_by_the_groups_ratings_and_skips_too_little_data():
    network = Dist({2: 5, 3: 5}, students=10)  # mean 2.5, sd 0.5
    a = deviation(Dist({3: 30}, students=6), network)  # +0.5 over 30 ratings
    b = deviation(Dist({2: 10}, students=6), network)  # -0.5 over 10 ratings
    total = overall([(a, Dist()), (b, Dist()), (None, Dist())])
    assert total is not None and total.n == 40
    assert total.diff == pytest.approx((0.5 * 30 - 0.5 * 10) / 40)
    assert total.d == pytest.approx(0.5) and total.flag == "higher"
    assert overall([(None, Dist())]) is None


# --------------------------------------------------------------------------- the demo, in SQL


def _scope(demo, email, kind):
    return next(s for s in access.calibration_scopes(demo.user(email)) if s.kind == kind)


def test_the_report_agrees_with_the_ratings_counted_one_by_one(demo):
    """The GROUP BY aggregates equal a count over the signed, uncorrected evaluation ratings."""
    scope = _scope(demo, "coordinator@uniform.demo", "network")
    report = calibration_report(scope, "evaluations")
    rows = EvaluationRating.objects.filter(
        evaluation__locked_at__isnull=False, evaluation__corrected_by__isnull=True, level__isnull=False,
        evaluation__internship__school__network__slug="limburg",
    ).values_list("evaluation__kind", "indicator__cluster__code", "level__value", "evaluation__internship__student_id",
                  "evaluation__mentor_signed_by__full_name")
    counts: dict = defaultdict(lambda: defaultdict(int))
    students: dict = defaultdict(set)
    for kind, code, value, student, mentor in rows:
        for who in ("network", mentor):
            counts[(who, kind, code)][value] += 1
            students[(who, kind, code)].add(student)
    for block in report.moments:
        for line in block.lines:
            key = ("network", block.key, line["cluster"]["code"])
            assert line["network"].counts == dict(counts[key]) and line["network"].students == len(students[key])
        for row in block.mentors:
            for cluster, cell, dist in zip(report.clusters, row.cells, row.dists, strict=True):
                key = (row.name, block.key, cluster["code"])
                assert dist.counts == dict(counts[key]) and dist.students == len(students[key])
                assert (cell is None) == (len(students[key]) < 5)


def test_the_demo_shows_a_higher_rater_a_lower_one_and_too_little_data(demo):
    report = calibration_report(_scope(demo, "coordinator@uniform.demo", "network"), "evaluations")
    midterm, final = report.moments
    mentors = {row.name: row for row in midterm.mentors}
    assert mentors[KEVIN].total.flag == "higher" and mentors[KEVIN].total.diff > 0.4
    assert mentors[HILDE].total.flag == "lower"
    assert mentors[AN].total is not None and not mentors[AN].total.flag
    assert all(cell and cell.n >= 5 * 3 for cell in mentors[KEVIN].cells)  # the ratings it rests on
    assert {row.name: row for row in final.mentors}[HILDE].total is None  # four students at the final
    sites = {row.name: row for row in midterm.sites}
    assert sites["BKO De Speelboom"].total.flag == "higher"


# --------------------------------------------------------------------------- who sees what


def _page(demo, email, **params):
    response = demo.client_for(email).get(reverse("calibration:index"), params)
    assert response.status_code == 200
    return response


def test_each_role_sees_its_own_scope_and_no_student(demo):
    names = {s.full_name for s in Student.objects.filter(school__network__slug="limburg")}
    coordinator = _page(demo, "coordinator@uniform.demo").content.decode()
    assert KEVIN in coordinator and HILDE in coordinator and "KDV Klein Duimpje" in coordinator
    assert "te weinig gegevens" in coordinator
    assert not [n for n in names if n in coordinator]
    # The childcare admin of vzw Kindernest: own mentors and sites, not Kwadraat's.
    admin = _page(demo, "childcare@uniform.demo").context["report"]
    shown = {row.name for block in admin.moments for row in block.mentors + block.sites}
    assert {KEVIN, AN, "BKO De Speelboom"} <= shown and HILDE not in shown and "KDV Klein Duimpje" not in shown
    # The mentor: themselves only, against the network.
    mentor = _page(demo, "mentor@uniform.demo")
    report = mentor.context["report"]
    assert {row.name for block in report.moments for row in block.mentors} == {AN}
    assert not any(block.sites for block in report.moments)
    assert KEVIN not in mentor.content.decode()
    # The coach of 't Nestje and De Speelboom: those sites' mentors.
    coach = _page(demo, "coach@uniform.demo").context["report"]
    assert {row.name for block in coach.moments for row in block.mentors} <= {AN, KEVIN, "Sarah Vandeweyer"}
    # mentor2 has no signed evaluation: too little data everywhere.
    assert "te weinig gegevens" in _page(demo, "mentor2@uniform.demo", source="sheets").content.decode()
    for email in ("teacher@uniform.demo", "schooladmin@uniform.demo", "student@uniform.demo"):
        assert demo.client_for(email).get(reverse("calibration:index")).status_code == 403


def test_a_scope_of_another_network_or_role_is_not_opened_by_asking(demo):
    page = _page(demo, "mentor@uniform.demo", scope="network-1", source="garbage")
    assert page.context["scope"].kind == "self" and page.context["source"] == "evaluations"


def _queries(client, params) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse("calibration:index"), params).status_code == 200
    return len(ctx.captured_queries)


def test_query_count_does_not_grow_with_ratings(demo):
    from django.utils import timezone

    from catalogue.models import Indicator, RatingLevel
    from childcare.models import Site
    from demo.calibration import CASE_TITLE  # noqa: F401 - the demo module loads
    from evaluations.evaluation.services import evaluation_record_signed
    from evaluations.models import Evaluation
    from tenancy.models import Organisation
    from tests.factories import InternshipFactory, StudentFactory

    pages = [("coordinator@uniform.demo", {}), ("coordinator@uniform.demo", {"source": "sheets"}),
             ("childcare@uniform.demo", {}), ("mentor@uniform.demo", {"source": "sheets"})]
    clients = {email: demo.client_for(email) for email, _ in pages}
    for email, params in pages:
        clients[email].get(reverse("calibration:index"), params)  # warm up session and language
    before = [_queries(clients[e], p) for e, p in pages]
    school = Organisation.objects.get(name="Campus De Lindeboom")
    site = Site.objects.get(name="KDV Zonnebloem")
    mentor, teacher = demo.user("fatma.ozturk@kindernest.demo"), demo.user("tom.indekeu@lindeboom.demo")
    version = demo.emma_internship.catalogue_version
    indicators = list(Indicator.objects.filter(version=version))
    level = RatingLevel.objects.get(scale__version=version, value=2)
    for _ in range(6):
        internship = InternshipFactory(student=StudentFactory(school=school), site=site, mentor=mentor, teacher=teacher,
                                       catalogue_version=version, status="closed")
        evaluation = Evaluation.objects.create(internship=internship, kind="midterm", updated_by=teacher)
        EvaluationRating.objects.bulk_create(EvaluationRating(evaluation=evaluation, indicator=i, level=level) for i in indicators)
        evaluation_record_signed(evaluation=evaluation, mentor=mentor, teacher=teacher, at=timezone.now())
    after = [_queries(clients[e], p) for e, p in pages]
    assert before == after
    assert max(after) <= 15
    fatma = {r.name: r for r in calibration_report(_scope(demo, "coordinator@uniform.demo", "network"), "evaluations")
             .moments[0].mentors}["Fatma Öztürk"]
    assert fatma.total is not None and fatma.total.flag == "lower"  # now seven students, all at level 2


# --------------------------------------------------------------------------- the calibration exercise


def test_calibration_exercise_flow(demo):
    from demo.training import COMPLETED_TITLE

    course = Course.objects.get(network__slug="limburg", title=COMPLETED_TITLE)
    session = course.sessions.order_by("date").last()
    coordinator, mentor = demo.client_for("coordinator@uniform.demo"), demo.client_for("mentor@uniform.demo")
    version = demo.emma_internship.catalogue_version
    indicators = list(version.indicators.order_by("code")[:2])
    levels = {lvl.value: lvl for lvl in version.scale.levels.all()}
    url = reverse("training:case_new", args=[session.pk])
    # Bad input re-renders: no reference at all, a level of nowhere.
    page = coordinator.post(url, {"title": "Tom aan tafel", "text": "Tom helpt bij het eten."})
    assert page.status_code == 200 and page.context["form"].errors
    page = coordinator.post(url, {"title": "Tom aan tafel", "text": "x", f"ref_{indicators[0].pk}": "999999"})
    assert page.status_code == 200 and page.context["form"].errors
    assert mentor.get(url).status_code == 403  # a participant does not put up a case
    response = coordinator.post(url, {"title": "Tom aan tafel", "text": "Tom helpt bij het eten.",
                                      f"ref_{indicators[0].pk}": levels[3].pk, f"ref_{indicators[1].pk}": levels[2].pk})
    assert response.status_code == 302
    case = CalibrationCase.objects.get(title="Tom aan tafel")
    case_url = reverse("training:case", args=[case.pk])
    assert case_url in coordinator.get(reverse("training:course", args=[course.pk])).content.decode()
    # The participant rates before seeing the spread.
    page = mentor.get(case_url)
    assert page.context["form"] is not None and not page.context["show_spread"]
    items = list(case.items.order_by("indicator__code"))
    page = mentor.post(case_url, {f"item_{items[0].pk}": levels[4].pk})  # one missing
    assert page.status_code == 200 and page.context["form"].errors and not page.context["show_spread"]
    assert mentor.post(case_url, {f"item_{items[0].pk}": levels[4].pk, f"item_{items[1].pk}": levels[2].pk}).status_code == 302
    # A second participant: Kevin Bijnens (a place in the course from the demo).
    kevin = demo.client_for("kevin.bijnens@kindernest.demo")
    assert Registration.objects.filter(course=course, user__email="kevin.bijnens@kindernest.demo", status="confirmed").exists()
    assert kevin.post(case_url, {f"item_{items[0].pk}": levels[3].pk, f"item_{items[1].pk}": levels[2].pk}).status_code == 302
    page = mentor.get(case_url)
    assert page.context["show_spread"] and page.context["raters"] == 2
    first = page.context["lines"][0]
    assert [(lvl.value, n, ref) for lvl, n, ref in first.counts] == [(1, 0, False), (2, 0, False), (3, 1, True), (4, 1, False)]
    assert first.mine == levels[4].pk and first.at_reference == 1
    assert "Kevin Bijnens" not in page.content.decode()  # the spread, never who gave what
    # Not a participant: not found; the coordinator reveals, then ratings are closed.
    assert demo.client_for("mentor2@uniform.demo").get(case_url).status_code == 404
    assert coordinator.post(reverse("training:case_reveal", args=[case.pk])).status_code == 302
    assert mentor.post(case_url, {f"item_{items[0].pk}": levels[1].pk, f"item_{items[1].pk}": levels[1].pk}).status_code == 302
    case.refresh_from_db()
    assert case.revealed_at and case.items.get(pk=items[0].pk).ratings.get(user__email="mentor@uniform.demo").level == levels[4]


def test_a_region_s_aggregates_are_kept_and_counted_again_at_night(demo, settings):
    """A network whose aggregates are slow to count (a region: seconds) gets them from the cache,
    says when they were counted, and the scheduler's nightly job counts them again."""
    from django.core.cache import cache

    from audit.purge import guards_lifted
    from calibration.selectors import refresh

    settings.CALIBRATION_CACHE_AFTER_SECONDS = 0  # every count is "slow": kept
    cache.clear()
    scope = _scope(demo, "coordinator@uniform.demo", "network")
    first = calibration_report(scope, "evaluations")
    assert first.computed_at is None  # counted for this page
    kept = calibration_report(scope, "evaluations")
    assert kept.computed_at is not None
    client = demo.client_for("coordinator@uniform.demo")
    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("calibration:index")).content.decode()
    assert "Geteld op" in page and not any("evaluations_evaluationrating" in q["sql"] for q in queries.captured_queries)

    # A rating changes: the kept figures stay until they are counted again.
    rating = EvaluationRating.objects.filter(evaluation__locked_at__isnull=False, evaluation__corrected_by__isnull=True,
                                             level__isnull=False, evaluation__internship__school__network__slug="limburg").first()
    with guards_lifted():  # a signed evaluation changes only past its guard (tests and purges)
        EvaluationRating.objects.filter(pk=rating.pk).delete()
    assert not EvaluationRating.objects.filter(pk=rating.pk).exists()

    def network_total(report):
        return sum(sum(d.counts.values()) for block in report.moments for d in block.network)
    assert network_total(calibration_report(scope, "evaluations")) == network_total(first)
    assert refresh() >= 1
    recounted = calibration_report(scope, "evaluations")
    assert network_total(recounted) < network_total(first)
    cache.clear()
