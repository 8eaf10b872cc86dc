"""The catalogue's place in the Wagtail admin: the import of practice entries."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .views import CatalogueImportView, can_import


@hooks.register("register_admin_urls")
def register_import_url():
    return [
        path(
            "catalogue/import/",
            CatalogueImportView.as_view(),
            name="catalogue_import",
        )
    ]


class ImportMenuItem(MenuItem):
    def is_shown(self, request):
        return can_import(request.user)


@hooks.register("register_admin_menu_item")
def register_import_menu_item():
    return ImportMenuItem(
        _("Import catalogue entries"),
        reverse("catalogue_import"),
        icon_name="upload",
        order=250,
    )
