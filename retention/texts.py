"""The plain words of the retention policy, for the coordinator's pages and the privacy page."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from retention.models import Anchor, RecordType, Unit
from retention.rules import Rule

T = RecordType

#: Why each kind is kept (the privacy page).
WHY = {
    T.SENSITIVE_DOCUMENTS: gettext_lazy("The site must know that the student may work with young children and is fit for the work."),
    T.DOCUMENTS: gettext_lazy("The agreements of the internship: the internship agreement, the risk analysis of the work post."),
    T.SHEETS: gettext_lazy("The mentor's feedback and the student's reflection: the student learns from them during the internship."),
    T.HOURS: gettext_lazy("The hours and absences: the internship counts only when enough hours were done."),
    T.VISITS: gettext_lazy("What the teacher saw and agreed at the visits, and what was agreed at the intake meeting."),
    T.EVALUATIONS: gettext_lazy("The mentor's and the school's assessment: the basis of the decision."),
    T.DECISIONS: gettext_lazy("Whether the internship was sufficient: the school must be able to show it later (study certificate, appeal)."),
    T.AUDIT: gettext_lazy("Who opened a student's record, so the school can check that nobody looked who should not."),
    T.HISTORY: gettext_lazy("Earlier versions of what was changed, so a change can be traced."),
    T.NOTIFICATIONS: gettext_lazy("Mails and messages about what waits for someone."),
    T.EXPORTS: gettext_lazy("Files a school asked to download (a group's dossiers)."),
}

#: Who sees each kind (shared/docs/access-policy.md in plain words).
WHO = {
    T.SENSITIVE_DOCUMENTS: gettext_lazy("The school's admins and the student's teacher, the childcare organisation's admins, the coach and the mentor; the student their own."),
    T.DOCUMENTS: gettext_lazy("The school's admins and the student's teacher, the childcare organisation's admins, the coach and the mentor; the student their own."),
    T.SHEETS: gettext_lazy("The mentor who wrote it (and the coach where the site reviews sheets); once shared also the student, the teacher, the school's admins and the childcare organisation's admins."),
    T.HOURS: gettext_lazy("The student and the mentor (they log and confirm), the teacher, the school's and the childcare organisation's admins, the coach."),
    T.VISITS: gettext_lazy("The teacher (who writes them), the school's and the childcare organisation's admins, the coach, the mentor and the student."),
    T.EVALUATIONS: gettext_lazy("The mentor and the teacher who write it, the school's admins; after signing also the student, the coach and the childcare organisation's admins."),
    T.DECISIONS: gettext_lazy("The teacher and the school's admins; after signing also the student, the mentor, the coach and the childcare organisation's admins."),
    T.AUDIT: gettext_lazy("The school's admins (for their own students) and the student (their own)."),
    T.HISTORY: gettext_lazy("The same people as the record itself."),
    T.NOTIFICATIONS: gettext_lazy("Only the person they are for."),
    T.EXPORTS: gettext_lazy("The teacher or school admin who asked for it, and the school's admins."),
}


def how_long(rule: Rule) -> str:
    """A rule in plain words: "until 31 August of the school year after the internship"."""
    n = rule.amount
    if rule.unit == Unit.SCHOOL_YEARS:
        if n == 0:
            return _("until 31 August of the school year in which the internship ended") if rule.anchor == Anchor.END else _(
                "until 31 August of the school year in which it was made")
        if rule.anchor == Anchor.END:
            return ngettext("until 31 August of the school year after the internship",
                            "until 31 August, %(n)s school years after the school year of the internship", n) % {"n": n}
        return ngettext("until 31 August of the school year after it was made",
                        "until 31 August, %(n)s school years after the school year in which it was made", n) % {"n": n}
    if rule.unit == Unit.MONTHS:
        text = ngettext("%(n)s month", "%(n)s months", n) % {"n": n}
    else:
        text = ngettext("%(n)s day", "%(n)s days", n) % {"n": n}
    if rule.anchor == Anchor.END:
        return _("%(period)s after the end of the internship") % {"period": text}
    return _("%(period)s after it was made") % {"period": text}
