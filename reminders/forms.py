"""The coordinator's schedule form (every reminder in one form) and an organisation's opt-outs."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from reminders.rules import Setting


class ScheduleForm(forms.Form):
    """One row per reminder: on/off, days, and for a reminder with a second step its days."""

    def __init__(self, *args, settings: list[Setting], **kwargs):
        super().__init__(*args, **kwargs)
        self.settings = settings
        for s in settings:
            self.fields[f"{s.reminder}_enabled"] = forms.BooleanField(label=_("On"), required=False, initial=s.enabled)
            self.fields[f"{s.reminder}_days"] = forms.IntegerField(
                label=s.default.days_means, min_value=0, max_value=90, initial=s.days,
            )
            if s.default.later_days is not None:
                self.fields[f"{s.reminder}_later"] = forms.IntegerField(
                    label=s.default.later_means, min_value=1, max_value=90, initial=s.later_days,
                )

    def rows(self):
        """(setting, enabled field, days field, later field or None) for the template."""
        for s in self.settings:
            later = self[f"{s.reminder}_later"] if f"{s.reminder}_later" in self.fields else None
            yield s, self[f"{s.reminder}_enabled"], self[f"{s.reminder}_days"], later

    def values(self) -> list[tuple[str, bool, int, int | None]]:
        d = self.cleaned_data
        return [(s.reminder, d[f"{s.reminder}_enabled"], d[f"{s.reminder}_days"], d.get(f"{s.reminder}_later"))
                for s in self.settings]


class OptOutForm(forms.Form):
    """The reminders an organisation turned off for its own people."""

    organisation = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, reminders: list[str], organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisations = {o.pk: o for o in organisations}
        for reminder in reminders:
            self.fields[f"off_{reminder}"] = forms.BooleanField(required=False)

    def clean_organisation(self):
        org = self.organisations.get(self.cleaned_data["organisation"])
        if org is None:  # a foreign id posted by hand
            raise forms.ValidationError(_("Choose one of your organisations."))
        return org
