"""Case stories: what ambassadors tell about the work in their municipality.

The story index lists published stories with facets and also hosts the site's own
submission pages (share, drafts, edit) as routes, so ambassadors never need the Wagtail
admin. Submissions are reviewed in the Wagtail workflow "Catalogue review", whose one
task (`CatalogueReviewTask`) lets editors approve, request changes or reject outright.
"""

from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.db.models import Exists, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.forms import TaskStateCommentForm
from wagtail.log_actions import log
from wagtail.models import GroupApprovalTask, Page, PageManager, TaskState
from wagtail.search import index

from accounts.roles import in_directory_q
from dela.pictures import picture_prefetch
from taxonomy.models import ClassifiedPage, ClassifiedPageQuerySet
from taxonomy.review import problem_of, submission_closed

from .blocks import StoryBlocks

STORIES_PER_PAGE = 12
RELATED_STORIES = 3
TEXT_FEATURES = ["bold", "italic", "ol", "ul", "link"]


class CaseStoryQuerySet(ClassifiedPageQuerySet):
    def for_listing(self):
        """What a story card shows, fetched in a fixed number of queries."""
        return self.select_related("sector").prefetch_related(
            "municipalities", "tags", picture_prefetch()
        )

    def newest_first(self):
        """Featured stories first, then the most recently published."""
        return self.order_by("-featured", "-first_published_at", "-pk")


class StoryIndexPage(RoutablePageMixin, Page):
    """/stories/: the published case stories with facets, and the ambassadors'
    own pages for sharing a story and following their submissions."""

    # The main menu's label, in the reader's language (not the page's title).
    menu_label = _("Stories")
    # Ambassadors submit here: the editors' review workflow covers the index.
    reviewed_submissions = True

    intro = models.TextField(_("introduction"), max_length=1000, blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["stories.CaseStoryPage"]
    max_count = 1

    class Meta:
        verbose_name = _("story index")

    def stories(self):
        """The stories this index lists: published, public, not retired."""
        return (
            CaseStoryPage.objects.child_of(self)
            .in_catalogue()
            .for_listing()
            .newest_first()
        )

    def route(self, request, path_components):
        result = super().route(request, path_components)
        # A story's page names its index (facet links): the one routing just read.
        page = result[0]
        if isinstance(page, CaseStoryPage) and page.depth == self.depth + 1:
            page._story_index = self
        return result

    # The routes hand over to views.py; the page only knows its addresses.
    @path("")
    def listing_route(self, request):
        from . import views

        return views.story_listing(request, self)

    @path("tag/<str:slug>/", name="tag")
    def tag_route(self, request, slug):
        from . import views

        return views.story_listing(request, self, tag_slug=slug)

    @path("share/", name="share")
    def share_route(self, request):
        from . import views

        return views.share_story(request, self)

    @path("drafts/", name="drafts")
    def drafts_route(self, request):
        from . import views

        return views.drafts(request, self)

    @path("drafts/<int:story_id>/edit/", name="edit_submission")
    def edit_submission_route(self, request, story_id):
        from . import views

        return views.edit_submission(request, self, story_id)


def _limit_contacts_to_ambassadors():
    return in_directory_q()


class CaseStoryPage(ClassifiedPage):
    """One municipality's (or several municipalities') experience, told by an
    ambassador: what they did, what came of it and what others can learn.

    `owner` (Wagtail's) is the author; `publishing_consent` records that the author
    agreed to publication when submitting from the site.
    """

    catalogue_type = "story"
    catalogue_type_label = _("Case story")

    body = StreamField(StoryBlocks(), verbose_name=_("story"))
    results = RichTextField(
        _("results"),
        blank=True,
        features=TEXT_FEATURES,
        help_text=_("What came of it: figures, changes, feedback."),
    )
    lessons_learned = RichTextField(
        _("lessons learned"),
        blank=True,
        features=TEXT_FEATURES,
        help_text=_("What others should know before they try the same."),
    )
    contacts = ParentalManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="contact_for_stories",
        limit_choices_to=_limit_contacts_to_ambassadors,
        verbose_name=_("contact ambassadors"),
        help_text=_("Ambassadors readers may contact about this story."),
    )
    related_stories = ParentalManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="+",
        verbose_name=_("related stories"),
        help_text=_(
            "Left empty, stories sharing tags or competences are shown instead."
        ),
    )
    publishing_consent = models.BooleanField(
        _("the author agrees to publication"), default=False
    )
    consent_given_at = models.DateTimeField(
        _("consent given"), null=True, blank=True, editable=False
    )

    objects = PageManager.from_queryset(CaseStoryQuerySet)()

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        *ClassifiedPage.picture_panels,
        FieldPanel("body"),
        FieldPanel("results"),
        FieldPanel("lessons_learned"),
        MultiFieldPanel(ClassifiedPage.taxonomy_panels, heading=_("Classification")),
        FieldPanel("contacts", widget=forms.CheckboxSelectMultiple),
        FieldPanel("related_stories"),
    ]
    promote_panels = Page.promote_panels + [
        MultiFieldPanel(ClassifiedPage.curation_panels, heading=_("Curation"))
    ]
    settings_panels = Page.settings_panels + [
        FieldPanel("publishing_consent", read_only=True)
    ]
    search_fields = ClassifiedPage.search_fields + [
        index.SearchField("body"),
        index.SearchField("results"),
        index.SearchField("lessons_learned"),
    ]
    api_fields = ClassifiedPage.taxonomy_api_fields

    parent_page_types = ["stories.StoryIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("case story")
        verbose_name_plural = _("case stories")

    def save(self, *args, **kwargs):
        if self.publishing_consent and self.consent_given_at is None:
            self.consent_given_at = timezone.now()
        return super().save(*args, **kwargs)

    def related(self, limit=RELATED_STORIES):
        """The editor's chosen related stories, or else those sharing the most tags
        and competences with this one.

        One query selects them either way, whatever the number of tags (Wagtail's
        `public()` reads the view restrictions first, and the cards' municipalities
        and tags are prefetched: four in all).
        """
        chosen = CaseStoryPage.related_stories.through.objects.filter(
            from_casestorypage_id=self.pk
        )
        annotated, shares_something = self.with_shared_terms(
            CaseStoryPage.objects.in_catalogue().for_listing()
        )
        return list(
            annotated.filter(
                Q(pk__in=chosen.values("to_casestorypage_id"))
                | (shares_something & ~Q(Exists(chosen)))
            ).order_by(
                "-featured",
                "-shared_tags",
                "-shared_competences",
                "-first_published_at",
                "-pk",
            )[:limit]
        )

    def _with_related_rows(self):
        """The sharer, sector and picture the page shows, read in one query (each
        only where the row still names the same one: a preview shows its own)."""
        if not self.pk:
            return
        row = (
            CaseStoryPage.objects.filter(pk=self.pk)
            .select_related("owner", "sector", "image")
            .first()
        )
        for field in ("owner", "sector", "image"):
            if row is not None and getattr(row, f"{field}_id") == getattr(
                self, f"{field}_id"
            ):
                setattr(self, field, getattr(row, field))

    def submissions_url(self):
        """The author follows the story's review among their submissions."""
        index = StoryIndexPage.objects.ancestor_of(self).first()
        if index is None:
            return None
        return index.get_full_url() + index.reverse_subpage("drafts")

    def get_context(self, request, *args, **kwargs):
        """Everything the story page walks, one query per relation."""
        context = super().get_context(request, *args, **kwargs)
        self._with_related_rows()
        index = getattr(self, "_story_index", None)
        context.update(
            story=self,
            index=index or StoryIndexPage.objects.ancestor_of(self).first(),
            municipalities=list(self.municipalities.all()),
            target_groups=list(self.target_groups.all()),
            competences=list(self.competences.order_by("code")),
            tags=sorted(self.tags.all(), key=lambda tag: tag.name.casefold()),
            contacts=list(
                self.contacts.filter(is_active=True).select_related("municipality")
            ),
            related_stories=self.related(),
        )
        return context


# --- Review ---------------------------------------------------------------------------


class ReasonForm(TaskStateCommentForm):
    """Requesting changes and rejecting need a word to the author."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["comment"].required = True
        self.fields["comment"].label = _("Message to the author")


class CatalogueReviewTaskState(TaskState):
    """A review of one revision; `closed` marks an outright rejection (the workflow
    is then cancelled instead of waiting for the author's changes)."""

    closed = models.BooleanField(_("rejected outright"), default=False)

    class Meta:
        verbose_name = _("catalogue review task state")
        verbose_name_plural = _("catalogue review task states")

    @transaction.atomic
    def close(self, user=None, comment=""):
        """Reject the submission for good: the author sees the reason and cannot
        resubmit it."""
        if self.status != self.STATUS_IN_PROGRESS:
            raise PermissionDenied
        self.status = self.STATUS_REJECTED
        self.closed = True
        self.finished_at = timezone.now()
        self.finished_by = user
        self.comment = comment
        self.save()
        log(
            instance=self.revision.as_object(),
            action="stories.workflow.close",
            user=user,
            data={
                "workflow": {
                    "id": self.workflow_state.workflow_id,
                    "title": self.workflow_state.workflow.name,
                    "task_state_id": self.pk,
                    "task": {"id": self.task_id, "title": self.task.name},
                },
                "comment": comment,
            },
            revision=self.revision,
        )
        self.workflow_state.cancel(user=user)
        submission_closed.send(sender=type(self), instance=self, user=user)
        return self


class CatalogueReviewTask(GroupApprovalTask):
    """Editors approve (and publish), request changes, or reject outright."""

    task_state_class = CatalogueReviewTaskState

    class Meta:
        verbose_name = _("catalogue review task")
        verbose_name_plural = _("catalogue review tasks")

    def get_actions(self, obj, user):
        """Approve (only for a page the publication rule lets through: the edit
        page's panel says what is missing), reject outright, request changes."""
        actions = list(super().get_actions(obj, user))
        if not actions:
            return actions
        if problem_of(obj.get_latest_revision_as_object()) is not None:
            actions = [action for action in actions if action[0] != "approve"]
        actions.insert(1, ("close", _("Reject"), True))
        return actions

    def get_form_for_action(self, action):
        if action in ("reject", "close"):
            return ReasonForm
        return super().get_form_for_action(action)

    @transaction.atomic
    def on_action(self, task_state, user, action_name, **kwargs):
        """Returns where the admin goes next (None: where it came from)."""
        if action_name == "close":
            task_state.specific.close(user=user, **kwargs)
            return None
        if action_name == "approve":
            page = task_state.revision.as_object()
            if problem_of(page) is not None:
                # Not approved: the page editor shows the editor what is missing
                # (e.g. the video's captions), and the review stays open.
                return reverse("wagtailadmin_pages:edit", args=[page.pk])
        return super().on_action(task_state, user, action_name, **kwargs)

    @classmethod
    def get_description(cls):
        return _(
            "Members of the chosen groups approve and publish, request changes, "
            "or reject outright"
        )
