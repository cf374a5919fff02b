"""The feedback sheet's form, built from the catalogue outline of the internship's pinned version:
one level and one remark per indicator, the days, the three texts and the revision the page was
loaded with. It parses and types what was posted; the rules (dates in the period, lengths, the
revision) stay in ``services.sheet_save``.

``level_field`` and ``unknown_keys`` serve the evaluation's form too (evaluations/evaluation/forms.py)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from evaluations.feedback.services import KEEP

VALID_DATE = _("Give a valid date.")
OUT_OF_DATE = _("This page is out of date; reload it and make your change again.")
FOREIGN_INDICATOR = _("An indicator of another catalogue version was sent; reload the page.")
FOREIGN_LEVEL = _("A level that is not on the scale of this catalogue was sent; reload the page.")


class DayField(forms.DateField):
    """A day as a browser's ``<input type=date>`` sends it (2026-03-12); blank is no day."""

    input_formats = ["%Y-%m-%d"]
    default_error_messages = {"invalid": VALID_DATE, "required": VALID_DATE}

    def to_python(self, value):
        return super().to_python(value.strip() if isinstance(value, str) else value)


def revision_field() -> forms.IntegerField:
    """The revision a page was loaded with (hidden); the service says what a missing one means."""
    return forms.IntegerField(required=False, widget=forms.HiddenInput, error_messages={"invalid": OUT_OF_DATE})


def level_field(levels, *, label: str = "") -> forms.TypedChoiceField:
    """A level of the version's scale (its pk) or none (blank)."""
    return forms.TypedChoiceField(
        label=label, required=False, coerce=int, empty_value=None,
        choices=[("", "–"), *((level.pk, f"{level.value}. {level.label}") for level in levels)],
        error_messages={"invalid_choice": FOREIGN_LEVEL},
    )


def text_field(label: str = "") -> forms.CharField:
    """A free text; its length is checked by the service, which names the field."""
    return forms.CharField(label=label, required=False, strip=False, widget=forms.Textarea)


def unknown_keys(form: forms.BaseForm, prefixes) -> list[str]:
    """The posted keys that start with one of ``prefixes`` but are no field of ``form``: an id
    of another catalogue version, or no id at all (posted by hand or from a stale page)."""
    return [key for key in form.data if key.startswith(tuple(prefixes)) and key not in form.fields]


class SheetForm(forms.Form):
    """``level-<indicator pk>`` and ``remark-<indicator pk>`` for each indicator of the outline
    (``outline``: the clusters and levels ``catalogue.selectors.rating_outline`` gives), as the page names them.
    The sheet is saved whole, as autosave posts it (the whole form): an indicator left out is
    not rated. A form that has no ``date_end`` (an older open page) leaves the last day alone."""

    revision = revision_field()
    overwrite = revision_field()  # "keep my version" after a conflict: the revision now stored
    carry = forms.BooleanField(required=False)
    date = DayField(label=_("Day"))
    date_end = DayField(label=_("until (for a week)"), required=False)
    strengths = text_field(_("Strengths"))
    work_points = text_field(_("Points to work on"))
    agreements = text_field(_("Agreements"))

    def __init__(self, data, *, outline):
        super().__init__(data)
        self.clusters, self.levels = clusters, levels = outline
        self.indicator_ids = [indicator.pk for cluster in clusters for indicator in cluster.indicators.all()]
        for pk in self.indicator_ids:
            self.fields[f"level-{pk}"] = level_field(levels)
            self.fields[f"remark-{pk}"] = text_field()

    def clean(self):
        if unknown_keys(self, ("level-", "remark-")):
            raise forms.ValidationError(FOREIGN_INDICATOR)
        return super().clean()

    def save_arguments(self, previous=None) -> dict:
        """The keyword arguments of ``services.sheet_save`` (but sheet and by), from valid data;
        with ``carry``, the open points of ``previous`` (the sheet before) are added to the texts."""
        data = self.cleaned_data
        arguments = {
            "revision": data["overwrite"] or data["revision"], "day": data["date"],
            "day_end": data["date_end"] if "date_end" in self.data else KEEP,
            "strengths": data["strengths"], "work_points": data["work_points"], "agreements": data["agreements"],
            "ratings": {pk: (data[f"level-{pk}"], data[f"remark-{pk}"]) for pk in self.indicator_ids},
        }
        if data["carry"] and previous is not None:
            for field in ("work_points", "agreements"):
                old = getattr(previous, field).strip()
                if old and old not in arguments[field]:
                    arguments[field] = (arguments[field].rstrip() + "\n" + old).strip()
        return arguments

    def posted(self, sheet, arguments: dict | None = None) -> dict:
        """What the page shows again after a problem (``selectors.sheet_edit(posted=...)``): the
        texts as typed (or as they were sent to the service), each level and day that could be read."""
        data = getattr(self, "cleaned_data", {})
        raw = self.data
        texts = arguments or raw
        return {
            "revision": data.get("overwrite") or data.get("revision"),
            "date": data.get("date"),
            "date_end": data.get("date_end") if "date_end" in raw else sheet.date_end,
            **{field: texts.get(field, "") for field in ("strengths", "work_points", "agreements")},
            "ratings": {pk: (data.get(f"level-{pk}"), raw.get(f"remark-{pk}", "")) for pk in self.indicator_ids},
        }


class ReviewForm(forms.Form):
    """The coach's review: a comment to the mentor, and approve (share) or send back."""

    comment = text_field(_("Comment"))
    decision = forms.ChoiceField(
        required=False, choices=[("approve", _("Approve and share")), ("return", _("Send back to the mentor"))],
    )

    @property
    def approve(self) -> bool:
        return self.cleaned_data["decision"] != "return"


class ReflectionForm(forms.Form):
    reflection = text_field(_("Reflection"))


class AddendumForm(forms.Form):
    text = text_field(_("Addendum"))
