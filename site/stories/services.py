"""What the story views, the demo and the admin share: the review workflow, submitting
and resubmitting a story from the site, reviewing it, and where a submission stands.
"""

from dataclasses import dataclass

from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.db import connections, models, transaction
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.coreutils import find_available_slug
from wagtail.images import get_image_model
from wagtail.log_actions import log
from wagtail.models import (
    Collection,
    CollectionViewRestriction,
    Page,
    Workflow,
    WorkflowPage,
    WorkflowState,
    WorkflowTask,
)
from wagtail.rich_text import RichText
from wagtail.users.models import UserProfile

from accounts.permissions import permissions as account_permissions
from accounts.roles import GROUP_NAMES, Role
from dela.text import html_to_text, nordic_slug, normalise_text, text_to_html

from .models import CaseStoryPage, CatalogueReviewTask, StoryIndexPage
from .permissions import story_permissions

REVIEW_WORKFLOW_NAME = "Catalogue review"
REVIEW_TASK_NAME = "Review by editors"

# --- The review workflow ------------------------------------------------------------


def ensure_review_workflow():
    """The "Catalogue review" workflow, its task reviewed by the Editors group, and
    the story index assigned to it (so editors' own edits go through it too).

    Idempotent: runs after every `migrate` and whenever a story index is created.
    Found by name; an administrator may add groups to the task or move the index to
    another workflow in the admin, and this leaves such choices alone.
    """
    task = CatalogueReviewTask.objects.filter(name=REVIEW_TASK_NAME).first()
    if task is None:
        task = CatalogueReviewTask.objects.create(name=REVIEW_TASK_NAME)
    elif not task.active:
        task.active = True
        task.save(update_fields=["active"])
    editors = Group.objects.filter(name=GROUP_NAMES[Role.EDITOR]).first()
    if editors is not None:
        task.groups.add(editors)

    workflow = Workflow.objects.filter(name=REVIEW_WORKFLOW_NAME).first()
    if workflow is None:
        workflow = Workflow.objects.create(name=REVIEW_WORKFLOW_NAME)
    elif not workflow.active:
        workflow.active = True
        workflow.save(update_fields=["active"])
    WorkflowTask.objects.get_or_create(
        workflow=workflow, task=task, defaults={"sort_order": 0}
    )
    for index in StoryIndexPage.objects.filter(workflowpage__isnull=True):
        WorkflowPage.objects.get_or_create(page=index, defaults={"workflow": workflow})
    return workflow


def ensure_review_workflow_after_migrate(using="default", **kwargs):
    """post_migrate: wait for the tables of a full `migrate` (a partial one, such as
    `migrate stories` on a new database, leaves Wagtail's or the groups' missing)."""
    needed = {
        model._meta.db_table
        for model in (
            Group,
            Page,
            Workflow,
            WorkflowTask,
            WorkflowPage,
            CatalogueReviewTask,
            StoryIndexPage,
        )
    }
    if not needed <= set(connections[using].introspection.table_names()):
        return
    with transaction.atomic(using=using):
        ensure_review_workflow()
        submissions_collection()


SUBMISSIONS_COLLECTION = "Story submissions"


def submissions_collection():
    """The image collection of stories shared from the site, made private to the
    editors (Wagtail's collection privacy; dela/images.py serves its files): a
    story's picture is public once a live page shows it. Found by its name."""
    root = Collection.get_first_root_node()
    found = root.get_children().filter(name=SUBMISSIONS_COLLECTION).first()
    if found is not None:
        return found
    collection = root.add_child(name=SUBMISSIONS_COLLECTION)
    restriction = CollectionViewRestriction.objects.create(
        collection=collection, restriction_type=CollectionViewRestriction.GROUPS
    )
    restriction.groups.set(Group.objects.filter(name=GROUP_NAMES[Role.EDITOR]))
    return collection


# --- Where a submission stands -------------------------------------------------------


class SubmissionStatus(models.TextChoices):
    DRAFT = "draft", gettext_lazy("Draft")
    IN_REVIEW = "in_review", gettext_lazy("In review")
    CHANGES_REQUESTED = "changes_requested", gettext_lazy("Changes requested")
    PUBLISHED = "published", gettext_lazy("Published")
    REJECTED = "rejected", gettext_lazy("Rejected")


@dataclass(frozen=True)
class Submission:
    """A story as its author sees it: its status and the editor's last word."""

    status: str
    comment: str = ""

    @property
    def label(self):
        return SubmissionStatus(self.status).label


def _submission(story, workflow_state):
    task_state = workflow_state.current_task_state if workflow_state else None
    comment = task_state.comment if task_state else ""
    status = workflow_state.status if workflow_state else None
    if status == WorkflowState.STATUS_IN_PROGRESS:
        return Submission(SubmissionStatus.IN_REVIEW)
    if status == WorkflowState.STATUS_NEEDS_CHANGES:
        return Submission(SubmissionStatus.CHANGES_REQUESTED, comment)
    if story.live:
        return Submission(SubmissionStatus.PUBLISHED)
    closed = getattr(
        getattr(task_state, "cataloguereviewtaskstate", None), "closed", False
    )
    if status == WorkflowState.STATUS_CANCELLED and closed:
        return Submission(SubmissionStatus.REJECTED, comment)
    return Submission(SubmissionStatus.DRAFT)


def attach_submissions(stories):
    """Set `.submission` on each story with one query, whatever their number."""
    stories = list(stories)
    if not stories:
        return stories
    states = (
        WorkflowState.objects.filter(
            base_content_type=ContentType.objects.get_for_model(Page),
            object_id__in=[str(story.pk) for story in stories],
        )
        .select_related("current_task_state__cataloguereviewtaskstate")
        .order_by("created_at", "pk")
    )
    latest = {state.object_id: state for state in states}
    for story in stories:
        story.submission = _submission(story, latest.get(str(story.pk)))
    return stories


def submission_of(story):
    """The story's Submission (computed once per story object)."""
    if getattr(story, "submission", None) is None:
        attach_submissions([story])
    return story.submission


# --- Text from the site's form ----------------------------------------------------


def text_to_paragraph_blocks(text):
    """One paragraph block per paragraph of the form's text."""
    return [
        ("paragraph", RichText(text_to_html(part)))
        for part in normalise_text(text).split("\n\n")
        if part
    ]


def story_text(story):
    """The text of a story's paragraphs, as the site's form shows it for editing."""
    return "\n\n".join(
        html_to_text(block.value.source)
        for block in story.body
        if block.block_type == "paragraph"
    )


def story_image_block(story):
    """The story's (first) image block, or None."""
    return next((block for block in story.body if block.block_type == "image"), None)


def story_video_block(story):
    """The story's (first) library video block, the one the site's form edits."""
    return next((block for block in story.body if block.block_type == "video"), None)


# --- Submitting from the site ------------------------------------------------------


def submit_story(author, index, data):
    """Create a draft story owned by the author and send it to the editors.

    `data` is a StoryForm's cleaned_data. In one transaction: the page (owner = the
    author), an uploaded image in the root collection, a revision by the author, and
    the start of the "Catalogue review" workflow. On any error nothing is left: no
    page, no image row, no image file.
    """
    if not story_permissions.can_submit_story(author):
        raise PermissionDenied
    stored_files = []
    try:
        with transaction.atomic():
            story = CaseStoryPage(
                owner=author, live=False, has_unpublished_changes=True
            )
            _apply(story, data, author, stored_files)
            story.slug = find_available_slug(index, story_slug(story.title))
            story.publishing_consent = True
            index.add_child(instance=story)
            log(instance=story, action="wagtail.create", user=author)
            story.save_revision(user=author, log_action=True)
            ensure_review_workflow().start(story, author)
            _prefer_dela_notifications(author)
    except BaseException:
        _delete_files(stored_files)
        raise
    return story


def resubmit_story(author, story, data):
    """Save the author's changes as a new revision and hand the story back to the
    editors (the workflow resumes at the task that asked for changes)."""
    if not story_permissions.can_edit_submission(author, story):
        raise PermissionDenied
    stored_files = []
    try:
        with transaction.atomic():
            workflow_state = (
                WorkflowState.objects.for_instance(story)
                .select_for_update()
                .filter(status=WorkflowState.STATUS_NEEDS_CHANGES)
                .first()
            )
            if workflow_state is None:
                raise ValidationError(
                    _("This story is no longer waiting for your changes.")
                )
            draft = story.get_latest_revision_as_object()
            _apply(draft, data, author, stored_files)
            draft.save_revision(user=author, log_action=True)
            workflow_state.resume(user=author)
    except BaseException:
        _delete_files(stored_files)
        raise
    return draft


def story_slug(title):
    return nordic_slug(title, fallback="story")


def _apply(story, data, author, stored_files):
    """Copy the form's data onto a story (a new page or the latest draft)."""
    story.title = data["title"]
    story.draft_title = data["title"]
    story.summary = data["summary"]
    story.results = text_to_html(data.get("results", ""))
    story.lessons_learned = text_to_html(data.get("lessons_learned", ""))
    story.language = data["language"]
    story.year = data.get("year")
    story.sector = data.get("sector")
    story.municipalities.set(list(data["municipalities"]))
    story.target_groups.set(list(data.get("target_groups") or []))
    story.competences.set(list(data.get("competences") or []))
    story.tags.set(list(data.get("tags") or []))

    existing = story_image_block(story) if story.pk else None
    image = None
    if data.get("image"):
        image = _store_image(data["image"], story.title, author)
        stored_files.append(image.file.name)
    elif existing is not None:
        image = existing.value["image"]
    blocks = []
    if image is not None:
        blocks.append(
            (
                "image",
                {
                    "image": image,
                    "alt_text": data.get("image_alt_text", ""),
                    "decorative": False,
                    "caption": data.get("image_caption", ""),
                },
            )
        )
    if data.get("body_html"):
        # Already rich text (a network thread's rendered Markdown).
        blocks.append(("paragraph", RichText(data["body_html"])))
    else:
        blocks += text_to_paragraph_blocks(data["body"])
    form_video = story_video_block(story) if story.pk else None
    if data.get("video") is not None:
        caption = form_video.value.get("caption", "") if form_video else ""
        blocks.append(("video", {"video": data["video"], "caption": caption}))
    if story.pk:
        # Editors may have added headings, facts or quotes: they stay, after the text.
        blocks += [
            (block.block_type, block.value)
            for block in story.body
            if block.block_type not in ("paragraph", "image")
            and (form_video is None or block.id != form_video.id)
        ]
    story.body = blocks


def _store_image(upload, title, author):
    image_model = get_image_model()
    image = image_model(
        title=Truncator(title).chars(255),
        file=upload,
        collection=submissions_collection(),
        uploaded_by_user=author,
    )
    image._set_image_file_metadata()
    image.save()
    return image


def _delete_files(names):
    for name in names:
        try:
            default_storage.delete(name)
        except OSError:  # already gone; nothing else to tidy
            pass


def _prefer_dela_notifications(author):
    """Authors without access to the admin hear from Dela in their own language,
    with links to the site: Wagtail's own approved/rejected mails (admin links they
    cannot open) are switched off for them. Editors keep Wagtail's mails."""
    if account_permissions.can_access_admin(author):
        return
    profile = UserProfile.get_for_user(author)
    if profile.approved_notifications or profile.rejected_notifications:
        profile.approved_notifications = False
        profile.rejected_notifications = False
        profile.save(update_fields=["approved_notifications", "rejected_notifications"])


# --- Reviewing ------------------------------------------------------------------------


class ReviewAction(models.TextChoices):
    APPROVE = "approve", gettext_lazy("Approve and publish")
    REQUEST_CHANGES = "reject", gettext_lazy("Request changes")
    REJECT = "close", gettext_lazy("Reject")


def review_story(story, editor, action, comment=""):
    """Do what an editor does in the admin's workflow menu: approve (publishes),
    request changes or reject outright, with a comment to the author."""
    task_state = story.current_workflow_task_state
    if task_state is None:
        raise ValidationError(_("This story is not waiting for review."))
    task = task_state.task.specific
    if action not in {name for name, _label, _modal in task.get_actions(story, editor)}:
        raise PermissionDenied
    if action in (ReviewAction.REQUEST_CHANGES, ReviewAction.REJECT) and not comment:
        raise ValidationError(_("Tell the author why."))
    task.on_action(task_state, editor, str(action), comment=comment)
    return CaseStoryPage.objects.get(pk=story.pk)
