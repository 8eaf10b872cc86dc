"""Every corpus vector in every column of the catalogue import (issue 13): each row is
imported or rejected with a reason naming the row, never an exception, and a
rejected row leaves no page behind."""

import pytest

from catalogue.importer import import_rows
from catalogue.interchange import IMPORT_FIELDS
from catalogue.models import CatalogueEntryPage
from tests.catalogue.catalogue_factories import make_index
from tests.hostile.corpus import CORPUS, vector_id

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.search_drift("hostile entries are indexed and unindexed at random"),
]

GOOD_ROW = {
    "external_id": "",
    "title": "Skärmbesök i hemtjänsten",
    "summary": "Hemtjänsten ringer upp med video.",
    "body": "",
    "language": "sv",
    "municipality": "",
    "country": "SE",
    "tags": "välfärdsteknik",
    "competences": "2.4",
    "year": "2023",
    "sector": "",
    "target_groups": "",
    "who": "",
    "results": "",
    "effort": "",
}


@pytest.mark.parametrize("column", IMPORT_FIELDS)
def test_each_column_takes_every_vector(column):
    index = make_index()
    rows = []
    for number, vector in enumerate(CORPUS, start=2):
        row = {**GOOD_ROW, column: vector}
        if column != "external_id":
            row["external_id"] = f"hostile-{number}"
        rows.append((number, row))
    report = import_rows(rows, parent=index, publish=True)
    rejected = {problem.row for problem in report.rejected}
    assert report.created + len(rejected) == len(rows), vector_id(column)
    for problem in report.rejected:
        assert problem.reason, problem
    imported = set(
        CatalogueEntryPage.objects.filter(
            external_id__startswith="hostile-"
        ).values_list("external_id", flat=True)
    )
    for number, row in rows:
        if number in rejected and column != "external_id":
            assert row["external_id"] not in imported, (column, number)
