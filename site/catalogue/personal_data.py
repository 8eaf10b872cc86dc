"""The catalogue's part of a person's data export (accounts/personal_data.py)."""

from accounts.personal_data import section


@section(
    "catalogue_entries_as_contact", ["catalogue.CatalogueEntryPage.contact_ambassador"]
)
def entries_as_contact(user):
    """Catalogue entries that name the person as the ambassador to ask."""
    from .models import CatalogueEntryPage

    return [
        {"title": entry.title, "url": entry.url_path, "live": entry.live}
        for entry in CatalogueEntryPage.objects.filter(contact_ambassador=user)
    ]
