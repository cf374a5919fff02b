from django import forms
from django.utils.translation import gettext_lazy as _

from catalogue.models import CatalogueVersion, Programme


class ProgrammeForm(forms.ModelForm):
    class Meta:
        model = Programme
        fields = ["name", "code", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class ProgrammeRenameForm(forms.ModelForm):
    class Meta:
        model = Programme
        fields = ["name", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class NewVersionForm(forms.Form):
    label = forms.CharField(label=_("Version"), max_length=40, help_text=_("e.g. 2027-2028"))
    based_on = forms.ModelChoiceField(
        label=_("Start from"), queryset=CatalogueVersion.objects.none(), required=False,
        empty_label=_("an empty catalogue"),
    )

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["based_on"].queryset = programme.versions.exclude(status=CatalogueVersion.Status.DRAFT).order_by("-label")


class ImportForm(forms.Form):
    label = forms.CharField(label=_("Version of the new draft"), max_length=40)
    file = forms.FileField(
        label=_("File"), help_text=_("A JSON export of Uniform (complete), or CSV/XLSX with one row per indicator.")
    )


class VersionSettingsForm(forms.Form):
    revision = forms.IntegerField(widget=forms.HiddenInput, required=False)
    label = forms.CharField(label=_("Version"), max_length=40)
    teacher_profile = forms.CharField(label=_("Profile of the internship teacher"), widget=forms.Textarea(attrs={"rows": 5}), required=False, max_length=10000)
    mentor_profile = forms.CharField(label=_("Profile of the mentor"), widget=forms.Textarea(attrs={"rows": 5}), required=False, max_length=10000)


class ClusterForm(forms.Form):
    revision = forms.IntegerField(widget=forms.HiddenInput, required=False)
    code = forms.CharField(label=_("Code"), max_length=20, required=False)
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(label=_("Description"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class IndicatorForm(forms.Form):
    revision = forms.IntegerField(widget=forms.HiddenInput, required=False)
    code = forms.CharField(label=_("Code"), max_length=20, required=False)
    text = forms.CharField(label=_("Behaviour indicator"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))
    guidance = forms.CharField(label=_("Guidance or example"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
    cluster = forms.IntegerField(required=False)


class LevelForm(forms.Form):
    revision = forms.IntegerField(widget=forms.HiddenInput, required=False)
    label = forms.CharField(label=_("Label"), max_length=80)
    description = forms.CharField(label=_("Description"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
    is_sufficient = forms.BooleanField(label=_("sufficient"), required=False)


class ActivityForm(forms.Form):
    revision = forms.IntegerField(widget=forms.HiddenInput, required=False)
    title = forms.CharField(label=_("Activity"), max_length=200)
    description = forms.CharField(label=_("Description"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
    indicator_codes = forms.CharField(
        label=_("Linked indicators"), required=False, max_length=1000,
        help_text=_("Codes separated by commas, e.g. 1.2, 3.4"),
    )

    def __init__(self, *args, version, **kwargs):
        self.version = version
        super().__init__(*args, **kwargs)

    def clean_indicator_codes(self):
        """Codes → indicator ids of this version; an unknown code is an error that names it."""
        codes = [c.strip() for c in self.cleaned_data["indicator_codes"].replace(";", ",").split(",") if c.strip()]
        found = dict(self.version.indicators.filter(code__in=codes).values_list("code", "pk"))
        unknown = [c for c in codes if c not in found]
        if unknown:
            raise forms.ValidationError(
                _("Unknown indicator code(s) in this version: %(codes)s") % {"codes": ", ".join(unknown)}
            )
        return [found[c] for c in dict.fromkeys(codes)]
