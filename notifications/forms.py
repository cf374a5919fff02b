from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from notifications import kinds
from notifications.kinds import Kind
from notifications.models import Delivery


class PreferencesForm(forms.Form):
    """One choice per kind (immediately / digest / off; "off" is not offered for a kind the
    person must act on), the digest hour and the language of mails."""

    digest_hour = forms.TypedChoiceField(
        label=_("Daily digest at"), coerce=int, choices=[(h, f"{h:02d}:00") for h in range(24)], initial=7,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    language = forms.ChoiceField(label=_("Language of mails"), choices=[("", _("Dutch (default)")), *settings.LANGUAGES], required=False,
                                 widget=forms.Select(attrs={"class": "form-select"}))

    def kinds(self) -> list[str]:
        return self.offered

    def __init__(self, *args, chosen: dict, defaults: dict, offered: list[str] | None = None, mail_settings=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.offered = list(offered) if offered is not None else list(Kind.values)
        if mail_settings is not None:
            self.fields["digest_hour"].initial = mail_settings.digest_hour
            self.fields["language"].initial = mail_settings.language
        for kind in self.kinds():
            options = [c for c in Delivery.choices if not (c[0] == Delivery.OFF and kinds.must_act(kind))]
            self.fields[f"kind_{kind}"] = forms.ChoiceField(
                widget=forms.RadioSelect,
                label=Kind(kind).label, choices=options, initial=chosen.get(kind, defaults.get(kind)),
                help_text=_("You have to act on this: it cannot be turned off.") if kinds.must_act(kind) else "",
            )

    def sections(self):
        return [(_("When something happens"), self.event_fields()), (_("Reminders"), self.reminder_fields())]

    def kind_fields(self):
        return [self[f"kind_{kind}"] for kind in self.kinds()]

    def event_fields(self):
        return [self[f"kind_{k}"] for k in self.kinds() if k not in kinds.REMINDERS]

    def reminder_fields(self):
        return [self[f"kind_{k}"] for k in self.kinds() if k in kinds.REMINDERS]

    def choices(self) -> dict[str, str]:
        return {kind: self.cleaned_data[f"kind_{kind}"] for kind in self.kinds()}
