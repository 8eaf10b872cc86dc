"""The admin's person chooser for programme leads: Wagtail's generic chooser modal
(ChooserViewSet) over the active members, searched by name or e-mail and paged,
instead of a select of every account (Dela has ten thousand members).

Only people who may appoint programme leads open it: it lists members' names and
addresses."""

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import chooser as chooser_views
from wagtail.admin.viewsets.chooser import ChooserViewSet


class PersonSearchForm(BaseFilterForm):
    q = forms.CharField(
        label=_("Name or e-mail"),
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("Name or e-mail")}),
    )

    def filter(self, objects):
        objects = super().filter(objects)
        query = (self.cleaned_data.get("q") or "").strip()
        if query:
            objects = objects.filter(
                objects.model.name_q(query) | Q(email__icontains=query)
            )
            self.is_searching = True
            self.search_query = query
        return objects


def may_appoint_programme_leads(user):
    return user.has_perm("competence.add_programmelead") or user.has_perm(
        "competence.change_programmelead"
    )


class _PersonChooserMixin:
    filter_form_class = PersonSearchForm
    ordering = ["email", "pk"]

    def dispatch(self, request, *args, **kwargs):
        if not may_appoint_programme_leads(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_object_list(self):
        return get_user_model().objects.filter(is_active=True)


class _ListingMixin(_PersonChooserMixin):
    @property
    def columns(self):
        return [*super().columns, Column("email", label=_("E-mail"))]


class ChoosePersonView(_ListingMixin, chooser_views.ChooseView):
    pass


class ChoosePersonResultsView(_ListingMixin, chooser_views.ChooseResultsView):
    pass


class ChosenPersonView(_PersonChooserMixin, chooser_views.ChosenView):
    pass


class ChosenPeopleView(_PersonChooserMixin, chooser_views.ChosenMultipleView):
    pass


class PersonChooserViewSet(ChooserViewSet):
    """Registered in wagtail_hooks; its widget is the Programme leads form's
    person field (not every form's: register_widget is off)."""

    model = settings.AUTH_USER_MODEL
    icon = "user"
    choose_one_text = _("Choose a person")
    choose_another_text = _("Choose another person")
    edit_item_text = _("Edit")
    register_widget = False
    per_page = 20
    choose_view_class = ChoosePersonView
    choose_results_view_class = ChoosePersonResultsView
    chosen_view_class = ChosenPersonView
    chosen_multiple_view_class = ChosenPeopleView


person_chooser_viewset = PersonChooserViewSet("competence_person_chooser")
