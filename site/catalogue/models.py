"""The inspiration catalogue: the faceted view over every classified page (case stories,
videos, practice entries), the short practice entries themselves and editors' themed
collections.

The catalogue lists pages through the shared base `taxonomy.ClassifiedPage`, so new page
types (stories, videos) appear here without this app importing them.
"""

from django.conf import settings
from django.db import models
from django.db.models import OuterRef, Q, Subquery
from django.http import HttpResponseBadRequest, JsonResponse
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    PageChooserPanel,
)
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from accounts.roles import in_directory_q
from home.blocks import ContentBlocks
from taxonomy.facets import FacetError, FacetSelection, faceted_listing
from taxonomy.models import ClassifiedPage, Competence

from . import listing


class CatalogueIndexPage(RoutablePageMixin, Page):
    """/catalogue/: editor's picks, themed collections and the faceted listing of every
    classified page, with its exports (/catalogue/export.csv, .json) and feeds."""

    # The main menu's label, in the reader's language (not the page's title).
    menu_label = _("Inspiration catalogue")

    intro = models.TextField(_("introduction"), max_length=1000, blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        MultiFieldPanel(
            [InlinePanel("editors_picks", label=_("Pick"))],
            heading=_("Editor's picks"),
            help_text=_(
                "Shown in this order on the catalogue front when no filter is chosen."
            ),
        ),
    ]
    search_fields = Page.search_fields + [index.SearchField("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = [
        "catalogue.CatalogueEntryPage",
        "catalogue.CatalogueCollectionPage",
    ]
    max_count = 1

    class Meta:
        verbose_name = _("catalogue index page")

    def picked_pages(self, prefetch=True):
        """The editor's picks that are in the catalogue, in the editor's order (with
        what their cards show unless prefetch is False: the caller fetches it)."""
        ids = list(
            self.editors_picks.order_by("sort_order").values_list("page_id", flat=True)
        )
        if not ids:
            return []
        items = listing.catalogue_items().filter(pk__in=ids)
        if not prefetch:
            items = items.prefetch_related(None)
        found = {page.pk: page for page in items}
        return [found[pk] for pk in ids if pk in found]

    def collections(self):
        return (
            CatalogueCollectionPage.objects.child_of(self)
            .live()
            .public()
            .order_by("path")
        )

    @path("")
    def index_route(self, request):
        result = faceted_listing(request, listing.catalogue_items(), per_page=12)
        front = (
            not result.selection and not result.errors and result.page_obj.number == 1
        )
        picks = []
        if front:
            # The picks' and the results' cards share one query per relation.
            picks = self.picked_pages(prefetch=False)
            page_items = list(result.page_obj.object_list.prefetch_related(None))
            listing.prefetch_cards(picks, page_items)
            result.page_obj.object_list = page_items
        # {% catalogue_url %} on this page is this page.
        request._dela_catalogue_url = self.get_url(request)
        return self.render(
            request,
            context_overrides={
                "listing": result,
                "page_obj": result.page_obj,
                "query_string": result.query_string,
                "picks": picks,
                "collections": list(self.collections()) if front else [],
                "is_front": front,
            },
        )

    @re_path(r"^export/(?P<fmt>csv|json)/$", name="export")
    def export_route(self, request, fmt):
        from . import exporter

        try:
            selection = FacetSelection.from_querydict(request.GET)
        except FacetError as exc:
            return _bad_request(fmt, exc.errors)
        return exporter.export_response(request, selection, fmt)

    @re_path(r"^feed/(?P<kind>rss|atom)/$", name="feed")
    def feed_route(self, request, kind):
        from . import feeds

        try:
            selection = FacetSelection.from_querydict(request.GET)
        except FacetError as exc:
            return _bad_request("txt", exc.errors)
        return feeds.catalogue_feed(self, selection, kind)(request)


def _bad_request(fmt, errors):
    messages = [str(error) for error in errors]
    if fmt == "json":
        return JsonResponse(
            {"error": "bad_parameters", "messages": messages}, status=400
        )
    return HttpResponseBadRequest(
        "\n".join(messages) + "\n", content_type="text/plain; charset=utf-8"
    )


class EditorsPick(Orderable):
    """One of the editor's picks on the catalogue front."""

    index_page = ParentalKey(
        CatalogueIndexPage, on_delete=models.CASCADE, related_name="editors_picks"
    )
    page = models.ForeignKey(
        ClassifiedPage,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("page"),
    )

    panels = [PageChooserPanel("page", "taxonomy.ClassifiedPage")]

    class Meta(Orderable.Meta):
        verbose_name = _("editor's pick")
        verbose_name_plural = _("editor's picks")


class CatalogueEntryPage(ClassifiedPage):
    """A short practice entry: what was done, by whom, how, with what results and
    effort, where to read more and whom to ask."""

    catalogue_type = "entry"
    catalogue_type_label = _("Practice")

    class Effort(models.TextChoices):
        LOW = "low", _("Low: a few hours or days, no budget")
        MEDIUM = "medium", _("Medium: weeks of work or a small budget")
        HIGH = "high", _("High: a project with its own budget and staff")

    who = models.TextField(
        _("who"),
        max_length=1000,
        blank=True,
        help_text=_("Who did it, and who it was for."),
    )
    how = StreamField(
        ContentBlocks(),
        verbose_name=_("how"),
        blank=True,
        help_text=_("How it was done, step by step."),
    )
    results = models.TextField(
        _("results"),
        max_length=2000,
        blank=True,
        help_text=_("What came of it: figures, reactions, lessons learned."),
    )
    effort = models.CharField(
        _("effort"),
        max_length=10,
        choices=Effort.choices,
        blank=True,
        help_text=_("How much work it takes to do the same in another municipality."),
    )
    contact_name = models.CharField(_("contact name"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_ambassador = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        limit_choices_to=in_directory_q,
        verbose_name=_("contact ambassador"),
        help_text=_("An ambassador on Dela to ask, instead of or beside a contact."),
    )
    external_id = models.CharField(
        _("external ID"),
        max_length=100,
        unique=True,
        null=True,
        blank=True,
        help_text=_(
            "The key `manage.py import_catalogue` updates this entry by. Leave empty "
            "for entries written here."
        ),
    )

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        *ClassifiedPage.picture_panels,
        FieldPanel("who"),
        FieldPanel("how"),
        FieldPanel("results"),
        FieldPanel("effort"),
        InlinePanel("links", label=_("Link"), heading=_("Links")),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [FieldPanel("contact_name"), FieldPanel("contact_email")]
                ),
                FieldPanel("contact_ambassador"),
            ],
            heading=_("Contact"),
        ),
        MultiFieldPanel(ClassifiedPage.taxonomy_panels, heading=_("Classification")),
    ]
    promote_panels = Page.promote_panels + [
        MultiFieldPanel(ClassifiedPage.curation_panels, heading=_("Curation")),
        FieldPanel("external_id"),
    ]
    search_fields = ClassifiedPage.search_fields + [
        index.SearchField("who"),
        index.SearchField("how"),
        index.SearchField("results"),
    ]
    api_fields = ClassifiedPage.taxonomy_api_fields + [
        APIField("who"),
        APIField("how"),
        APIField("results"),
        APIField("effort"),
        APIField("links"),
    ]

    parent_page_types = ["catalogue.CatalogueIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("practice entry")
        verbose_name_plural = _("practice entries")

    def save(self, *args, **kwargs):
        # Several entries without an import key must not collide on "".
        self.external_id = (self.external_id or "").strip() or None
        super().save(*args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["related"] = listing.with_card_relations(self.related_pages(limit=4))
        return context


class EntryLink(Orderable):
    """Where to read more about a practice entry."""

    page = ParentalKey(
        CatalogueEntryPage, on_delete=models.CASCADE, related_name="links"
    )
    title = models.CharField(_("title"), max_length=200)
    url = models.URLField(_("address"), max_length=500)

    panels = [FieldPanel("title"), FieldPanel("url")]
    api_fields = [APIField("title"), APIField("url")]

    class Meta(Orderable.Meta):
        verbose_name = _("link")
        verbose_name_plural = _("links")


class CollectionRuleTag(TaggedItemBase):
    """The tags a themed collection pulls entries in by."""

    content_object = ParentalKey(
        "catalogue.CatalogueCollectionPage",
        on_delete=models.CASCADE,
        related_name="rule_tagged_items",
    )


class CatalogueCollectionPage(Page):
    """A themed collection ("Välfärdsteknik", "Digital delaktighet 65+"): chosen items
    in the editor's order, plus whatever matches its rule, browsable by facet."""

    intro = models.TextField(_("introduction"), max_length=2000)
    rule_tags = ClusterTaggableManager(
        through=CollectionRuleTag,
        blank=True,
        verbose_name=_("tags"),
        help_text=_("Catalogue items with any of these tags join the collection."),
    )
    rule_competences = ParentalManyToManyField(
        Competence,
        blank=True,
        related_name="+",
        verbose_name=_("competences"),
        help_text=_(
            "Catalogue items with any of these competences join the collection. With "
            "tags too, an item needs one of each."
        ),
    )

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        InlinePanel("items", label=_("Item"), heading=_("Chosen items")),
        MultiFieldPanel(
            [FieldPanel("rule_tags"), FieldPanel("rule_competences")],
            heading=_("Rule"),
            help_text=_(
                "Optional: pull in matching catalogue items after the chosen ones."
            ),
        ),
    ]
    search_fields = Page.search_fields + [index.SearchField("intro")]

    parent_page_types = ["catalogue.CatalogueIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("themed collection")
        verbose_name_plural = _("themed collections")

    def member_pages(self):
        """The collection's catalogue items: the chosen ones in the editor's order,
        then those its rule matches, featured first, newest first."""
        chosen = CollectionItem.objects.filter(collection=self)
        matches = Q(pk__in=chosen.values("page_id"))
        rule = self.rule_q()
        if rule is not None:
            matches |= rule
        position = Subquery(
            chosen.filter(page_id=OuterRef("pk"))
            .order_by("sort_order")
            .values("sort_order")[:1]
        )
        # The position is an ordering expression, not an annotation: facet counts
        # group the queryset by value and an annotation would split their groups.
        items = listing.catalogue_items(ClassifiedPage.objects.filter(matches))
        return items.order_by(position.asc(nulls_last=True), *listing.ORDERING)

    def rule_q(self):
        """Q of the pages the rule pulls in (any of its tags, and any of its
        competences when it has both), or None without a rule."""
        tag_ids = list(self.rule_tags.values_list("pk", flat=True))
        competence_ids = [competence.pk for competence in self.rule_competences.all()]
        if not tag_ids and not competence_ids:
            return None
        rule = Q()
        if tag_ids:
            tagged = ClassifiedPage.objects.filter(tagged_items__tag_id__in=tag_ids)
            rule &= Q(pk__in=tagged.values("pk"))
        if competence_ids:
            taught = ClassifiedPage.objects.filter(competences__in=competence_ids)
            rule &= Q(pk__in=taught.values("pk"))
        return rule

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        result = faceted_listing(request, self.member_pages(), per_page=12)
        context.update(
            listing=result,
            page_obj=result.page_obj,
            query_string=result.query_string,
        )
        return context


class CollectionItem(Orderable):
    """A catalogue item an editor put in a themed collection."""

    collection = ParentalKey(
        CatalogueCollectionPage, on_delete=models.CASCADE, related_name="items"
    )
    page = models.ForeignKey(
        ClassifiedPage,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("page"),
    )

    panels = [PageChooserPanel("page", "taxonomy.ClassifiedPage")]

    class Meta(Orderable.Meta):
        verbose_name = _("collection item")
        verbose_name_plural = _("collection items")
