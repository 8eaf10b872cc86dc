"""Network meetings, workshops and courses in Dela's search."""

from django.utils.translation import gettext_lazy as _

from search.pages import restricted_pages_watch, searchable_text
from search.registry import PUBLIC, SearchableType, SearchDocument, register

from .models import EventPage


class EventSearch(SearchableType):
    name = "event"
    label = _("Event")
    model = EventPage
    watch = (restricted_pages_watch(EventPage),)

    def get_queryset(self):
        return (
            EventPage.objects.live()
            .select_related("organiser__country", "organiser__region")
            .prefetch_related("audience")
        )

    def to_document(self, page):
        if not page.live or page.get_view_restrictions().exists():
            return None
        organiser = page.organiser
        facets, labels, municipalities = {}, {}, []
        if organiser is not None:
            municipalities = [organiser.name]
            facets["municipality"] = [organiser.slug]
            facets["country"] = [organiser.country.code]
            labels["country"] = {organiser.country.code: str(organiser.country)}
            if organiser.region_id:
                facets["region"] = [organiser.region.slug]
                labels["region"] = {organiser.region.slug: organiser.region.name}
        groups = list(page.audience.all())
        if groups:
            facets["target_group"] = [group.slug for group in groups]
            labels["target_group"] = {group.slug: group.name for group in groups}
        facets["year"] = [str(page.starts_at.year)]
        text = " ".join([page.organiser_name, searchable_text(page)])
        return SearchDocument(
            type=self.name,
            key=str(page.pk),
            title=page.title,
            url=page.get_url() or page.url_path,
            language=page.language,
            text=text,
            summary=page.summary,
            municipalities=municipalities,
            facets=facets,
            facet_labels=labels,
            audience=[PUBLIC],
            boost=0.6 if page.cancelled else 1.0,
            date=page.starts_at,
        )


register(EventSearch())
