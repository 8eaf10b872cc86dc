"""The self-assessment form of one DigComp area: a radio group per competence."""

from django import forms
from django.utils.translation import gettext_lazy as _

from . import levels


def field_name(competence):
    return "c" + competence.code.replace(".", "_")


class AreaForm(forms.Form):
    """One optional radio group per competence of `area`: a half-filled page can be
    saved and finished later."""

    def __init__(self, area, *args, initial_levels=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.area = area
        self.competences = list(area.competences.all())
        initial_levels = initial_levels or {}
        for competence in self.competences:
            name = field_name(competence)
            self.fields[name] = forms.TypedChoiceField(
                label=f"{competence.code} {competence.name}",
                choices=[(level, levels.label(level)) for level in levels.LEVELS],
                coerce=int,
                empty_value=None,
                required=False,
                widget=forms.RadioSelect,
                error_messages={
                    "invalid_choice": _("Choose one of the levels 0 to 8.")
                },
            )
            self.initial[name] = initial_levels.get(competence.code)

    def levels_by_competence(self):
        return {
            competence: self.cleaned_data.get(field_name(competence))
            for competence in self.competences
        }

    def groups(self):
        """(competence, bound field, [(level, group, description, radio)]) for the
        template's fieldsets."""
        for competence in self.competences:
            bound = self[field_name(competence)]
            options = [
                (
                    levels.LEVELS[index],
                    levels.label(levels.LEVELS[index]),
                    levels.DESCRIPTIONS[levels.LEVELS[index]],
                    radio,
                )
                for index, radio in enumerate(bound)
            ]
            yield competence, bound, options
