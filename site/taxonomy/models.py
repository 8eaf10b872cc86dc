"""The shared vocabulary of Dela: where things happen (country, region,
municipality) and what they are about (DigComp 2.2 competences, sectors, target groups).

Every other app tags its content with these; this app imports none of them.
"""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Count, F, Q
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from rest_framework import serializers
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.models import Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from dela.pictures import PicturedPage
from dela.text import nordic_slug

from .review import check_publishable

INTERFACE_LANGUAGES = ("sv", "nb", "da", "en")


class TranslatedName(models.Model):
    """A name in each interface language; `name` picks the visitor's language.

    Reference terms (countries, competences, sectors, target groups) are shown in the
    interface language, unlike proper nouns such as municipality names.
    """

    name_sv = models.CharField(_("name (Swedish)"), max_length=200)
    name_nb = models.CharField(_("name (Norwegian Bokmål)"), max_length=200, blank=True)
    name_da = models.CharField(_("name (Danish)"), max_length=200, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)

    name_panels = [
        FieldRowPanel([FieldPanel("name_sv"), FieldPanel("name_nb")]),
        FieldRowPanel([FieldPanel("name_da"), FieldPanel("name_en")]),
    ]

    class Meta:
        abstract = True

    def __str__(self):
        return self.name

    def names(self):
        """[(language, name)] of every language it is named in (search matches a
        query in any of them)."""
        return [
            (language, getattr(self, f"name_{language}"))
            for language in INTERFACE_LANGUAGES
            if getattr(self, f"name_{language}")
        ]

    @property
    def name(self):
        language = (get_language() or "sv").split("-")[0]
        if language not in INTERFACE_LANGUAGES:
            language = "en"
        return getattr(self, f"name_{language}") or self.name_sv or self.name_en


class CountryQuerySet(models.QuerySet):
    def get_by_natural_key(self, code):
        return self.get(code=code)


class Country(TranslatedName):
    """A Nordic country, by its ISO 3166-1 code (the `country` facet's values)."""

    code = models.CharField(
        _("ISO code"),
        max_length=2,
        unique=True,
        validators=[
            RegexValidator(r"^[A-Z]{2}$", _("Use a two-letter ISO code such as SE."))
        ],
    )

    objects = CountryQuerySet.as_manager()

    panels = [FieldPanel("code"), *TranslatedName.name_panels]

    class Meta:
        ordering = ["code"]
        verbose_name = _("country")
        verbose_name_plural = _("countries")

    def natural_key(self):
        return (self.code,)


class SlugFromName(models.Model):
    """A unique, readable slug made from the name on first save (used in facet URLs:
    `?municipality=halmstad&region=halland`). Same names in two countries get the
    country code appended."""

    slug = models.SlugField(_("slug"), max_length=120, unique=True, blank=True)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self.slug:
            base = nordic_slug(self.name, max_length=100, fallback="x")
            candidate = base
            taken = type(self).objects.exclude(pk=self.pk).filter
            if taken(slug=candidate).exists():
                candidate = f"{base}-{self.country.code.lower()}"
            counter = 2
            while taken(slug=candidate).exists():
                candidate = f"{base}-{counter}"
                counter += 1
            self.slug = candidate
        super().save(*args, **kwargs)


class Region(SlugFromName):
    """A county, region or landsdel: Halland, Vestland, Region Syddanmark."""

    name = models.CharField(_("name"), max_length=200)
    country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        related_name="regions",
        verbose_name=_("country"),
    )
    official_code = models.CharField(_("official code"), max_length=20, blank=True)

    panels = [FieldPanel("name"), FieldPanel("country"), FieldPanel("official_code")]

    class Meta:
        ordering = ["country__code", "name"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        constraints = [
            models.UniqueConstraint(
                fields=["country", "name"], name="unique_region_per_country"
            )
        ]

    def __str__(self):
        return self.name


class MunicipalityQuerySet(models.QuerySet):
    def for_email(self, address):
        """The municipality owning the address's registered e-mail domain, or None.

        `anna@halmstad.se` and `anna@Halmstad.SE` both give Halmstad; sub-domains do not
        count, so `anna@skola.halmstad.se` needs `skola.halmstad.se` registered too.
        """
        domain = address.rpartition("@")[2].strip().lower()
        if not domain:
            return None
        return self.filter(email_domains__domain=domain).first()

    def with_place(self):
        return self.select_related("country", "region")


class Municipality(SlugFromName, ClusterableModel):
    """A kommune/kommun with its official code (SCB, SSB or DST numbering)."""

    name = models.CharField(_("name"), max_length=200)
    official_code = models.CharField(
        _("official code"),
        max_length=10,
        blank=True,
        help_text=_(
            "The national statistics code, e.g. 1380 for Halmstad. Empty only for a "
            "municipality an import created, until an editor sets it."
        ),
    )
    country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        related_name="municipalities",
        verbose_name=_("country"),
    )
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        related_name="municipalities",
        null=True,
        blank=True,
        verbose_name=_("region"),
    )

    objects = MunicipalityQuerySet.as_manager()

    panels = [
        FieldPanel("name"),
        FieldPanel("official_code"),
        FieldPanel("country"),
        FieldPanel("region"),
        MultiFieldPanel(
            [InlinePanel("email_domains", label=_("E-mail domain"))],
            heading=_("E-mail domains"),
            help_text=_(
                "Members who verify an address on one of these domains become "
                "ambassadors of this municipality automatically."
            ),
        ),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        constraints = [
            models.UniqueConstraint(
                fields=["country", "official_code"],
                condition=~models.Q(official_code=""),
                name="unique_municipality_code_per_country",
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        """The municipality's page (served by the competence app, named by URL so
        this app imports none)."""
        return reverse("competence:municipality", args=[self.slug])

    def clean(self):
        super().clean()
        if (
            self.region_id
            and self.country_id
            and self.region.country_id != self.country_id
        ):
            raise ValidationError({"region": _("The region lies in another country.")})


domain_validator = RegexValidator(
    r"^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$",
    _("Enter a domain such as halmstad.se, without @ or http://."),
)


class MunicipalityEmailDomain(models.Model):
    """An e-mail domain owned by a municipality (halmstad.se → Halmstad)."""

    municipality = ParentalKey(
        Municipality, on_delete=models.CASCADE, related_name="email_domains"
    )
    domain = models.CharField(
        _("domain"), max_length=253, unique=True, validators=[domain_validator]
    )

    panels = [FieldPanel("domain")]

    class Meta:
        ordering = ["domain"]
        verbose_name = _("e-mail domain")
        verbose_name_plural = _("e-mail domains")

    def __str__(self):
        return self.domain

    def save(self, *args, **kwargs):
        self.domain = self.domain.strip().lower()
        super().save(*args, **kwargs)


class CompetenceArea(TranslatedName):
    """One of the five DigComp 2.2 competence areas."""

    code = models.CharField(_("code"), max_length=4, unique=True)

    panels = [FieldPanel("code"), *TranslatedName.name_panels]

    class Meta:
        ordering = ["code"]
        verbose_name = _("competence area")
        verbose_name_plural = _("competence areas")

    def __str__(self):
        return f"{self.code} {self.name}"


class Competence(TranslatedName):
    """A DigComp 2.2 competence, e.g. 2.4 Collaborating through digital technologies."""

    code = models.CharField(
        _("code"),
        max_length=8,
        unique=True,
        validators=[
            RegexValidator(r"^\d+\.\d+$", _("Use a DigComp code such as 2.4."))
        ],
    )
    area = models.ForeignKey(
        CompetenceArea,
        on_delete=models.PROTECT,
        related_name="competences",
        verbose_name=_("competence area"),
    )

    panels = [FieldPanel("code"), FieldPanel("area"), *TranslatedName.name_panels]

    class Meta:
        ordering = ["code"]
        verbose_name = _("competence")
        verbose_name_plural = _("competences")

    def __str__(self):
        return f"{self.code} {self.name}"


class Sector(TranslatedName):
    """The part of a municipality a story comes from: elderly care, school…"""

    slug = models.SlugField(_("slug"), unique=True)

    panels = [FieldPanel("slug"), *TranslatedName.name_panels]

    class Meta:
        ordering = ["name_sv"]
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")


class TargetGroup(TranslatedName):
    """Who a practice is for: employees, managers, citizens 65+…"""

    slug = models.SlugField(_("slug"), unique=True)

    panels = [FieldPanel("slug"), *TranslatedName.name_panels]

    class Meta:
        ordering = ["name_sv"]
        verbose_name = _("target group")
        verbose_name_plural = _("target groups")


class ClassifiedPageQuerySet(PageQuerySet):
    def in_catalogue(self):
        """What the catalogue and its exports list: published, public, not retired."""
        return self.live().public().filter(retired=False)


class TermListField(serializers.Field):
    """A many-to-many taxonomy field in the page API: a list of small objects."""

    def __init__(self, describe, related=(), **kwargs):
        self.describe = describe
        self.related = related
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, manager):
        items = manager.all()
        if self.related:
            items = items.select_related(*self.related)
        return [self.describe(item) for item in items]


class TermField(serializers.Field):
    """A foreign-key taxonomy field in the page API: a small object or null."""

    def __init__(self, describe, **kwargs):
        self.describe = describe
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, item):
        return self.describe(item)


class TaggedClassifiedPage(TaggedItemBase):
    content_object = ParentalKey(
        "taxonomy.ClassifiedPage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class CompetenceClassified(models.Model):
    """The DigComp 2.2 competences a page is about: one field, one admin panel and one
    API field for every page type classified by competence (the catalogue's pages
    through ClassifiedPage, and events, which are not catalogue items)."""

    competences = ParentalManyToManyField(
        Competence, blank=True, related_name="+", verbose_name=_("DigComp competences")
    )

    competence_panel = FieldPanel("competences", widget=forms.CheckboxSelectMultiple)
    competence_api_field = APIField(
        "competences",
        serializer=TermListField(lambda c: {"code": c.code, "name": c.name}),
    )

    class Meta:
        abstract = True


class ClassifiedPage(PicturedPage, CompetenceClassified, Page):  # noqa: DJ008 (Page.__str__ gives the title)
    """A page described by the shared taxonomy: case stories, catalogue entries, videos.

    Each has a picture (dela.pictures.PicturedPage) for its cards and its page.

    One concrete table for what every such page shares, so the catalogue and its facets
    query all types at once (one query per facet, whatever the number of types).
    Subclasses set `catalogue_type` (the `type` facet value) and its label.
    """

    catalogue_type = ""
    catalogue_type_label = ""

    summary = models.TextField(
        _("summary"),
        max_length=600,
        help_text=_("Two or three sentences shown in lists and search results."),
    )
    language = models.CharField(
        _("language"),
        max_length=2,
        choices=settings.DELA_CONTENT_LANGUAGES,
        default="sv",
    )
    year = models.PositiveSmallIntegerField(
        _("year"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1990), MaxValueValidator(2100)],
        help_text=_("The year the work took place."),
    )
    municipalities = ParentalManyToManyField(
        Municipality, blank=True, related_name="+", verbose_name=_("municipalities")
    )
    sector = models.ForeignKey(
        Sector,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("sector"),
    )
    target_groups = ParentalManyToManyField(
        TargetGroup, blank=True, related_name="+", verbose_name=_("target groups")
    )
    tags = ClusterTaggableManager(
        through=TaggedClassifiedPage, blank=True, verbose_name=_("tags")
    )
    featured = models.BooleanField(
        _("featured"), default=False, help_text=_("Shown first in the catalogue.")
    )
    verified = models.BooleanField(
        _("verified practice"),
        default=False,
        help_text=_("An editor has checked that this practice works as described."),
    )
    retired = models.BooleanField(
        _("retired"),
        default=False,
        help_text=_(
            "Kept at its address for reference, but no longer listed in the catalogue."
        ),
    )

    objects = PageManager.from_queryset(ClassifiedPageQuerySet)()

    is_creatable = False

    taxonomy_panels = [
        FieldPanel("language"),
        FieldPanel("year"),
        FieldPanel("municipalities"),
        FieldPanel("sector"),
        FieldPanel("target_groups", widget=forms.CheckboxSelectMultiple),
        CompetenceClassified.competence_panel,
        FieldPanel("tags"),
    ]
    curation_panels = [
        FieldPanel("featured"),
        FieldPanel("verified"),
        FieldPanel("retired"),
    ]

    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.FilterField("language"),
        index.FilterField("retired"),
        index.RelatedFields("tags", [index.SearchField("name")]),
    ]

    # The shared fields in Wagtail's API v2; subclasses start their `api_fields`
    # with this list: `api_fields = ClassifiedPage.taxonomy_api_fields + [...]`.
    taxonomy_api_fields = [
        APIField("summary"),
        APIField("language"),
        APIField("year"),
        APIField(
            "municipalities",
            serializer=TermListField(
                lambda m: {
                    "slug": m.slug,
                    "name": m.name,
                    "official_code": m.official_code,
                    "country": m.country.code,
                },
                related=("country",),
            ),
        ),
        APIField(
            "sector", serializer=TermField(lambda s: {"slug": s.slug, "name": s.name})
        ),
        APIField(
            "target_groups",
            serializer=TermListField(lambda t: {"slug": t.slug, "name": t.name}),
        ),
        CompetenceClassified.competence_api_field,
        APIField("tags"),
        APIField("featured"),
        APIField("verified"),
        APIField("retired"),
    ]

    class Meta:
        verbose_name = _("classified page")

    def publication_problem(self):
        """Why this page may not be published yet (a translated sentence), or None.

        The one publication rule of the catalogue (`taxonomy.review` asks it when a
        page is sent to review, approved or published); page types with a rule of
        their own (a video without captions in its language) override it."""
        return None

    def publish(self, revision, *args, **kwargs):
        """No code path publishes a page that breaks the publication rule."""
        check_publishable(revision.as_object())
        return super().publish(revision, *args, **kwargs)

    def submissions_url(self):
        """Where the page's author follows their submission on the site (for the
        review e-mails), or None: page types that take submissions say."""
        return None

    def with_shared_terms(self, queryset):
        """`queryset` annotated with how many tags (`shared_tags`) and competences
        (`shared_competences`) each page shares with this one, and the condition
        `shares_something` for filtering. Subqueries on the through tables keep it to
        one query whatever the number of terms (and ignore the unsaved in-memory
        values a preview holds)."""
        tag_ids = TaggedClassifiedPage.objects.filter(content_object_id=self.pk).values(
            "tag_id"
        )
        competence_ids = ClassifiedPage.competences.through.objects.filter(
            classifiedpage_id=self.pk
        ).values("competence_id")
        annotated = queryset.exclude(pk=self.pk).annotate(
            shared_tags=Count(
                "tagged_items",
                filter=Q(tagged_items__tag_id__in=tag_ids),
                distinct=True,
            ),
            shared_competences=Count(
                "competences",
                filter=Q(competences__id__in=competence_ids),
                distinct=True,
            ),
        )
        shares_something = Q(tagged_items__tag_id__in=tag_ids) | Q(
            competences__id__in=competence_ids
        )
        return annotated, shares_something

    def related_pages(self, limit=4):
        """Other catalogue pages sharing the most tags and competences with this one,
        for "related entries" on every detail page. One query (plus whatever the
        caller prefetches); pages sharing nothing are left out."""
        annotated, _shares_something = self.with_shared_terms(
            ClassifiedPage.objects.in_catalogue()
        )
        return (
            annotated.annotate(shared=F("shared_tags") + F("shared_competences"))
            .filter(shared__gt=0)
            .order_by("-shared", "-first_published_at", "pk")[:limit]
        )

    @classmethod
    def catalogue_types(cls):
        """{type key: (label, page model)} of every concrete subclass."""
        found = {}
        pending = list(cls.__subclasses__())
        while pending:
            model = pending.pop()
            pending.extend(model.__subclasses__())
            if model.catalogue_type and not model._meta.abstract:
                found[model.catalogue_type] = (model.catalogue_type_label, model)
        return found
