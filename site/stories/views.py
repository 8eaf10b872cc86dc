"""The pages under /stories/: the listing and tag pages, sharing a story, the author's
drafts area and editing a submission an editor sent back. StoryIndexPage routes here.
"""

import copy

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from taggit.models import Tag

from dela.permissions import BoundPermissions
from dela.text import html_to_text
from taxonomy.facets import FACETS, FACETS_BY_NAME, faceted_listing
from taxonomy.review import attach_submissions, submission_of

from .forms import StoryForm
from .models import STORIES_PER_PAGE, CaseStoryPage
from .permissions import story_permissions
from .services import (
    StoryInput,
    resubmit_story,
    story_text,
    story_video_block,
    submit_story,
)

# Every story has the same type: the type facet would say nothing here.
STORY_FACETS = [facet for facet in FACETS if facet.name != "type"]
DRAFTS_PER_PAGE = 20


def _render(request, index, template, context, status=200):
    context = {
        **index.get_context(request),
        "story_perms": BoundPermissions(story_permissions, request.user),
        **context,
    }
    return TemplateResponse(request, template, context, status=status)


def story_listing(request, index, tag_slug=None):
    """/stories/ with facets, and /stories/tag/<slug>/: the same listing narrowed to
    one tag, headed by the tag's name."""
    tag = None
    facets = STORY_FACETS
    if tag_slug is not None:
        tag = Tag.objects.filter(slug=tag_slug).first()
        if tag is None:
            raise Http404
        request = copy.copy(request)
        request.GET = request.GET.copy()
        request.GET.setlist("tag", [tag.slug])
        # A tag page is a plain list; refining it is done on /stories/?tag=...
        facets = [FACETS_BY_NAME["tag"]]
    listing = faceted_listing(
        request, index.stories(), per_page=STORIES_PER_PAGE, facets=facets
    )
    return _render(
        request,
        index,
        "stories/story_index_page.html",
        {
            "listing": listing,
            "page_obj": listing.page_obj,
            "query_string": listing.query_string,
            "tag": tag,
        },
    )


@never_cache
def share_story(request, index):
    """/stories/share/: the "Share an experience" form for ambassadors."""
    user = request.user
    if not user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not story_permissions.can_submit_story(user):
        # Members learn how to become an ambassador; a POST is refused outright.
        status = 403 if request.method == "POST" else 200
        return _render(
            request, index, "stories/become_ambassador.html", {}, status=status
        )
    if request.method == "POST":
        form = StoryForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                submit_story(user, index, StoryInput.from_form(form.cleaned_data))
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _(
                        "Thank you! Your story has gone to the editors. We will "
                        "e-mail you when they have read it."
                    ),
                )
                return redirect(index.url + index.reverse_subpage("drafts"))
    else:
        form = StoryForm(initial=_initial_for(user))
    return _render(request, index, "stories/share_story.html", {"form": form})


def _initial_for(user):
    languages = dict(settings.DELA_CONTENT_LANGUAGES)
    initial = {"language": user.language if user.language in languages else "sv"}
    if user.municipality_id:
        initial["municipalities"] = [user.municipality_id]
    return initial


@never_cache
def drafts(request, index):
    """/stories/drafts/: the signed-in author's submissions and where each stands."""
    user = request.user
    if not story_permissions.can_see_drafts(user):
        return redirect_to_login(request.get_full_path())
    stories = (
        CaseStoryPage.objects.filter(owner=user)
        .defer("body", "results", "lessons_learned")
        .order_by("-latest_revision_created_at", "-pk")
    )
    page_obj = Paginator(stories, DRAFTS_PER_PAGE).get_page(request.GET.get("page"))
    page_obj.object_list = attach_submissions(page_obj.object_list)
    return _render(
        request,
        index,
        "stories/drafts.html",
        {"page_obj": page_obj, "stories": page_obj.object_list},
    )


@never_cache
def edit_submission(request, index, story_id):
    """/stories/drafts/<id>/edit/: the author changes a story an editor sent back
    with a comment, and resubmits it."""
    user = request.user
    if not story_permissions.can_see_drafts(user):
        return redirect_to_login(request.get_full_path())
    story = CaseStoryPage.objects.filter(pk=story_id).first()
    if story is None or story.owner_id != user.pk:
        # Someone else's submission does not exist as far as this user knows.
        raise Http404
    if not story_permissions.can_edit_submission(user, story):
        raise PermissionDenied
    submission = submission_of(story)
    draft = story.get_latest_revision_as_object()
    # The picture is the page's (dela.pictures): the draft's stays unless replaced.
    form_options = {"has_image": draft.image_id is not None, "ask_consent": False}
    if request.method == "POST":
        form = StoryForm(request.POST, request.FILES, **form_options)
        if form.is_valid():
            try:
                resubmit_story(user, story, StoryInput.from_form(form.cleaned_data))
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _("Your changes have gone back to the editors. Thank you!"),
                )
                return redirect(index.url + index.reverse_subpage("drafts"))
    else:
        form = StoryForm(initial=_initial_from(draft), **form_options)
    return _render(
        request,
        index,
        "stories/share_story.html",
        {
            "form": form,
            "story": draft,
            "submission": submission,
        },
    )


def _initial_from(draft):
    initial = {
        "title": draft.title,
        "summary": draft.summary,
        "body": story_text(draft),
        "results": html_to_text(draft.results),
        "lessons_learned": html_to_text(draft.lessons_learned),
        "municipalities": [item.pk for item in draft.municipalities.all()],
        "sector": draft.sector_id,
        "target_groups": [item.pk for item in draft.target_groups.all()],
        "competences": [item.pk for item in draft.competences.all()],
        "tags": ", ".join(tag.name for tag in draft.tags.all()),
        "language": draft.language,
        "year": draft.year,
    }
    if draft.image_id is not None:
        initial["image_alt_text"] = draft.image_alt
        initial["image_decorative"] = draft.image_decorative
    video_block = story_video_block(draft)
    if video_block is not None and video_block.value.get("video") is not None:
        initial["video"] = video_block.value["video"].pk
    return initial
