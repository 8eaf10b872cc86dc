"""Exports that open safely in a spreadsheet: the catalogue's public export and the
admin's exports (event registrations) share these rules.

A cell that starts like a formula (=, +, -, @, a tab or a carriage return) is run by
Excel and LibreOffice: it gets a leading apostrophe, which they show as text (the
catalogue's importer strips it again). CSV files start with a UTF-8 byte order mark, so
Excel reads å, ä, ö, æ and ø as they are.
"""

from wagtail.admin.views.generic.models import IndexView

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"


def safe_cell(value):
    """``value`` as a cell no spreadsheet runs."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class SafeExportIndexView(IndexView):
    """A Wagtail listing whose CSV and XLSX exports follow these rules."""

    def preprocess_field_value(self, field, value, export_format):
        return safe_cell(super().preprocess_field_value(field, value, export_format))

    def stream_csv(self, queryset):
        yield BOM
        yield from super().stream_csv(queryset)

    def write_csv_response(self, queryset):
        response = super().write_csv_response(queryset)
        response["Content-Type"] = "text/csv; charset=utf-8"
        return response
