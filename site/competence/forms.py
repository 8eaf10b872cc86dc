"""The self-assessment form of one DigComp area: a radio group per competence."""

from django import forms
from django.utils.translation import gettext_lazy as _

from taxonomy.forms import ClassifiedPageForm

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


class CompareForm(forms.Form):
    """Compare a profile with a role's target profile (a GET form)."""

    profile = forms.ChoiceField(
        label=_("Compare with the profile of"),
        required=False,
        error_messages={"invalid_choice": _("There is no such competence profile.")},
    )

    def __init__(self, *args, profiles=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.profiles = {p.slug: p for p in profiles}
        self.fields["profile"].choices = [
            ("", _("DigComp's level 3 on every competence"))
        ] + [(p.slug, p.name) for p in profiles]

    def chosen(self):
        if not self.is_valid():
            return None
        return self.profiles.get(self.cleaned_data["profile"])


class ScopeForm(forms.Form):
    """The programme view's scope: all of Dela, a region or a municipality."""

    region = forms.ModelChoiceField(
        label=_("Region"),
        queryset=None,
        required=False,
        to_field_name="slug",
        empty_label=_("All regions"),
        error_messages={"invalid_choice": _("There is no such region.")},
    )
    municipality = forms.ModelChoiceField(
        label=_("Municipality"),
        queryset=None,
        required=False,
        to_field_name="slug",
        empty_label=_("All municipalities"),
        error_messages={"invalid_choice": _("There is no such municipality.")},
    )

    def __init__(self, *args, places=None, **kwargs):
        """`places`: (regions, municipalities) a programme lead may choose from
        (permissions.programme_places); None offers every place."""
        from taxonomy.models import Municipality, Region

        super().__init__(*args, **kwargs)
        regions, municipalities = places or (Region.objects, Municipality.objects)
        self.limited = places is not None
        self.fields["region"].queryset = regions.select_related("country")
        self.fields["municipality"].queryset = municipalities.order_by("name")
        if self.limited:
            # A lead's view is always about one of their places, never all of Dela.
            self.fields["region"].empty_label = _("Choose a region")
            self.fields["municipality"].empty_label = _("Choose a municipality")

    def scope(self):
        """The chosen place; for a programme lead who chose none, the first place
        they lead; all of Dela for an editor who chose none (or chose wrongly)."""
        from .programme import Scope

        valid = self.is_valid()
        region = self.cleaned_data.get("region") if valid else None
        municipality = self.cleaned_data.get("municipality") if valid else None
        if self.limited and not (region or municipality) and not self.errors:
            region = self.fields["region"].queryset.order_by("name").first()
            if region is None:
                municipality = self.fields["municipality"].queryset.first()
        return Scope(region=region, municipality=municipality)


class PathProposalForm(ClassifiedPageForm):
    """A learning path as an ambassador proposes it: plain text, DigComp, language.
    The steps are a formset of their own (StepFormSet)."""

    intro = forms.CharField(
        label=_("Introduction"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Who the path is for and what they will be able to do after it. Plain "
            "text: leave an empty line between paragraphs."
        ),
    )
    duration = forms.CharField(
        label=_("Duration"),
        required=False,
        max_length=100,
        help_text=_("How long the path takes, e.g. five weeks, an hour a week."),
    )
    competences = forms.ModelMultipleChoiceField(
        label=_("Digital competences (DigComp)"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    language = forms.ChoiceField(label=_("Language of the path"), choices=())

    def __init__(self, *args, **kwargs):
        from django.conf import settings

        from taxonomy.models import Competence

        super().__init__(*args, **kwargs)
        self.fields["competences"].queryset = Competence.objects.order_by("code")
        self.fields["language"].choices = settings.DELA_CONTENT_LANGUAGES

    def values(self):
        """The form's data as given, for showing it again unvalidated (after
        finding or adding steps)."""
        return {
            name: (
                self.data.getlist(self.add_prefix(name))
                if isinstance(field, forms.ModelMultipleChoiceField)
                else self.data.get(self.add_prefix(name), "")
            )
            for name, field in self.fields.items()
        }


# The largest page id a database holds (Wagtail's pages have 32-bit keys): larger
# numbers typed into the form never reach a query.
MAX_PAGE_ID = 2**31 - 1


def page_id(value):
    """A posted page id as an int, or None when it cannot be one."""
    value = str(value or "")
    return int(value) if value.isdigit() and 0 < int(value) <= MAX_PAGE_ID else None


class StepForm(forms.Form):
    """One step: the chosen page (kept in a hidden field; the chooser adds it),
    its position, what to do there, and a box to take it out."""

    page = forms.IntegerField(
        widget=forms.HiddenInput, min_value=1, max_value=MAX_PAGE_ID
    )
    position = forms.IntegerField(label=_("Position"), min_value=1, max_value=999)
    note = forms.CharField(
        label=_("What to do"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    remove = forms.BooleanField(label=_("Remove this step"), required=False)


StepFormSet = forms.formset_factory(StepForm, extra=0, max_num=1000)


def step_rows(formset, added=()):
    """The steps a formset holds, in the order their positions say, without the
    removed ones, then the pages in `added` that are not steps yet:
    [{"page": id, "note": text}]. Lenient (a mistyped position keeps its place),
    as it only redraws the form."""
    rows = []
    for number, form in enumerate(formset.forms):
        form.is_valid()
        data = form.cleaned_data
        page = data.get("page")
        if not page or data.get("remove"):
            continue
        position = data.get("position") or number + 1
        rows.append((position, number, {"page": page, "note": data.get("note", "")}))
    rows = [row for _position, _number, row in sorted(rows, key=lambda r: r[:2])]
    present = {row["page"] for row in rows}
    for page in added:
        if page not in present:
            rows.append({"page": page, "note": ""})
            present.add(page)
    for number, row in enumerate(rows, 1):
        row["position"] = number
    return rows
