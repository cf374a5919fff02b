"""Writes for feedback sheets. A draft is saved whole (texts and ratings) with the revision it
was loaded with: a stale save never overwrites, it reports the conflict with the other text."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from catalogue.models import Indicator, RatingLevel
from evaluations.feedback.models import MAX_REMARK, MAX_TEXT, FeedbackAddendum, FeedbackRating, FeedbackSheet, SheetRead
from evaluations.feedback.selectors import sheet_content
from internships.models import Internship
from internships.services import event
from notifications import events as notification_events

S = FeedbackSheet.Status


class SheetConflict(Exception):
    """Someone saved this sheet after it was loaded; ``current`` is what is stored now."""

    def __init__(self, current: FeedbackSheet):
        super().__init__("conflict")
        self.current = current


def clean_text(value: str, label: str) -> str:
    """``value`` stripped; a ValidationError naming ``label`` when it is longer than MAX_TEXT."""
    value = (value or "").strip()
    if len(value) > MAX_TEXT:
        raise ValidationError(_("%(field)s is longer than %(n)s characters.") % {"field": label, "n": MAX_TEXT})
    return value


@transaction.atomic
def sheet_start(*, internship: Internship, by, day: date | None = None) -> FeedbackSheet:
    """A new draft for today (or ``day``), dated within the internship's period: after its end,
    on its last day. None before the start. An open draft of the same mentor is reused."""
    if internship.status == Internship.Status.CLOSED:
        raise ValidationError(_("A closed internship gets no new feedback."))
    today = timezone.localdate()
    if today < internship.start_date:
        raise ValidationError(_("Feedback sheets can be written from the start of the internship (%(date)s).")
                              % {"date": internship.start_date.strftime("%d/%m/%Y")})
    existing = internship.feedback_sheets.filter(author=by, status=S.DRAFT).order_by("-created_at").first()
    if existing is not None:
        return existing
    day = day or min(today, internship.end_date)
    sheet = FeedbackSheet(internship=internship, author=by, date=day, updated_by=by)
    sheet.full_clean()
    sheet.save()
    return sheet


def _parse_ratings(sheet: FeedbackSheet, ratings: dict) -> dict[int, tuple[RatingLevel | None, str]]:
    """{indicator_id: (level_id or None, remark)} → checked against the sheet's catalogue version."""
    version_id = sheet.internship.catalogue_version_id
    indicator_ids = set(Indicator.objects.filter(version_id=version_id, pk__in=ratings).values_list("pk", flat=True))
    foreign = set(ratings) - indicator_ids
    if foreign:
        raise ValidationError(_("An indicator of another catalogue version was sent; reload the page."))
    levels = {lvl.pk: lvl for lvl in RatingLevel.objects.filter(scale__version_id=version_id)}
    parsed = {}
    for indicator_id, (level_id, remark) in ratings.items():
        if level_id is not None and level_id not in levels:
            raise ValidationError(_("A level that is not on the scale of this catalogue was sent; reload the page."))
        remark = (remark or "").strip()
        if len(remark) > MAX_REMARK:
            raise ValidationError(_("A remark is longer than %(n)s characters.") % {"n": MAX_REMARK})
        parsed[indicator_id] = (levels.get(level_id), remark)
    return parsed


#: ``sheet_save(day_end=KEEP)``: leave the sheet's last day as it is.
KEEP = object()
#: A sheet is about one day or one week (screens.md: "date or week"); two weeks at most.
MAX_SHEET_DAYS = 14


@transaction.atomic
def sheet_save(
    *, sheet: FeedbackSheet, by, revision: int | None, day: date, strengths: str, work_points: str, agreements: str,
    ratings: dict, day_end: date | None | object = KEEP,
) -> FeedbackSheet:
    """Save the whole draft: texts and every indicator's level and remark (autosave uses this).
    ``day_end`` makes it a sheet about several days (a week); ``KEEP`` leaves it as it is."""
    obj = FeedbackSheet.objects.select_for_update().get(pk=sheet.pk)
    if obj.status != S.DRAFT:
        raise ValidationError(_("This sheet was submitted; add an addendum instead."))
    if revision is None:
        raise ValidationError(_("This page is out of date; reload it and make your change again."))
    if obj.revision != revision:
        raise SheetConflict(obj)
    internship = obj.internship
    if not internship.start_date <= day <= internship.end_date:
        raise ValidationError(_("The date falls outside the internship period (%(start)s – %(end)s).") % {
            "start": internship.start_date.strftime("%d/%m/%Y"), "end": internship.end_date.strftime("%d/%m/%Y"),
        })
    if day_end is not KEEP:
        if day_end is not None and day_end <= day:
            raise ValidationError(_("The last day must come after the first day."))
        if day_end is not None and (day_end - day).days > MAX_SHEET_DAYS - 1:
            raise ValidationError(_("A feedback sheet covers at most %(n)s days; make one per week.") % {"n": MAX_SHEET_DAYS})
        obj.date_end = day_end
    parsed = _parse_ratings(obj, ratings)
    obj.date = day
    obj.strengths = clean_text(strengths, _("Strengths"))
    obj.work_points = clean_text(work_points, _("Points to work on"))
    obj.agreements = clean_text(agreements, _("Agreements"))
    obj.updated_by = by
    obj.revision += 1
    obj.full_clean()
    obj.save()
    existing = {r.indicator_id: r for r in obj.ratings.all()}
    keep, create, update = set(), [], []
    for indicator_id, (level, remark) in parsed.items():
        if level is None and not remark:
            continue
        keep.add(indicator_id)
        rating = existing.get(indicator_id)
        if rating is None:
            create.append(FeedbackRating(sheet=obj, indicator_id=indicator_id, level=level, remark=remark))
        elif rating.level_id != (level.pk if level else None) or rating.remark != remark:
            rating.level, rating.remark = level, remark
            update.append(rating)
    FeedbackRating.objects.bulk_create(create)
    FeedbackRating.objects.bulk_update(update, ["level", "remark"])
    obj.ratings.exclude(indicator_id__in=keep).delete()
    return obj


@transaction.atomic
def sheet_submit(*, sheet: FeedbackSheet, by) -> FeedbackSheet:
    """Submit: with coach review on at the site, it goes to the coach; else it is shared."""
    obj = FeedbackSheet.objects.select_for_update().select_related("internship__site").get(pk=sheet.pk)
    if obj.status != S.DRAFT:
        raise ValidationError(_("This sheet was submitted already."))
    if not obj.ratings.exists() and not (obj.strengths or obj.work_points or obj.agreements):
        raise ValidationError(_("Rate at least one indicator or write something before submitting."))
    now = timezone.now()
    obj.submitted_at = now
    if obj.internship.site.coach_review:
        obj.status = S.IN_REVIEW
        text = _("Feedback of %(date)s submitted to the coach.")
    else:
        obj.status, obj.shared_at = S.SHARED, now
        text = _("Feedback of %(date)s shared.")
    obj.revision += 1
    if obj.status == S.SHARED:
        obj.snapshot = sheet_content(obj)  # what it shows from now on (ADR 0011)
    obj.save()
    event(obj.internship, by, "feedback", text % {"date": obj.date.strftime("%d/%m/%Y")})
    if obj.status == S.SHARED:
        notification_events.sheet_shared(obj, by=by)
    return obj


@transaction.atomic
def sheet_review(*, sheet: FeedbackSheet, by, comment: str, approve: bool) -> FeedbackSheet:
    """The coach comments (to the mentor only) and approves (shared) or sends it back (draft)."""
    obj = FeedbackSheet.objects.select_for_update().get(pk=sheet.pk)
    if obj.status != S.IN_REVIEW:
        raise ValidationError(_("This sheet is not waiting for a review."))
    obj.coach_comment = clean_text(comment, _("Comment"))
    if not approve and not obj.coach_comment:
        raise ValidationError(_("Write the mentor what to change before you send the sheet back."))
    obj.reviewed_by, obj.reviewed_at = by, timezone.now()
    if approve:
        obj.status, obj.shared_at = S.SHARED, timezone.now()
        text = _("Feedback of %(date)s approved by the coach and shared.")
    else:
        obj.status = S.DRAFT
        text = _("Feedback of %(date)s sent back to the mentor by the coach.")
    obj.revision += 1
    if obj.status == S.SHARED:
        obj.snapshot = sheet_content(obj)  # what it shows from now on (ADR 0011)
    obj.save()
    event(obj.internship, by, "feedback", text % {"date": obj.date.strftime("%d/%m/%Y")})
    notification_events.sheet_reviewed(obj, by=by, approved=approve)
    return obj


@transaction.atomic
def sheet_reflect(*, sheet: FeedbackSheet, by, reflection: str) -> FeedbackSheet:
    obj = FeedbackSheet.objects.select_for_update().get(pk=sheet.pk)
    if obj.status != S.SHARED:
        raise ValidationError(_("You can reflect on a shared sheet only."))
    reflection = clean_text(reflection, _("Reflection"))
    if not reflection:
        raise ValidationError(_("Write your reflection first."))
    first = not obj.reflection
    obj.reflection, obj.reflection_at = reflection, timezone.now()
    obj.save(update_fields=["reflection", "reflection_at"])
    if first:
        event(obj.internship, by, "feedback", _("Reflection on the feedback of %(date)s.") % {"date": obj.date.strftime("%d/%m/%Y")})
        notification_events.reflection_written(obj, by=by)
    return obj


@transaction.atomic
def sheet_addendum(*, sheet: FeedbackSheet, by, text: str) -> FeedbackAddendum:
    if sheet.status != S.SHARED:
        raise ValidationError(_("An addendum is for a shared sheet."))
    text = clean_text(text, _("Addendum"))
    if not text:
        raise ValidationError(_("Write the addendum first."))
    addendum = FeedbackAddendum.objects.create(sheet=sheet, author=by, text=text)
    event(sheet.internship, by, "feedback", _("Addendum to the feedback of %(date)s.") % {"date": sheet.date.strftime("%d/%m/%Y")})
    return addendum


def mark_read(*, sheet: FeedbackSheet, user) -> None:
    """Remember that this person opened the shared sheet (one query on later visits)."""
    if sheet.status != S.SHARED:
        return
    if not SheetRead.objects.filter(sheet=sheet, user=user).update(read_at=timezone.now()):
        SheetRead.objects.get_or_create(sheet=sheet, user=user)
