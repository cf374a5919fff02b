"""Reads for feedback pages, in a fixed number of queries whatever the catalogue's size."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

import access
from catalogue.models import Indicator
from catalogue.selectors import rating_outline
from evaluations.feedback.models import FeedbackAddendum, FeedbackRating, FeedbackSheet, SheetRead
from web.history import HistoryEntry, history_entries


def previous_open_points(sheet: FeedbackSheet) -> FeedbackSheet | None:
    """The mentor's last shared (or submitted) sheet before this one: its werkpunten and
    afspraken are shown so they can be carried forward."""
    return (
        FeedbackSheet.objects.filter(internship_id=sheet.internship_id)
        .exclude(pk=sheet.pk)
        .exclude(status=FeedbackSheet.Status.DRAFT)
        .order_by("-date", "-created_at")
        .first()
    )


def outline(sheet: FeedbackSheet) -> tuple:
    """The clusters (with indicators) and levels of the sheet's pinned catalogue version: what
    its form is built from (``forms.SheetForm``)."""
    return rating_outline(sheet.internship.catalogue_version_id)


def sheet_edit(sheet: FeedbackSheet, posted: dict | None = None, outline: tuple | None = None) -> dict:
    """The sheet's outline with each indicator's current level and remark (what was posted,
    when the page is shown again after a problem). ``outline``: the one the form was built from."""
    clusters, levels = outline or rating_outline(sheet.internship.catalogue_version_id)
    if posted is not None:
        current = {i: (lvl, remark) for i, (lvl, remark) in posted["ratings"].items()}
    else:
        current = {r.indicator_id: (r.level_id, r.remark) for r in sheet.ratings.all()}
    n_rated = 0
    for cluster in clusters:
        cluster.n_rated = 0
        # filled: a level or a remark; an empty cluster's fields are sent to the page as text, made
        # into fields when it is opened (a lighter page on a phone: js/feedback-sheet.js, ADR 0032).
        cluster.filled = False
        for indicator in cluster.indicators.all():
            indicator.current_level, indicator.current_remark = current.get(indicator.pk, (None, ""))
            if indicator.current_level:
                cluster.n_rated += 1
            cluster.filled = cluster.filled or bool(indicator.current_level or indicator.current_remark)
        n_rated += cluster.n_rated
    previous = previous_open_points(sheet)
    texts = posted or {"strengths": sheet.strengths, "work_points": sheet.work_points, "agreements": sheet.agreements,
                       "date": sheet.date, "date_end": sheet.date_end, "revision": sheet.revision}
    n_indicators = sum(len(cluster.indicators.all()) for cluster in clusters)
    question = submit_question(sheet, n_rated=n_rated, n_indicators=n_indicators, **{
        field: texts.get(field, "") for field in ("strengths", "work_points", "agreements")})
    return {"clusters": clusters, "levels": levels, "previous": previous, "n_rated": n_rated, "texts": texts,
            "submit_question": question}


def stored_submit_question(sheet: FeedbackSheet) -> str:
    """``submit_question`` of the sheet as it is stored (after an autosave)."""
    return submit_question(
        sheet, n_rated=sheet.ratings.filter(level__isnull=False).count(),
        n_indicators=Indicator.objects.filter(version_id=sheet.internship.catalogue_version_id).count(),
        strengths=sheet.strengths, work_points=sheet.work_points, agreements=sheet.agreements,
    )


def _items(text: str) -> int:
    """How many things a text names: its lines that are not empty (one strength a line)."""
    return sum(1 for line in (text or "").splitlines() if line.strip(" \t-•*"))


def submit_question(sheet: FeedbackSheet, *, n_rated: int, n_indicators: int, strengths: str, work_points: str,
                    agreements: str) -> str:
    """What "Indienen" asks, once: what is about to be shared, and with whom ("3 van 50
    gedragsindicatoren beoordeeld, geen sterktes, geen werkpunten — delen met de stagiair en de
    stagebegeleider?"). With coach review at the site, the coach reads it first."""
    parts = [ngettext("%(n)s of %(total)s indicator rated", "%(n)s of %(total)s indicators rated", n_indicators)
             % {"n": n_rated, "total": n_indicators}]
    n = _items(strengths)
    parts.append(ngettext("%(n)s strength", "%(n)s strengths", n) % {"n": n} if n else _("no strengths"))
    n = _items(work_points)
    parts.append(ngettext("%(n)s point to work on", "%(n)s points to work on", n) % {"n": n} if n else _("no points to work on"))
    n = _items(agreements)
    if n:
        parts.append(ngettext("%(n)s agreement", "%(n)s agreements", n) % {"n": n})
    summary = ", ".join(parts)
    if sheet.internship.site.coach_review:
        return _("%(summary)s — send it to the coach, who reads it before the student and the teacher do?") % {"summary": summary}
    return _("%(summary)s — share it with the student and the teacher?") % {"summary": summary}


def sheet_read(sheet: FeedbackSheet, outline: tuple | None = None) -> dict:
    """Only what was observed: the rated (or remarked) indicators, grouped by cluster, with the
    sheet's texts and names (``shown``); a shared sheet as it was stored when it was shared.

    ``outline`` (``catalogue.selectors.rating_outline``) and sheets fetched with
    ``READ_PREFETCH`` let a list of sheets (the dossier) be read without queries per sheet."""
    return sheet_document(sheet, outline)


READ_PREFETCH = (
    Prefetch("ratings", queryset=FeedbackRating.objects.select_related("level")),
    Prefetch("addenda", queryset=FeedbackAddendum.objects.select_related("author").order_by("created_at")),
)


def review_queue(user):
    return list(
        access.feedback_sheets_visible_to(user)
        .filter(status=FeedbackSheet.Status.IN_REVIEW, internship__site_id__in=access.coach_site_ids(user))
        .select_related("internship__student", "internship__site", "author")
        .order_by("submitted_at")
    )


#: The internship page lists this many feedback sheets, the newest; "all N" shows the rest (a sheet
#: a day for a year is 200 sheets: the page grew to 400 KB, ADR 0021).
SHEETS_SHOWN = 20


@dataclass
class SheetList:
    sheets: list[FeedbackSheet]
    total: int  # every sheet this person may see
    has_own_draft: bool  # the person has an open draft (shown or not)

    @property
    def hidden(self) -> int:
        return self.total - len(self.sheets)


def sheets_of(user, internship, *, limit: int | None = SHEETS_SHOWN) -> SheetList:
    """The feedback sheets of one internship that this person may see, newest first, with
    whether they read it since it was shared; at most ``limit`` (None: all), with the total."""
    visible = access.feedback_sheets_visible_to(user).filter(internship=internship)
    shown = (
        # The list shows each sheet's row, not its stored content: a shared sheet's snapshot
        # (JSON) was read and decoded for every row shown.
        visible.select_related("author").defer("snapshot")
        .annotate(n_ratings=Count("ratings"), is_read=Exists(SheetRead.objects.filter(sheet=OuterRef("pk"), user=user)))
        .order_by("-date", "-created_at")
    )
    sheets = list(shown[:limit] if limit else shown)
    if limit is None or len(sheets) < limit:
        total = len(sheets)
        own_draft = any(s.status == FeedbackSheet.Status.DRAFT and s.author_id == user.pk for s in sheets)
    else:
        counts = visible.aggregate(n=Count("pk"), drafts=Count("pk", filter=Q(status=FeedbackSheet.Status.DRAFT, author=user)))
        total, own_draft = counts["n"], bool(counts["drafts"])
    return SheetList(sheets, total, own_draft)


#: What a sheet's course leaves out: its texts (on the page itself, and saved every few seconds),
#: and the bookkeeping that each entry's who and when already say.
SHEET_COURSE_EXCLUDED = (
    "internship", "author", "updated_by", "strengths", "work_points", "agreements", "reflection", "reflection_at",
    "submitted_at", "shared_at", "reviewed_by", "reviewed_at",
)


def sheet_history(sheet: FeedbackSheet, *, see_coach_comment: bool, limit: int = 30) -> list[HistoryEntry]:
    """The sheet's course, newest first: started, submitted, sent back (with the coach's reason,
    for who reads the coach's comment), approved and shared; a changed date."""
    return history_entries(
        sheet.history.all(), exclude=SHEET_COURSE_EXCLUDED, hidden=() if see_coach_comment else ("coach_comment",),
        on_create=("date",), skip_unchanged=True, limit=limit,
    )

# --------------------------------------------------------------------------- frozen content
# What a shared sheet (and, in evaluations.evaluation.selectors, a signed evaluation) shows is
# stored as JSON when it is shared (locked) and rendered from that: renaming the student, the
# site or the programme later does not change a signed document (ADR 0011).


class Rows(list):
    """A list that answers ``.all()`` like a related manager, so the templates that loop over
    ``cluster.indicators.all`` render stored content and live outlines alike."""

    def all(self):
        return self


class Shown(dict):
    """Stored content for a template: keys read as attributes (``shown.student``)."""

    __getattr__ = dict.get


def internship_names(internship) -> dict:
    """The names a document of this internship shows: student, group, school, network, site,
    programme and catalogue version, the period, mentor and teacher."""
    student, site, version = internship.student, internship.site, internship.catalogue_version
    return {
        "student": student.full_name,
        "group": str(student.group) if student.group_id else "",
        "school": internship.school.name,
        "network": internship.school.network.name,
        "organisation": site.organisation.name,
        "site": site.name,
        "programme": version.programme.name,
        "catalogue": str(version),
        "start": internship.start_date.isoformat(),
        "end": internship.end_date.isoformat(),
        "mentor": str(internship.mentor) if internship.mentor_id else "",
        "teacher": str(internship.teacher) if internship.teacher_id else "",
    }


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def _date(value):
    from datetime import date

    return date.fromisoformat(value) if value else None


def _moment(value):
    from datetime import datetime

    return datetime.fromisoformat(value) if value else None


def names_shown(names: dict) -> Shown:
    return Shown({**names, "start": _date(names["start"]), "end": _date(names["end"])})


def levels_content(levels) -> list[dict]:
    return [{"value": lvl.value, "label": lvl.label, "is_sufficient": lvl.is_sufficient} for lvl in levels]


def sheet_content(sheet: FeedbackSheet, outline: tuple | None = None) -> dict:
    """Everything the sheet's page and PDF show of the sheet itself, as JSON (the reflection and
    the addenda come after sharing and stay live)."""
    clusters, levels = outline or rating_outline(sheet.internship.catalogue_version_id)
    prefetched = getattr(sheet, "_prefetched_objects_cache", {})
    ratings = sheet.ratings.all() if "ratings" in prefetched else sheet.ratings.select_related("level")
    by_indicator = {r.indicator_id: r for r in ratings}
    observed = []
    for cluster in clusters:
        rows = [
            {"code": i.code, "text": i.text, "remark": by_indicator[i.pk].remark,
             "level": by_indicator[i.pk].level.value if by_indicator[i.pk].level_id else None,
             "label": by_indicator[i.pk].level.label if by_indicator[i.pk].level_id else None}
            for i in cluster.indicators.all() if i.pk in by_indicator
        ]
        if rows:
            observed.append({"code": cluster.code, "title": cluster.title, "indicators": rows})
    return {
        "schema": 1,
        "names": internship_names(sheet.internship),
        "status": sheet.status,
        "date": _iso(sheet.date), "date_end": _iso(sheet.date_end),
        "author": str(sheet.author),
        "submitted_at": _iso(sheet.submitted_at), "shared_at": _iso(sheet.shared_at),
        "reviewed_by": str(sheet.reviewed_by) if sheet.reviewed_by_id else "",
        "revision": sheet.revision,
        "strengths": sheet.strengths, "work_points": sheet.work_points, "agreements": sheet.agreements,
        "coach_comment": sheet.coach_comment,
        "levels": levels_content(levels),
        "observed": observed,
        "n_rated": len(by_indicator),
    }


def sheet_shown(content: dict) -> dict:
    """``sheet_content`` (stored or live) as the read page and the PDF render it."""
    observed = []
    for cluster in content["observed"]:
        rows = [
            (Shown(code=i["code"], text=i["text"]),
             Shown(remark=i["remark"], level=Shown(value=i["level"], label=i["label"]) if i["level"] is not None else None))
            for i in cluster["indicators"]
        ]
        observed.append((Shown(code=cluster["code"], title=cluster["title"]), rows))
    shown = Shown(content)
    shown.update(
        names=names_shown(content["names"]), date=_date(content["date"]), date_end=_date(content["date_end"]),
        submitted_at=_moment(content["submitted_at"]), shared_at=_moment(content["shared_at"]),
    )
    return {"shown": shown, "observed": observed, "levels": [Shown(lvl) for lvl in content["levels"]], "n_rated": content["n_rated"]}


def sheet_document(sheet: FeedbackSheet, outline: tuple | None = None) -> dict:
    """What the read page and the PDF show: a shared sheet from what was stored when it was
    shared (``snapshot``), any other from the tables; the addenda always live."""
    content = sheet.snapshot if sheet.is_shared and sheet.snapshot else sheet_content(sheet, outline)
    prefetched = getattr(sheet, "_prefetched_objects_cache", {})
    addenda = sheet.addenda.all() if "addenda" in prefetched else sheet.addenda.select_related("author")
    return {**sheet_shown(content), "addenda": list(addenda)}
