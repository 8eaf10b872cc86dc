"""The pages under /videos/: the listing, the ambassadors' upload flow (upload →
processing status → captions → page for review) and transcript downloads.
VideoIndexPage and VideoPage route here."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Case, Count, IntegerField, Q, When
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.http import urlencode
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache

from dela.permissions import BoundPermissions
from taxonomy.facets import FACETS, FacetValue, FacetValues, faceted_listing
from taxonomy.review import attach_submissions

from .forms import CaptionUploadForm, VideoPageForm, VideoUploadForm
from .models import (
    DURATION_BOUNDS,
    VIDEOS_PER_PAGE,
    DurationRange,
    Video,
)
from .permissions import media_permissions
from .services import add_caption_track, create_video, submit_video_page

MY_VIDEOS_SHOWN = 20
# Every video has the same type: the type facet would say nothing here.
VIDEO_FACETS = [facet for facet in FACETS if facet.name != "type"]


def _render(request, index, template, context, status=200):
    context = {
        **index.get_context(request),
        "media_perms": BoundPermissions(media_permissions, request.user),
        **context,
    }
    return TemplateResponse(request, template, context, status=status)


def _duration_choice(request):
    """The chosen duration ranges, and an error for each value not understood."""
    valid = set(DurationRange.values)
    chosen, errors = [], []
    for raw in request.GET.getlist("duration"):
        value = raw.strip().lower()
        if not value:
            continue
        if value not in valid:
            errors.append(
                _("“%(value)s” is not a valid value for “%(facet)s”.")
                % {"value": raw[:50], "facet": "duration"}
            )
        elif value not in chosen:
            chosen.append(value)
    return chosen, errors


def _duration_counts(queryset, chosen):
    """The duration facet's values with counts, in one aggregate query."""
    aggregates = {}
    for name, (low, high) in DURATION_BOUNDS.items():
        condition = Q()
        if low is not None:
            condition &= Q(video__duration__gte=low)
        if high is not None:
            condition &= Q(video__duration__lt=high)
        aggregates[name.value] = Count(
            Case(When(condition, then=1), output_field=IntegerField())
        )
    counts = queryset.order_by().aggregate(**aggregates)
    return FacetValues(
        FacetValue(name.value, str(name.label), counts[name.value], name in chosen)
        for name in DurationRange
        if counts[name.value] or name in chosen
    )


class DurationFacet:
    name = "duration"
    label = gettext_lazy("Duration")


def video_listing(request, index):
    """/videos/ with the catalogue's facets and a duration facet."""
    chosen, duration_errors = _duration_choice(request)
    base = index.videos()
    listing = faceted_listing(
        request,
        base.with_duration(chosen) if chosen else base,
        per_page=VIDEOS_PER_PAGE,
        facets=VIDEO_FACETS,
    )
    listing.errors = [*listing.errors, *duration_errors]
    # The duration counts follow the other facets' choices, as theirs do.
    durations = _duration_counts(listing.selection.apply(base), chosen)
    if durations:
        listing.facets.append((DurationFacet, durations))
    extra = urlencode([("duration", value) for value in chosen])
    if extra:
        listing.query_string = "&".join(filter(None, [listing.query_string, extra]))
    return _render(
        request,
        index,
        "media/video_index_page.html",
        {
            "listing": listing,
            "page_obj": listing.page_obj,
            "query_string": listing.query_string,
            "duration_chosen": chosen,
        },
    )


@never_cache
def upload_video(request, index):
    """/videos/upload/: step 1, the file. Works without JavaScript; media.js adds a
    progress bar."""
    user = request.user
    if not user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not media_permissions.can_upload_video(user):
        status = 403 if request.method == "POST" else 200
        return _render(
            request, index, "media/become_ambassador.html", {}, status=status
        )
    if request.method == "POST":
        form = VideoUploadForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                video = create_video(
                    user, form.cleaned_data["title"], form.cleaned_data["file"]
                )
            except ValidationError as error:
                form.add_error("file", error)
            else:
                messages.success(
                    request,
                    _("Your video is uploaded. Add captions while it is processed."),
                )
                return redirect(
                    index.url + index.reverse_subpage("upload_status", args=[video.pk])
                )
    else:
        form = VideoUploadForm()
    # The uploader's own videos, so a status page is never lost (one query).
    mine = Video.objects.filter(uploaded_by_user=user).order_by("-created_at", "-pk")
    return _render(
        request,
        index,
        "media/upload_video.html",
        {"form": form, "my_videos": list(mine[:MY_VIDEOS_SHOWN])},
    )


def _video_for(request, video_id):
    video = get_object_or_404(
        Video.objects.with_tracks().select_related("uploaded_by_user"), pk=video_id
    )
    if not media_permissions.can_see_video_status(request.user, video):
        raise Http404  # another person's upload is not even there for others
    return video


def _initial_page_data(request, video):
    user = request.user
    languages = dict(settings.DELA_CONTENT_LANGUAGES)
    initial = {
        "title": video.title,
        "language": user.language if user.language in languages else "sv",
    }
    if user.municipality_id:
        initial["municipalities"] = [user.municipality_id]
    return initial


@never_cache
def upload_status(request, index, video_id):
    """/videos/upload/<id>/: where processing stands, the caption tracks, and the
    page form that sends the video to the editors."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    video = _video_for(request, video_id)
    caption_form = CaptionUploadForm(initial={"language": request.user.language})
    page_form = VideoPageForm(initial=_initial_page_data(request, video))
    status = 200
    if request.method == "POST":
        if not media_permissions.can_edit_video(request.user, video):
            raise PermissionDenied
        here = index.url + index.reverse_subpage("upload_status", args=[video.pk])
        if "add_captions" in request.POST:
            caption_form = CaptionUploadForm(request.POST, request.FILES)
            if caption_form.is_valid():
                data = caption_form.cleaned_data
                try:
                    add_caption_track(
                        video,
                        data["language"],
                        data["kind"],
                        data["file"],
                        request.user,
                    )
                except ValidationError as error:
                    caption_form.add_error("file", error)
                else:
                    messages.success(request, _("The captions are added."))
                    return redirect(here)
            status = 400
        elif "submit_page" in request.POST:
            page_form = VideoPageForm(request.POST)
            if page_form.is_valid():
                if not video.is_ready:
                    page_form.add_error(
                        None, _("Wait until the video is processed, then send it.")
                    )
                else:
                    try:
                        submit_video_page(
                            request.user, index, video, page_form.cleaned_data
                        )
                    except ValidationError as error:
                        page_form.add_error(None, error)
                    else:
                        messages.success(
                            request,
                            _(
                                "Thank you! Your video has gone to the editors. We "
                                "will e-mail you when they have looked at it."
                            ),
                        )
                        return redirect(here)
            status = 400
        elif "delete_video" in request.POST:
            if not media_permissions.can_delete_video(request.user, video):
                raise PermissionDenied
            video.delete()
            messages.success(request, _("The video is deleted."))
            return redirect(index.url + index.reverse_subpage("upload"))
    languages = video.caption_languages()
    page_language = page_form["language"].value() or "sv"
    missing_language = (
        None
        if page_language in languages
        else dict(settings.DELA_CONTENT_LANGUAGES).get(page_language, page_language)
    )
    return _render(
        request,
        index,
        "media/upload_status.html",
        {
            "video": video,
            "tracks": video.tracks(),
            "caption_form": caption_form,
            "page_form": page_form,
            "missing_language": missing_language,
            "submitted_pages": attach_submissions(video.pages.all()),
            "refresh": not video.is_finished,
            "can_edit": media_permissions.can_edit_video(request.user, video),
            "can_delete": media_permissions.can_delete_video(request.user, video),
        },
        status=status,
    )


@never_cache
def status_fragment(request, video_id):
    """The processing state alone (polled by media.js while processing runs)."""
    video = _video_for(request, video_id)
    response = TemplateResponse(
        request, "media/includes/processing_status.html", {"video": video}
    )
    return response


def transcript_download(request, page):
    """<video page>/transcript.txt: the transcript as a UTF-8 text file."""
    text = page.transcript_text()
    if not text:
        raise Http404
    response = HttpResponse(
        f"{page.title}\n\n{text}\n", content_type="text/plain; charset=utf-8"
    )
    filename = f"{slugify(page.slug) or 'video'}-transcript.txt"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
