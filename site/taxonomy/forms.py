"""What every site form for a classified page asks first (sharing a story, a video's
page, proposing a learning path): its title and its summary, the summary's limit and
help taken from the model, so the form and the admin keep one rule."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ClassifiedPage


class ClassifiedPageForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=255)
    summary = ClassifiedPage._meta.get_field("summary").formfield(
        label=_("Summary"), widget=forms.Textarea(attrs={"rows": 3})
    )
