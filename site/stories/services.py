"""What the story views, the demo and the admin share: the editors' review workflow
(made once, then the administrators'), and submitting and resubmitting a story from
the site. Where a submission stands, reviewing it and the publication rule belong to
every classified page: taxonomy.review.
"""

from collections.abc import Sequence
from dataclasses import dataclass, fields

from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.db import connections, transaction
from django.utils.text import Truncator
from wagtail.coreutils import find_available_slug
from wagtail.images import get_image_model
from wagtail.log_actions import log
from wagtail.models import (
    Page,
    Workflow,
    WorkflowPage,
    WorkflowTask,
    get_page_models,
)
from wagtail.rich_text import RichText

from accounts.roles import GROUP_NAMES, Role, editors_collection
from dela.text import html_to_text, nordic_slug, normalise_text, text_to_html
from taxonomy.review import resume_review, start_review

from .models import CaseStoryPage, CatalogueReviewTask, StoryIndexPage
from .permissions import story_permissions

REVIEW_WORKFLOW_NAME = "Catalogue review"
REVIEW_TASK_NAME = "Review by editors"

# --- The review workflow ------------------------------------------------------------


def reviewed_index_models():
    """The index page types that take submissions from the site
    (`reviewed_submissions = True`: the stories' and the videos' indexes)."""
    return [
        model
        for model in get_page_models()
        if getattr(model, "reviewed_submissions", False)
    ]


def ensure_review_workflow():
    """The editors' review, made once: a "Catalogue review" workflow whose one task
    the Editors group reviews, assigned to each index that takes submissions and
    has no workflow yet (so editors' own edits there go through it too).

    Idempotent: runs after every `migrate` and whenever such an index is created.
    What an administrator changed in the admin stays: the workflow is found by its
    task (a renamed one too), a disabled workflow or task stays disabled (and is
    assigned nowhere), an index moved to another workflow keeps it, the task's
    groups are theirs once set. Submissions follow whatever is assigned
    (taxonomy.review)."""
    task = CatalogueReviewTask.objects.order_by("pk").first()
    if task is None:
        task = CatalogueReviewTask.objects.create(name=REVIEW_TASK_NAME)
    if not task.groups.exists():
        task.groups.set(Group.objects.filter(name=GROUP_NAMES[Role.EDITOR]))
    workflow = Workflow.objects.filter(workflow_tasks__task=task).order_by("pk").first()
    if workflow is None:
        workflow = Workflow.objects.create(name=REVIEW_WORKFLOW_NAME)
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    if workflow.active and task.active:
        for model in reviewed_index_models():
            for index in model.objects.filter(workflowpage__isnull=True):
                WorkflowPage.objects.get_or_create(
                    page=index, defaults={"workflow": workflow}
                )
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
            *reviewed_index_models(),
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
    return editors_collection(SUBMISSIONS_COLLECTION)


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


def story_video_block(story):
    """The story's (first) library video block, the one the site's form edits."""
    return next((block for block in story.body if block.block_type == "video"), None)


# --- Submitting from the site ------------------------------------------------------


MAX_TAGS = 10  # a story's tags


@dataclass(frozen=True)
class StoryInput:
    """What an author submits: the site's form, the network's "turn into a story"
    and the demo all hand the services this, never a form's data. The page's own
    validation (Wagtail checks every field on save) refuses what does not fit."""

    title: str
    summary: str
    language: str
    municipalities: Sequence  # taxonomy.Municipality
    body: str = ""  # plain text, a blank line between paragraphs
    body_html: str = ""  # or rich text already (a thread's rendered Markdown)
    results: str = ""
    lessons_learned: str = ""
    year: int | None = None
    sector: object = None  # taxonomy.Sector
    target_groups: Sequence = ()
    competences: Sequence = ()
    tags: Sequence[str] = ()  # cleaned names (taxonomy.tags.clean_tag_names)
    image: object = None  # an uploaded file: the page's picture (dela.pictures)
    image_alt_text: str = ""
    image_decorative: bool = False
    video: object = None  # media.Video

    @classmethod
    def from_form(cls, cleaned_data):
        """From a StoryForm's cleaned_data (consent is the form's business)."""
        names = {field.name for field in fields(cls)}
        return cls(**{k: v for k, v in cleaned_data.items() if k in names})


def story_index():
    """The live story section, or None."""
    return StoryIndexPage.objects.live().first()


def published_story_count(user):
    """How many live stories the person wrote (for their profile)."""
    return CaseStoryPage.objects.live().filter(owner=user).count()


def submit_story(author, index, story_input):
    """Create a draft story owned by the author and send it to the editors.

    In one transaction: the page (owner = the author) from a StoryInput, an uploaded
    image in the submissions collection, a revision by the author, and the start of
    the review workflow. On any error nothing is left: no page, no image row, no
    image file.
    """
    if not story_permissions.can_submit_story(author):
        raise PermissionDenied
    stored_files = []
    try:
        with transaction.atomic():
            story = CaseStoryPage(
                owner=author, live=False, has_unpublished_changes=True
            )
            _apply(story, story_input, author, stored_files)
            story.slug = find_available_slug(index, story_slug(story.title))
            story.publishing_consent = True
            index.add_child(instance=story)
            log(instance=story, action="wagtail.create", user=author)
            story.save_revision(user=author, log_action=True)
            start_review(story, author)
    except BaseException:
        _delete_files(stored_files)
        raise
    return story


def resubmit_story(author, story, story_input):
    """Save the author's changes as a new revision and hand the story back to the
    editors (the workflow resumes at the task that asked for changes)."""
    if not story_permissions.can_edit_submission(author, story):
        raise PermissionDenied
    stored_files = []
    try:
        with transaction.atomic():
            draft = story.get_latest_revision_as_object()
            _apply(draft, story_input, author, stored_files)
            draft.save_revision(user=author, log_action=True)
            resume_review(story, author)
    except BaseException:
        _delete_files(stored_files)
        raise
    return draft


def story_slug(title):
    return nordic_slug(title, fallback="story")


def _apply(story, data, author, stored_files):
    """Copy a StoryInput onto a story (a new page or the latest draft)."""
    story.title = data.title
    story.draft_title = data.title
    story.summary = data.summary
    story.results = text_to_html(data.results)
    story.lessons_learned = text_to_html(data.lessons_learned)
    story.language = data.language
    story.year = data.year
    story.sector = data.sector
    story.municipalities.set(list(data.municipalities))
    story.target_groups.set(list(data.target_groups))
    story.competences.set(list(data.competences))
    story.tags.set(list(data.tags))

    # The upload is the page's picture (dela.pictures.PicturedPage): cards and the
    # page show it from there, in renditions. Without a new upload the draft keeps
    # the picture it has; the alternative text or the decorative mark is the form's.
    if data.image:
        story.image = _store_image(data.image, story.title, author)
        stored_files.append(story.image.file.name)
    if story.image_id is not None:
        story.image_decorative = bool(data.image_decorative)
        story.image_alt = "" if data.image_decorative else data.image_alt_text.strip()
    blocks = []
    if data.body_html:
        # Already rich text (a network thread's rendered Markdown).
        blocks.append(("paragraph", RichText(data.body_html)))
    else:
        blocks += text_to_paragraph_blocks(data.body)
    form_video = story_video_block(story) if story.pk else None
    if data.video is not None:
        caption = form_video.value.get("caption", "") if form_video else ""
        blocks.append(("video", {"video": data.video, "caption": caption}))
    if story.pk:
        # Editors may have added headings, facts or quotes: they stay, after the text.
        blocks += [
            (block.block_type, block.value)
            for block in story.body
            if block.block_type != "paragraph"
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
