"""Categories and groups as Wagtail snippets: editors and admins create and describe
the network's places; moderation happens on the site (/network/moderation/)."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.admin.ui.tables import Column
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import Category, Group

# The counters kept on the rows have no label of their own (they are not edited):
# their columns say what they count in the editor's language.
THREADS_COLUMN = Column("threads_count", label=_("Threads"))


class CategoryViewSet(SnippetViewSet):
    model = Category
    icon = "folder-open-inverse"
    list_display = ["name", "visibility", THREADS_COLUMN, "position"]
    search_fields = ["name"]
    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("description"),
        FieldPanel("visibility"),
        FieldPanel("members_can_start_threads"),
        FieldPanel("position"),
    ]


class GroupViewSet(SnippetViewSet):
    model = Group
    icon = "group"
    list_display = [
        "name",
        "visibility",
        Column("members_count", label=_("Members")),
        THREADS_COLUMN,
    ]
    list_filter = ["visibility"]
    search_fields = ["name"]
    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("description"),
        FieldPanel("visibility"),
        FieldPanel("region"),
    ]


class NetworkViewSetGroup(SnippetViewSetGroup):
    items = (CategoryViewSet, GroupViewSet)
    menu_icon = "group"
    menu_label = _("Network")
    menu_name = "network"


register_snippet(NetworkViewSetGroup)
