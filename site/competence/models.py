"""A member's DigComp self-assessments, kept over time.

An assessment is one sitting: at most one per person is open (being filled in, area by
area, savable midway); finishing it stamps `completed_at`, and the next sitting is a
new assessment, so the completed ones show progress. Nobody but the person sees them
(permissions.py); they are in the person's data export and go with the account.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from rest_framework import serializers
from wagtail.admin.panels import (
    FieldPanel,
    InlinePanel,
    MultiFieldPanel,
    PageChooserPanel,
)
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from taxonomy.models import ClassifiedPage, TranslatedName

from . import levels


class AssessmentQuerySet(models.QuerySet):
    def of(self, user):
        return self.filter(user=user)

    def completed(self):
        return self.filter(completed_at__isnull=False).order_by("-completed_at", "-pk")

    def open(self):
        return self.filter(completed_at__isnull=True)


class Assessment(models.Model):
    """One sitting of the self-assessment on the 21 DigComp competences."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="competence_assessments",
        verbose_name=_("person"),
    )
    started_at = models.DateTimeField(_("started"), default=timezone.now)
    updated_at = models.DateTimeField(_("last saved"), auto_now=True)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("self-assessment")
        verbose_name_plural = _("self-assessments")
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(completed_at__isnull=True),
                name="one_open_assessment_per_person",
            )
        ]

    def __str__(self):
        return f"{self.user} {self.started_at:%Y-%m-%d}"

    @property
    def is_completed(self):
        return self.completed_at is not None

    def levels_by_code(self):
        """{competence code: level} of what has been rated so far."""
        return dict(self.ratings.values_list("competence__code", "level"))


class Rating(models.Model):
    """The level a person gives themself on one competence in one assessment."""

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="ratings"
    )
    competence = models.ForeignKey(
        "taxonomy.Competence",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("competence"),
    )
    level = models.PositiveSmallIntegerField(
        _("level"),
        validators=[
            MinValueValidator(levels.LOWEST),
            MaxValueValidator(levels.HIGHEST),
        ],
    )

    class Meta:
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "competence"], name="one_rating_per_competence"
            ),
            models.CheckConstraint(
                condition=Q(level__gte=levels.LOWEST) & Q(level__lte=levels.HIGHEST),
                name="rating_level_in_digcomp_range",
            ),
        ]

    def __str__(self):
        return f"{self.competence.code}: {self.level}"


# --- Learning paths -------------------------------------------------------------------

# What a step may point at: the pages Dela's programmes learn from (by label, so this
# app imports none of their apps).
STEP_PAGE_TYPES = [
    "stories.CaseStoryPage",
    "catalogue.CatalogueEntryPage",
    "dela_media.VideoPage",
    "events.EventPage",
]


class StepListField(serializers.Field):
    """A path's steps in the page API: position, title, address, type and note."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, manager):
        steps = list(manager.select_related("page").order_by("sort_order", "pk"))
        return [
            {
                "position": number,
                "page_id": step.page_id,
                "title": step.page.title,
                "url": step.page.url,
                "type": step.page.specific_class._meta.label_lower
                if step.page.specific_class
                else "",
                "note": step.note,
            }
            for number, step in enumerate(steps, 1)
        ]


class LearningPathIndexPage(Page):
    """/paths/: every published learning path."""

    menu_label = _("Learning paths")
    # Ambassadors propose paths from the site (proposals.py): the paths index gets
    # the editors' review workflow, as the stories' and videos' indexes do.
    reviewed_submissions = True

    intro = models.TextField(_("introduction"), max_length=1000, blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["competence.LearningPathPage"]
    max_count = 1

    class Meta:
        verbose_name = _("learning path index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["paths"] = (
            LearningPathPage.objects.child_of(self)
            .in_catalogue()
            .prefetch_related("competences")
            .annotate(step_count=models.Count("steps"))
            .order_by("-featured", "title")
        )
        return context


class LearningPathPage(ClassifiedPage):
    """An ordered path through existing stories, practices, videos and events,
    composed by an editor ("Digital tillsyn i hemtjänsten på fem veckor"). Members
    follow it and mark its steps done; it is a catalogue type (facets, search)."""

    catalogue_type = "path"
    catalogue_type_label = _("Learning path")

    intro = RichTextField(
        _("introduction"),
        blank=True,
        features=["bold", "italic", "link", "ol", "ul"],
        help_text=_("Who the path is for and what they will be able to do after it."),
    )
    duration = models.CharField(
        _("duration"),
        max_length=100,
        blank=True,
        help_text=_("How long the path takes, e.g. five weeks, an hour a week."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("intro"),
        FieldPanel("duration"),
        InlinePanel("steps", label=_("Step"), heading=_("Steps"), min_num=1),
        MultiFieldPanel(ClassifiedPage.taxonomy_panels, heading=_("Classification")),
    ]
    promote_panels = Page.promote_panels + [
        MultiFieldPanel(ClassifiedPage.curation_panels, heading=_("Curation")),
    ]
    search_fields = ClassifiedPage.search_fields + [
        index.SearchField("intro"),
    ]
    api_fields = ClassifiedPage.taxonomy_api_fields + [
        APIField("intro"),
        APIField("duration"),
        APIField("steps", serializer=StepListField()),
    ]

    parent_page_types = ["competence.LearningPathIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("learning path")
        verbose_name_plural = _("learning paths")

    def publication_problem(self):
        """A published path has steps, and every step is a page everyone may read
        (taxonomy.review asks this on review, approval and publication)."""
        steps = list(self.steps.all())
        if not steps:
            return gettext("A learning path needs at least one step.")
        readable = set(
            Page.objects.filter(pk__in=[step.page_id for step in steps])
            .live()
            .public()
            .values_list("pk", flat=True)
        )
        hidden = [step for step in steps if step.page_id not in readable]
        if hidden:
            titles = Page.objects.filter(
                pk__in=[step.page_id for step in hidden]
            ).values_list("title", flat=True)
            return gettext(
                "Every step of a published path must be published for everyone. "
                "Not yet: %(titles)s."
            ) % {"titles": ", ".join(f"“{title}”" for title in titles)}
        return None

    def submissions_url(self):
        """The author follows their proposed path among their proposals."""
        return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse(
            "competence:path_proposals"
        )

    def ordered_steps(self):
        """The steps in order, each with its page (specific, for its address and
        type) in a fixed number of queries."""
        steps = list(self.steps.select_related("page").order_by("sort_order", "pk"))
        pages = {
            page.pk: page
            for page in Page.objects.filter(
                pk__in=[s.page_id for s in steps]
            ).specific()
        }
        for step in steps:
            step.target = pages.get(step.page_id)
            model = type(step.target) if step.target else None
            step.type_label = getattr(model, "catalogue_type_label", "") or (
                model._meta.verbose_name if model else ""
            )
        return steps

    def progress_of(self, user, steps=None):
        """The member's progress on this path (nothing for visitors)."""
        steps = steps if steps is not None else list(self.steps.all())
        progress = Progress(total=len(steps))
        if not getattr(user, "is_authenticated", False):
            return progress
        follow = PathFollow.objects.filter(user=user, path=self).first()
        if follow:
            progress.following = True
            progress.completed_at = follow.completed_at
            progress.done_ids = set(
                StepDone.objects.filter(
                    user=user, step__in=[s.pk for s in steps]
                ).values_list("step_id", flat=True)
            )
        return progress

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        steps = self.ordered_steps()
        context["steps"] = steps
        context["progress"] = self.progress_of(request.user, steps)
        return context


@dataclass
class Progress:
    """How far a member has come on a path."""

    following: bool = False
    done_ids: set = field(default_factory=set)
    total: int = 0
    completed_at: object = None

    @property
    def done(self):
        return len(self.done_ids)

    @property
    def percent(self):
        return round(100 * self.done / self.total) if self.total else 0


class LearningPathStep(Orderable):
    """One step of a path: an existing page, with what to do there."""

    path = ParentalKey(LearningPathPage, on_delete=models.CASCADE, related_name="steps")
    page = models.ForeignKey(
        "wagtailcore.Page",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("page"),
    )
    note = models.TextField(
        _("what to do"),
        max_length=500,
        blank=True,
        help_text=_("E.g. read it, try it with a colleague, bring a question."),
    )

    panels = [PageChooserPanel("page", STEP_PAGE_TYPES), FieldPanel("note")]

    class Meta(Orderable.Meta):
        verbose_name = _("step")
        verbose_name_plural = _("steps")

    def clean(self):
        super().clean()
        if self.page_id:
            model = self.page.specific_class
            label = model._meta.label if model else ""
            if label not in STEP_PAGE_TYPES:
                raise ValidationError(
                    {
                        "page": _(
                            "A step is a case story, a practice, a video or an event."
                        )
                    }
                )


class PathFollow(models.Model):
    """A member following a learning path; completed when every step is done."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="followed_paths",
    )
    path = models.ForeignKey(
        LearningPathPage, on_delete=models.CASCADE, related_name="follows"
    )
    started_at = models.DateTimeField(default=timezone.now)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("path followed")
        verbose_name_plural = _("paths followed")
        constraints = [
            models.UniqueConstraint(fields=["user", "path"], name="follow_path_once")
        ]

    def __str__(self):
        return f"{self.user} → {self.path}"


class StepDone(models.Model):
    """A step a member has marked done."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="path_steps_done",
    )
    step = models.ForeignKey(
        LearningPathStep, on_delete=models.CASCADE, related_name="done_by"
    )
    done_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("step done")
        verbose_name_plural = _("steps done")
        constraints = [
            models.UniqueConstraint(fields=["user", "step"], name="step_done_once")
        ]

    def __str__(self):
        return f"{self.user}: {self.step_id}"


# --- Competence profiles for roles ----------------------------------------------------


class RoleProfile(TranslatedName, ClusterableModel):
    """An editor's target profile for a profession or target group (care worker,
    teacher, librarian, manager, politician, citizen 65+), as KL's generic digital
    competence profiles: a target level on the competences that matter for it."""

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    description = models.TextField(_("description"), max_length=1000, blank=True)
    target_group = models.ForeignKey(
        "taxonomy.TargetGroup",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("target group"),
    )

    panels = [
        *TranslatedName.name_panels,
        FieldPanel("slug"),
        FieldPanel("description"),
        FieldPanel("target_group"),
        InlinePanel("targets", label=_("Target level"), heading=_("Target levels")),
    ]

    class Meta:
        ordering = ["name_sv"]
        verbose_name = _("competence profile")
        verbose_name_plural = _("competence profiles")

    def target_levels(self):
        """{competence code: target level}."""
        return {t.competence.code: t.level for t in self.targets.all()}


class RoleTarget(Orderable):
    """The level a role profile asks on one competence."""

    profile = ParentalKey(RoleProfile, on_delete=models.CASCADE, related_name="targets")
    competence = models.ForeignKey(
        "taxonomy.Competence",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("competence"),
    )
    level = models.PositiveSmallIntegerField(
        _("target level"),
        choices=[(level, levels.label_lazy(level)) for level in levels.LEVELS[1:]],
    )

    panels = [FieldPanel("competence"), FieldPanel("level")]

    class Meta(Orderable.Meta):
        verbose_name = _("target level")
        verbose_name_plural = _("target levels")
        constraints = [
            models.UniqueConstraint(
                fields=["profile", "competence"], name="one_target_per_competence"
            )
        ]

    def __str__(self):
        return f"{self.competence_id}: {self.level}"


# --- Programme leads ------------------------------------------------------------------


class ProgrammeLeadQuerySet(models.QuerySet):
    def of(self, user):
        return self.filter(user=user)

    def leads(self, user, scope):
        """Whether `user` leads the programme of `scope` (a programme.Scope): its
        municipality, the region that municipality lies in, or its region. All of
        Dela is nobody's to lead."""
        mine = self.of(user)
        if scope.municipality is not None:
            return mine.filter(
                Q(municipality=scope.municipality)
                | Q(region_id=scope.municipality.region_id, region__isnull=False)
            ).exists()
        if scope.region is not None:
            return mine.filter(region=scope.region).exists()
        return False


class ProgrammeLead(models.Model):
    """That a person leads the programme of a municipality or of a region (Digga
    Halland's coordinator, a kommune's digitaliseringsleder): they see the programme
    view for that place only, editors see every place. Editors assign it in the
    admin (*Programme leads*); saving and deleting keep the person's Programme lead
    role (accounts.roles) in step (signals.py)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="programme_leads",
        verbose_name=_("person"),
    )
    municipality = models.ForeignKey(
        "taxonomy.Municipality",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("municipality"),
    )
    region = models.ForeignKey(
        "taxonomy.Region",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("region"),
        help_text=_("Leading a region's programme includes its municipalities."),
    )

    objects = ProgrammeLeadQuerySet.as_manager()

    # The admin form's panels are the snippet view set's (wagtail_hooks.py): the
    # person comes from a chooser there.

    class Meta:
        verbose_name = _("programme lead")
        verbose_name_plural = _("programme leads")
        constraints = [
            models.CheckConstraint(
                condition=Q(municipality__isnull=False, region__isnull=True)
                | Q(municipality__isnull=True, region__isnull=False),
                name="programme_lead_of_one_place",
            ),
            models.UniqueConstraint(
                fields=["user", "municipality"], name="one_lead_per_municipality"
            ),
            models.UniqueConstraint(
                fields=["user", "region"], name="one_lead_per_region"
            ),
        ]

    def __str__(self):
        return f"{self.user} – {self.place}"

    @property
    def place(self):
        return self.municipality or self.region

    def clean(self):
        super().clean()
        if bool(self.municipality_id) == bool(self.region_id):
            raise ValidationError(
                _("Choose either a municipality or a region, not both.")
            )
