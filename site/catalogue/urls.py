"""The export addresses of DESIGN.md: /catalogue/export.csv and /catalogue/export.json,
served as the catalogue index page's route export/<format>/."""

from dela.page_files import page_file

urlpatterns = [
    page_file(r"export\.(?P<fmt>csv|json)", "export/{fmt}/", "catalogue_export")
]
