"""Editors define competence profiles for roles and say who leads which place's
programme, as snippets (admin menu)."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .choosers import person_chooser_viewset
from .models import ProgrammeLead, RoleProfile


class RoleProfileViewSet(SnippetViewSet):
    model = RoleProfile
    icon = "user"
    menu_label = _("Competence profiles")
    add_to_admin_menu = True
    menu_order = 320
    list_display = ["name", "slug", "target_group"]
    search_fields = ["name_sv", "name_nb", "name_da", "name_en"]


register_snippet(RoleProfileViewSet)


class ProgrammeLeadViewSet(SnippetViewSet):
    """Who leads which municipality's or region's programme (and so sees its
    programme view)."""

    model = ProgrammeLead
    icon = "group"
    menu_label = _("Programme leads")
    add_to_admin_menu = True
    menu_order = 321
    list_display = ["user", "municipality", "region"]
    # The person from a searchable, paged chooser, not a select of every member.
    panels = [
        FieldPanel("user", widget=person_chooser_viewset.widget_class),
        FieldPanel("municipality"),
        FieldPanel("region"),
    ]


@hooks.register("register_admin_viewset")
def register_person_chooser():
    return person_chooser_viewset


register_snippet(ProgrammeLeadViewSet)
