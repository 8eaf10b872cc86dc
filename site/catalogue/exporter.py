"""/catalogue/export.csv and /catalogue/export.json: the filtered catalogue as open
data, in the import format (see interchange.py) plus each page's type and address.

Every type the catalogue lists is exported; `import_catalogue` imports the practice
entries back and skips the other types, so importing an export changes nothing.
Exports stream in chunks: a constant number of queries per 500 pages, flat memory.
"""

import csv
import json

from django.db.models import Prefetch
from django.http import StreamingHttpResponse

from dela.spreadsheets import safe_cell
from taxonomy.models import ClassifiedPage, Competence, Municipality, TargetGroup

from .interchange import (
    ENTRY_TYPE,
    EXPORT_FIELDS,
    LIST_FIELDS,
    ambiguous_municipality_names,
    municipality_label,
    stream_to_text,
)
from .listing import ORDERING, type_labels
from .models import CatalogueEntryPage

CHUNK_SIZE = 500
CSV_LIST_SEPARATOR = "; "


def export_response(request, selection, fmt):
    """A streaming attachment of the catalogue pages the selection chooses."""
    queryset = selection.apply(ClassifiedPage.objects.in_catalogue()).order_by(
        *ORDERING
    )
    ids = list(queryset.values_list("pk", flat=True))
    rows = export_rows(request, ids)
    if fmt == "json":
        response = StreamingHttpResponse(
            _json_lines(rows), content_type="application/json; charset=utf-8"
        )
    else:
        response = StreamingHttpResponse(
            _csv_lines(rows), content_type="text/csv; charset=utf-8"
        )
    response["Content-Disposition"] = f'attachment; filename="dela-catalogue.{fmt}"'
    return response


def export_rows(request, ids):
    """One dict per page, in the order of `ids`, fields as EXPORT_FIELDS."""
    labels = type_labels()
    ambiguous = ambiguous_municipality_names()
    for start in range(0, len(ids), CHUNK_SIZE):
        chunk = ids[start : start + CHUNK_SIZE]
        pages = {
            page.pk: page
            for page in ClassifiedPage.objects.filter(pk__in=chunk)
            .select_related("sector")
            .prefetch_related(
                Prefetch(
                    "municipalities",
                    queryset=Municipality.objects.select_related("country").order_by(
                        "name"
                    ),
                ),
                Prefetch("competences", queryset=Competence.objects.order_by("code")),
                Prefetch(
                    "target_groups", queryset=TargetGroup.objects.order_by("slug")
                ),
                "tags",
            )
        }
        entries = {
            entry.pk: entry
            for entry in CatalogueEntryPage.objects.filter(pk__in=chunk).only(
                "external_id", "how", "who", "results", "effort"
            )
        }
        for pk in chunk:
            page = pages.get(pk)
            if page is not None:
                yield _row(request, page, entries.get(pk), labels, ambiguous)


def _row(request, page, entry, labels, ambiguous):
    municipalities = list(page.municipalities.all())
    countries = {m.country.code for m in municipalities}
    row = {
        "type": labels.get(page.content_type_id, ("", ""))[0],
        "external_id": (entry.external_id or "") if entry else "",
        "title": page.title,
        "summary": page.summary,
        "body": stream_to_text(entry.how) if entry else "",
        "language": page.language,
        "municipality": [municipality_label(m, ambiguous) for m in municipalities],
        "country": countries.pop() if len(countries) == 1 else "",
        "tags": sorted(tag.name for tag in page.tags.all()),
        "competences": [c.code for c in page.competences.all()],
        "year": page.year,
        "sector": page.sector.slug if page.sector else "",
        "target_groups": [t.slug for t in page.target_groups.all()],
        "who": entry.who if entry else "",
        "results": entry.results if entry else "",
        "effort": entry.effort if entry else "",
        "url": page.get_full_url(request),
    }
    if row["type"] != ENTRY_TYPE:
        row["external_id"] = ""
    return row


class _Echo:
    def write(self, value):
        return value


def _csv_cell(name, value):
    if name in LIST_FIELDS:
        value = CSV_LIST_SEPARATOR.join(value)
    if value is None:
        return ""
    return safe_cell(value)


def _csv_lines(rows):
    writer = csv.writer(_Echo())
    yield writer.writerow(EXPORT_FIELDS)
    for row in rows:
        yield writer.writerow([_csv_cell(name, row[name]) for name in EXPORT_FIELDS])


def _json_lines(rows):
    yield "["
    first = True
    for row in rows:
        yield ("\n" if first else ",\n") + json.dumps(
            {name: row[name] for name in EXPORT_FIELDS}, ensure_ascii=False
        )
        first = False
    yield "\n]\n"
