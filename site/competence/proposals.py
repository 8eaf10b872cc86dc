"""Ambassadors propose learning paths from the site, as they share stories: a draft
LearningPathPage under the paths index, owned by the author, sent to the editors'
review (taxonomy.review: the workflow assigned to the index, its status vocabulary,
Dela's e-mails to the author). Editors approve it in the admin.

Every proposal goes through `checked_steps` before anything is written: no steps,
too many, a page twice, or a page that is not a published story, video, practice or
event everyone may read is refused with a sentence the author can act on.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail.coreutils import find_available_slug
from wagtail.log_actions import log
from wagtail.models import Page

from dela.text import nordic_slug, text_to_html
from taxonomy.review import (
    SubmissionStatus,
    resume_review,
    start_review,
    submission_of,
)

from .models import (
    STEP_PAGE_TYPES,
    LearningPathIndexPage,
    LearningPathPage,
    LearningPathStep,
)
from .permissions import permissions

MAX_STEPS = 20
CANDIDATES_SHOWN = 20


@dataclass(frozen=True)
class PathInput:
    """What an author proposes (the site's form hands the service this)."""

    title: str
    summary: str
    language: str
    steps: Sequence  # [(page id, note)] in order
    intro: str = ""  # plain text, a blank line between paragraphs
    duration: str = ""
    competences: Sequence = ()  # taxonomy.Competence


def step_models():
    """The page models a step may point at."""
    return [apps.get_model(label) for label in STEP_PAGE_TYPES]


def readable_step_pages():
    """Pages that may be a step of a path anyone reads: published, public, of a
    step type."""
    return Page.objects.live().public().type(*step_models())


def step_candidates(query, exclude=()):
    """The chooser's results: step pages whose title contains `query` (at most
    CANDIDATES_SHOWN, by title), specific, for their type labels."""
    query = (query or "").strip()
    if not query:
        return []
    pages = (
        readable_step_pages()
        .filter(title__icontains=query)
        .exclude(pk__in=list(exclude))
        .order_by("title", "pk")[:CANDIDATES_SHOWN]
    )
    found = list(pages.specific())
    for page in found:
        page.type_label = type_label(page)
    return found


def type_label(page):
    model = type(page)
    return getattr(model, "catalogue_type_label", "") or model._meta.verbose_name


def checked_steps(page_ids):
    """The pages of `page_ids` in order, or ValidationError (nothing written)."""
    page_ids = list(page_ids)
    if not page_ids:
        raise ValidationError(
            _("Add at least one step: a published story, video, practice or event.")
        )
    if len(page_ids) > MAX_STEPS:
        raise ValidationError(
            ngettext(
                "A path has at most %(max)d step.",
                "A path has at most %(max)d steps.",
                MAX_STEPS,
            )
            % {"max": MAX_STEPS}
        )
    titles = dict(Page.objects.filter(pk__in=page_ids).values_list("pk", "title"))
    seen, twice = set(), []
    for page_id in page_ids:
        if page_id in seen and page_id not in twice:
            twice.append(page_id)
        seen.add(page_id)
    if twice:
        raise ValidationError(
            _("Each page can be a step once. Twice: %(titles)s.")
            % {"titles": ", ".join(f"“{titles.get(pk, pk)}”" for pk in twice)}
        )
    readable = {
        page.pk: page
        for page in readable_step_pages().filter(pk__in=page_ids).specific()
    }
    refused = [pk for pk in page_ids if pk not in readable]
    if refused:
        named = [f"“{titles[pk]}”" for pk in refused if pk in titles]
        if len(named) < len(refused):
            named.append(_("a page that no longer exists"))
        raise ValidationError(
            _(
                "A step must be a published story, video, practice or event that "
                "everyone may read. Not so: %(titles)s."
            )
            % {"titles": ", ".join(named)}
        )
    return [readable[pk] for pk in page_ids]


def paths_index():
    """The live learning path index, or None."""
    return LearningPathIndexPage.objects.live().first()


def propose_path(author, path_input, index=None):
    """Create a draft path owned by the author and send it to the editors' review.

    One transaction: the page, its steps, a revision by the author and the start
    of the review workflow; on any error (bad steps, the review switched off)
    nothing is left."""
    if not permissions.can_propose_path(author):
        raise PermissionDenied
    index = index or paths_index()
    if index is None:
        raise ValidationError(_("There is no section for learning paths yet."))
    pages = checked_steps(page_id for page_id, _note in path_input.steps)
    with transaction.atomic():
        path = LearningPathPage(owner=author, live=False, has_unpublished_changes=True)
        _apply(path, path_input, pages)
        path.slug = find_available_slug(index, nordic_slug(path.title, fallback="path"))
        index.add_child(instance=path)
        log(instance=path, action="wagtail.create", user=author)
        path.save_revision(user=author, log_action=True)
        start_review(path, author)
    return path


def revise_path(author, path, path_input):
    """Save the author's changes as a new revision and send the path to the
    editors again: resuming the review that asked for changes, or starting one for
    a draft."""
    if not permissions.can_edit_proposal(author, path):
        raise PermissionDenied
    pages = checked_steps(page_id for page_id, _note in path_input.steps)
    status = submission_of(path).status
    with transaction.atomic():
        draft = path.get_latest_revision_as_object()
        _apply(draft, path_input, pages)
        draft.save_revision(user=author, log_action=True)
        if status == SubmissionStatus.CHANGES_REQUESTED:
            resume_review(path, author)
        else:
            start_review(draft, author)
    return draft


def _apply(path, data, pages):
    path.title = data.title
    path.draft_title = data.title
    path.summary = data.summary
    path.intro = text_to_html(data.intro)
    path.duration = data.duration
    path.language = data.language
    path.competences = list(data.competences)
    notes = [note for _page_id, note in data.steps]
    path.steps = [
        LearningPathStep(page=page, note=note, sort_order=number)
        for number, (page, note) in enumerate(zip(pages, notes, strict=True))
    ]


def proposals_of(user):
    """The author's proposed paths, newest first (attach_submissions gives each
    its status, a page of them at a time)."""
    return (
        LearningPathPage.objects.filter(owner=user)
        .defer("intro")
        .order_by("-latest_revision_created_at", "-pk")
    )
