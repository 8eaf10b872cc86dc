from django import forms
from django.utils.translation import gettext_lazy as _

from taxonomy.models import Municipality

from .models import AmbassadorRequest, User


class MunicipalityChoiceField(forms.ModelChoiceField):
    """Municipalities grouped by country, so a long list stays easy to scan."""

    def __init__(self, **kwargs):
        super().__init__(queryset=Municipality.objects.with_place(), **kwargs)

    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.region or obj.country})"


class ProfileForm(forms.ModelForm):
    municipality = MunicipalityChoiceField(
        label=_("Municipality"),
        required=False,
        empty_label=_("— choose your municipality —"),
    )

    class Meta:
        model = User
        fields = ["display_name", "first_name", "last_name", "municipality", "language"]
        widgets = {"display_name": forms.TextInput(attrs={"autocomplete": "nickname"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["first_name"].widget.attrs["autocomplete"] = "given-name"
        self.fields["last_name"].widget.attrs["autocomplete"] = "family-name"


class AmbassadorRequestForm(forms.ModelForm):
    municipality = MunicipalityChoiceField(
        label=_("Municipality"), empty_label=_("— choose your municipality —")
    )

    class Meta:
        model = AmbassadorRequest
        fields = ["municipality", "motivation"]
        widgets = {"motivation": forms.Textarea(attrs={"rows": 5, "maxlength": 2000})}

    def clean_motivation(self):
        motivation = self.cleaned_data["motivation"].strip()
        if len(motivation) < 20:
            raise forms.ValidationError(
                _("Tell the editors a little more (at least 20 characters).")
            )
        return motivation
