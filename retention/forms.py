"""The coordinator's retention policy with the privacy contact, and a legal hold's reason."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from retention.models import RecordType, Unit
from retention.rules import ANCHORS, MAXIMUM, Rule


class PolicyForm(forms.Form):
    contact_name = forms.CharField(label=_("Privacy contact (name)"), max_length=160)
    contact_email = forms.EmailField(label=_("Email address of the privacy contact"))
    contact_phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    contact_organisation = forms.CharField(label=_("Organisation (e.g. the data-protection officer's)"), max_length=160,
                                           required=False)

    def __init__(self, *args, rules: dict[str, Rule], contact=None, **kwargs):
        initial = {f"{t}_amount": r.amount for t, r in rules.items()} | {f"{t}_unit": r.unit for t, r in rules.items()}
        if contact is not None:
            initial |= {"contact_name": contact.name, "contact_email": contact.email, "contact_phone": contact.phone,
                        "contact_organisation": contact.organisation}
        super().__init__(*args, initial=initial, **kwargs)
        for t in RecordType:
            self.fields[f"{t}_amount"] = forms.IntegerField(
                label=_("How long"), min_value=0, max_value=max(MAXIMUM.values()),
                error_messages={"required": _("Give a number (0 or more)."), "invalid": _("Give a whole number.")},
            )
            self.fields[f"{t}_unit"] = forms.ChoiceField(label=_("Unit"), choices=Unit.choices)

    def rows(self):
        """Per kind: (kind, its anchor's label, the amount field, the unit field)."""
        return [(t, ANCHORS[t][0].label, self[f"{t}_amount"], self[f"{t}_unit"]) for t in RecordType]

    def rules(self) -> dict[str, Rule]:
        data = self.cleaned_data
        return {t: Rule(t, ANCHORS[t][0], data[f"{t}_amount"], data[f"{t}_unit"]) for t in RecordType}


class HoldForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for the hold"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Give the reason for the hold.")},
        help_text=_("Why nothing of this may be removed now, e.g. a complaint, an appeal, a request of the inspection."),
    )
