"""Taxonomy's rules (facets, labels) are tested on classified pages, with the
catalogue's test data: its fixtures, shared rather than written twice."""

from tests.catalogue.conftest import (  # noqa: F401  (fixtures)
    catalogue,
    client,
    english,
    index,
    places,
)
