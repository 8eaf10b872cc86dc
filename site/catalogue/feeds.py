"""RSS and Atom feeds of what is new in the catalogue: /catalogue/feed/rss/ and
/catalogue/feed/atom/, narrowed by the facet parameters (?tag=…, ?municipality=…,
?type=story for new case stories).
"""

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext as _

from taxonomy.facets import FACETS_BY_NAME

from .listing import catalogue_items, type_label

FEED_LENGTH = 30


class CatalogueFeed(Feed):
    """The newest catalogue items the selection chooses, newest published first."""

    def __init__(self, index_page, selection, kind):
        super().__init__()
        self.index_page = index_page
        self.selection = selection
        self.feed_type = Atom1Feed if kind == "atom" else Rss201rev2Feed

    def __call__(self, request, *args, **kwargs):
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def title(self):
        chosen = [
            f"{FACETS_BY_NAME[name].label}: {', '.join(str(v) for v in values)}"
            for name, values in self.selection.chosen.items()
        ]
        title = _("New in the Dela catalogue")
        return f"{title} ({'; '.join(chosen)})" if chosen else title

    def link(self):
        url = self.index_page.get_url(self.request)
        query = self.selection.as_query_items()
        if query:
            from django.utils.http import urlencode

            url += "?" + urlencode(query)
        return url

    def description(self):
        return self.index_page.intro or _(
            "Case stories, videos and practice from municipalities in the Nordics."
        )

    def items(self):
        queryset = self.selection.apply(catalogue_items())
        return queryset.order_by("-first_published_at", "-pk")[:FEED_LENGTH]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return item.get_url(self.request)

    def item_guid(self, item):
        return item.get_full_url(self.request)

    def item_guid_is_permalink(self, item):
        return True

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.last_published_at

    def item_categories(self, item):
        label = str(type_label(item))
        return [*([label] if label else []), *(tag.name for tag in item.tags.all())]


def catalogue_feed(index_page, selection, kind):
    return CatalogueFeed(index_page, selection, kind)
