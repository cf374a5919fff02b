from django import forms
from django.utils.translation import gettext_lazy as _

from exports.models import ExportJob
from internships.models import Internship


class GroupChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, group):
        return f"{group.name} · {group.school_year} · {group.school.name}"


class ExportForm(forms.Form):
    group = GroupChoiceField(label=_("Group"), queryset=None, empty_label=None,
                             widget=forms.Select(attrs={"class": "form-select"}))
    kind = forms.ChoiceField(label=_("What"), choices=[c for c in ExportJob.Kind.choices if c[0] not in (ExportJob.Kind.STUDENT_DATA, ExportJob.Kind.DOSSIER)], initial=ExportJob.Kind.DOSSIERS,
                             widget=forms.Select(attrs={"class": "form-select"}))
    status = forms.ChoiceField(
        label=_("Only internships with status"), required=False,
        choices=[("", _("all statuses")), *Internship.Status.choices],
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def __init__(self, *args, groups, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = groups.select_related("school").order_by("school__name", "name", "pk")
