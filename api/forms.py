from __future__ import annotations

from datetime import datetime, time, timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from api.models import ApiToken


class TokenForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=80,
                           help_text=_("What the token is for, e.g. the link with the school's student administration."))
    scope = forms.ChoiceField(label=_("Scope"), choices=ApiToken.Scope.choices, initial=ApiToken.Scope.READ)
    expires_on = forms.DateField(label=_("Expires on"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                                 help_text=_("At most one year from today."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("expires_on", timezone.localdate() + timedelta(days=90))

    def expires_at(self):
        day = self.cleaned_data["expires_on"]
        return timezone.make_aware(datetime.combine(day, time(23, 59, 59)))
