"""The catalogue import in the Wagtail admin: an editor uploads the CSV or JSON file
that `manage.py import_catalogue` reads, and sees each rejected row with its number
and reason, while the good rows are imported (importer.py does the work)."""

from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.translation import gettext_lazy
from django.views.generic import FormView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from .forms import CatalogueImportForm
from .importer import ImportFileError, import_rows, read_data
from .models import CatalogueIndexPage

# The created entries listed after an import, with their edit links.
LISTED_PAGES = 50


def import_permissions(user):
    """(catalogue index, ``user``'s page permissions on it) when ``user`` may create
    practice entries, the import's work (Wagtail's permission to add pages under the
    index); else (index or None, None)."""
    index = CatalogueIndexPage.objects.first()
    if index is None:
        return None, None
    permissions = index.permissions_for_user(user)
    return index, permissions if permissions.can_add_subpage() else None


def can_import(user):
    return import_permissions(user)[1] is not None


class CatalogueImportView(WagtailAdminTemplateMixin, FormView):
    """/admin/catalogue/import/: the file, the options, and after sending it the
    report: counts, rejected rows, notes and the created entries."""

    form_class = CatalogueImportForm
    template_name = "catalogue/admin/import.html"
    page_title = gettext_lazy("Import catalogue entries")
    header_icon = "upload"

    def dispatch(self, request, *args, **kwargs):
        self.index, self.page_permissions = import_permissions(request.user)
        if self.page_permissions is None:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.page_title}]

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["can_publish"] = self.page_permissions.can_publish_subpage()
        return kwargs

    def form_valid(self, form):
        options = form.cleaned_data
        report = file_error = None
        try:
            report = import_rows(
                read_data(options["file"].read(), options["file"].name),
                publish=options.get("publish", False),
                dry_run=options["dry_run"],
                create_municipalities=options["create_municipalities"],
                parent=self.index,
            )
        except ImportFileError as exc:
            file_error = str(exc)
        fresh = self.get_form_class()(
            initial={key: value for key, value in options.items() if key != "file"},
            can_publish=self.page_permissions.can_publish_subpage(),
        )
        return self.render_to_response(
            self.get_context_data(
                form=fresh,
                report=report,
                file_error=file_error,
                file_name=options["file"].name,
                created_pages=(
                    [
                        (page, reverse("wagtailadmin_pages:edit", args=[page.pk]))
                        for page in report.pages[:LISTED_PAGES]
                    ]
                    if report
                    else []
                ),
            )
        )
