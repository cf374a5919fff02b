"""The evaluation's forms, built from the catalogue outline of the internship's pinned version.

``EvaluationForm`` has a field for each part the person sent and may change (the view asks
``access.evaluation_rights``): the mentor's (``level-<indicator pk>``, ``cremark-<cluster pk>``,
``mentor_advice``), the student's self-assessment (``self-<indicator pk>``) and the school's
(``school_assessment``, ``decision``, ``conversation_date``, ``conversation_present``). Levels
and remarks are saved for what was posted only. ``SignForm`` is the signature's form. They parse
and type what was posted; the rules stay in ``services``."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from evaluations.evaluation.models import Evaluation
from evaluations.feedback.forms import (
    FOREIGN_INDICATOR,
    OUT_OF_DATE,
    DayField,
    level_field,
    revision_field,
    text_field,
    unknown_keys,
)

MENTOR, SCHOOL, SELF = "mentor", "school", "self"
#: What names a part in a post: keys that start with these, or are one of these.
PART_PREFIXES = {MENTOR: ("level-", "cremark-"), SCHOOL: (), SELF: ("self-",)}
PART_NAMES = {MENTOR: ("mentor_advice",), SCHOOL: ("school_assessment", "decision", "conversation_date", "conversation_present"),
              SELF: ()}
INDICATOR_PREFIXES = {MENTOR: ("level-",), SELF: ("self-",)}
FOREIGN_CLUSTER = _("A cluster of another catalogue version was sent; reload the page.")


def parts_sent(data) -> set[str]:
    """The parts (MENTOR, SCHOOL, SELF) that a post has fields of."""
    return {
        part for part in PART_PREFIXES
        if any(key.startswith(PART_PREFIXES[part]) or key in PART_NAMES[part] for key in data)
    }


class EvaluationForm(forms.Form):
    revision = revision_field()
    overwrite = revision_field()  # "keep my version" after a conflict: the revision now stored

    def __init__(self, data, *, outline, parts):
        super().__init__(data)
        clusters, levels = outline
        self.parts = parts
        self.indicator_ids = [indicator.pk for cluster in clusters for indicator in cluster.indicators.all()]
        self.cluster_ids = [cluster.pk for cluster in clusters]
        if MENTOR in parts:
            self.fields.update({f"level-{pk}": level_field(levels) for pk in self.indicator_ids})
            self.fields.update({f"cremark-{pk}": text_field() for pk in self.cluster_ids})
            self.fields["mentor_advice"] = text_field(_("Advice of the mentor"))
        if SELF in parts:
            self.fields.update({f"self-{pk}": level_field(levels) for pk in self.indicator_ids})
        if SCHOOL in parts:
            self.fields["school_assessment"] = text_field(_("Assessment of the school"))
            self.fields["decision"] = forms.ChoiceField(
                label=_("Decision"), required=False, choices=Evaluation.Decision.choices,
                error_messages={"invalid_choice": _("Unknown decision.")},
            )
            self.fields["conversation_date"] = DayField(label=_("Date of the evaluation conversation"), required=False)
            self.fields["conversation_present"] = forms.CharField(label=_("Present"), required=False, strip=False)

    def clean(self):
        if unknown_keys(self, [prefix for part in self.parts for prefix in INDICATOR_PREFIXES.get(part, ())]):
            raise forms.ValidationError(FOREIGN_INDICATOR)
        if MENTOR in self.parts and unknown_keys(self, ["cremark-"]):
            raise forms.ValidationError(FOREIGN_CLUSTER)
        return super().clean()

    def _posted(self, prefix: str, ids) -> dict:
        """{id: typed value} of the fields ``<prefix><id>`` that were posted."""
        return {pk: self.cleaned_data[f"{prefix}{pk}"] for pk in ids if f"{prefix}{pk}" in self.data}

    def save_arguments(self) -> dict:
        """The keyword arguments of ``services.evaluation_save`` (but evaluation and by)."""
        data = self.cleaned_data
        arguments = {"revision": data["overwrite"] or data["revision"], "mentor_part": None, "school_part": None, "self_part": None}
        if MENTOR in self.parts:
            arguments["mentor_part"] = {"levels": self._posted("level-", self.indicator_ids),
                                        "remarks": self._posted("cremark-", self.cluster_ids), "advice": data["mentor_advice"]}
        if SELF in self.parts:
            arguments["self_part"] = {"levels": self._posted("self-", self.indicator_ids)}
        if SCHOOL in self.parts:
            arguments["school_part"] = {
                "assessment": data["school_assessment"], "decision": data["decision"],
                "conversation_date": data["conversation_date"], "conversation_present": data["conversation_present"],
            }
        return arguments

    def show_typed(self, evaluation: Evaluation, clusters) -> None:
        """Put what was posted on the page's objects (``selectors.evaluation_page``, not saved),
        so that a page shown again after a problem loses nothing that was typed."""
        typed = getattr(self, "cleaned_data", {})

        def value(name, default):
            if name not in self.data or name not in self.fields:
                return default
            return typed.get(name, default) if name not in self.errors else default

        for cluster in clusters:
            cluster.remark = self.data.get(f"cremark-{cluster.pk}", cluster.remark) if MENTOR in self.parts else cluster.remark
            for indicator in cluster.indicators.all():
                indicator.level_id = value(f"level-{indicator.pk}", indicator.level_id)
                indicator.student_level_id = value(f"self-{indicator.pk}", indicator.student_level_id)
        for name in ("mentor_advice", "school_assessment", "conversation_present"):
            if name in self.fields:
                setattr(evaluation, name, self.data.get(name, ""))
        evaluation.decision = value("decision", evaluation.decision)
        evaluation.conversation_date = value("conversation_date", evaluation.conversation_date)


class SignForm(forms.Form):
    """``as`` (mentor or teacher: blank is the one the person may sign as), the revision the page
    showed (one signs what one saw) and the password (not for who signs with a mailed code)."""

    revision = forms.IntegerField(widget=forms.HiddenInput, error_messages={"required": OUT_OF_DATE, "invalid": OUT_OF_DATE})
    password = forms.CharField(required=False, strip=False, widget=forms.PasswordInput)

    def __init__(self, data):
        super().__init__(data)
        self.fields["as"] = forms.ChoiceField(required=False, choices=[("mentor", _("Mentor")), ("teacher", _("School"))])


class CorrectionForm(forms.Form):
    """Why a signed evaluation gets a correction (the service requires it and checks its length)."""

    reason = text_field(_("Reason for the correction"))
