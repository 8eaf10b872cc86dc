"""The ambassador's upload flow on the site, and who may do what in the library."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.models import Workflow, WorkflowState

from media.models import ProcessingStatus, Video, VideoPage
from media.permissions import media_permissions
from tests.media.media_helpers import SAMPLE_VTT, publish_video_page, upload

ROLES = ["visitor", "member", "ambassador", "moderator", "editor", "admin"]


def status_url(index, video):
    return index.url + index.reverse_subpage("upload_status", args=[video.pk])


def test_the_whole_flow_upload_captions_and_send_to_the_editors(
    client,
    ambassador,
    video_index,
    sample_files,
    halmstad,
    django_capture_on_commit_callbacks,
):
    client.force_login(ambassador)
    form = client.get(video_index.url + "upload/")
    html = form.content.decode()
    assert "data-upload-progress" in html and "<progress" in html
    assert "js/media.js" in html
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            video_index.url + "upload/",
            {"title": "Vår film", "file": upload(sample_files["mp4"])},
        )
    video = Video.objects.get()
    assert response.status_code == 302
    assert response["Location"] == status_url(video_index, video)
    assert video.uploaded_by_user == ambassador
    assert video.status == ProcessingStatus.READY

    listed = client.get(video_index.url + "upload/").content.decode()
    assert f'href="{status_url(video_index, video)}"' in listed  # "Your videos"
    page = client.get(status_url(video_index, video)).content.decode()
    assert "Ready" in page or "Klar" in page or "status--ready" in page
    assert "Before you can send it: add captions in" in page

    # Sending without captions in the video's language is refused with the reason.
    data = {
        "title": "Vår film",
        "summary": "Så gör vi i Halmstad.",
        "language": "sv",
        "municipalities": [halmstad.pk],
        "submit_page": "1",
    }
    refused = client.post(status_url(video_index, video), data)
    assert refused.status_code == 400
    assert "Add captions in" in refused.content.decode()
    assert not VideoPage.objects.exists()

    bad = client.post(
        status_url(video_index, video),
        {
            "language": "sv",
            "kind": "captions",
            "file": SimpleUploadedFile("fel.vtt", b"WEBVTT\n\n00:01 --> 00:02\nHej\n"),
            "add_captions": "1",
        },
    )
    assert bad.status_code == 400
    assert "Line 3: the timing" in bad.content.decode()
    good = client.post(
        status_url(video_index, video),
        {
            "language": "sv",
            "kind": "captions",
            "file": SimpleUploadedFile("text.vtt", SAMPLE_VTT.encode()),
            "add_captions": "1",
        },
    )
    assert good.status_code == 302
    sent = client.post(status_url(video_index, video), data)
    assert sent.status_code == 302
    video_page = VideoPage.objects.get()
    assert video_page.owner == ambassador and not video_page.live
    assert video_page.video == video
    state = WorkflowState.objects.for_instance(video_page).get()
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.workflow == Workflow.objects.get(name="Catalogue review")
    after = client.get(status_url(video_index, video)).content.decode()
    assert "waiting for the editors" in after
    assert 'name="submit_page"' not in after  # sent once


def test_upload_errors_show_on_the_form_and_leave_nothing(
    client, ambassador, video_index, sample_files, settings
):
    client.force_login(ambassador)
    response = client.post(
        video_index.url + "upload/",
        {"title": "Fel", "file": upload(sample_files["text"])},
    )
    assert response.status_code == 200
    assert "not a video or audio file" in response.content.decode()
    assert not Video.objects.exists()
    assert not any((settings.MEDIA_ROOT).rglob("*.mp4"))


def test_the_status_fragment_shows_the_processing_state(
    client, ambassador, ready_video, video_index
):
    Video.objects.filter(pk=ready_video.pk).update(status="processing")
    client.force_login(ambassador)
    response = client.get(f"/videos-status/{ready_video.pk}/")
    html = response.content.decode()
    assert 'role="status"' in html and 'aria-live="polite"' in html
    assert "data-status-url" in html  # still polled
    Video.objects.filter(pk=ready_video.pk).update(
        status="failed", failure_reason="truncated"
    )
    html = client.get(f"/videos-status/{ready_video.pk}/").content.decode()
    assert "incomplete or damaged" in html and "data-status-url" not in html
    page = client.get(status_url(video_index, ready_video))
    assert '<meta http-equiv="refresh"' not in page.content.decode()  # finished
    # One person's upload pages are never kept by a browser or a shared cache.
    for response in (page, client.get(video_index.url + "upload/")):
        assert "private" in response["Cache-Control"]
        assert response["Cache-Control"].startswith("max-age=0")


@pytest.mark.parametrize("role", ROLES)
def test_who_may_open_the_upload_form(client, request, video_index, role):
    user = request.getfixturevalue(role)
    if role != "visitor":
        client.force_login(user)
    response = client.get(video_index.url + "upload/")
    if role == "visitor":
        assert (
            response.status_code == 302 and "/accounts/login/" in response["Location"]
        )
    elif role == "member":
        assert reverse("accounts:ambassador_request") in response.content.decode()
        assert 'name="file"' not in response.content.decode()
    else:
        assert 'name="file"' in response.content.decode()


def test_a_member_cannot_post_an_upload(client, member, video_index, sample_files):
    client.force_login(member)
    response = client.post(
        video_index.url + "upload/", {"title": "X", "file": upload(sample_files["mp4"])}
    )
    assert response.status_code == 403 and not Video.objects.exists()


@pytest.mark.parametrize(
    ("role", "see", "edit", "delete"),
    [
        ("visitor", False, False, False),
        ("member", False, False, False),
        ("ambassador", True, True, True),  # the uploader
        ("moderator", False, False, False),  # another ambassador
        ("editor", True, True, True),
        ("admin", True, True, True),
    ],
)
def test_permissions_on_an_uploaded_video(
    request, ready_video, role, see, edit, delete
):
    user = request.getfixturevalue(role)
    assert media_permissions.can_see_video_status(user, ready_video) is see
    assert media_permissions.can_edit_video(user, ready_video) is edit
    assert media_permissions.can_delete_video(user, ready_video) is delete


def test_a_video_shown_on_a_page_cannot_be_deleted(
    ready_video, video_index, ambassador, editor
):
    publish_video_page(video_index, "Visas", ready_video)
    assert not media_permissions.can_delete_video(ambassador, ready_video)
    assert not media_permissions.can_delete_video(editor, ready_video)


@pytest.mark.parametrize(
    ("role", "may"),
    [
        ("visitor", False),
        ("member", False),
        ("ambassador", False),
        ("moderator", False),
        ("editor", True),
        ("admin", True),
    ],
)
def test_who_may_publish_a_video_page(request, video_page, role, may):
    """Dela's roles give editors and administrators Wagtail's publish permission on
    the library's pages (whether a page may go live is the publication rule's)."""
    user = request.getfixturevalue(role)
    if role == "visitor":
        assert not user.is_authenticated
        return
    assert video_page.permissions_for_user(user).can_publish() is may


def test_another_persons_upload_is_not_found(
    client, ready_video, video_index, moderator
):
    client.force_login(moderator)
    assert client.get(status_url(video_index, ready_video)).status_code == 404
    assert client.get(f"/videos-status/{ready_video.pk}/").status_code == 404


def test_the_uploader_deletes_an_unused_upload(
    client,
    ambassador,
    ready_video,
    video_index,
    settings,
    django_capture_on_commit_callbacks,
):
    client.force_login(ambassador)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            status_url(video_index, ready_video), {"delete_video": "1"}
        )
    assert response.status_code == 302
    assert not Video.objects.exists()
    assert not [p for p in settings.MEDIA_ROOT.rglob("*") if p.is_file()]


def test_editors_use_the_library_in_the_admin(client, editor, ready_video):
    client.force_login(editor)
    listing = client.get("/admin/media/")
    assert listing.status_code == 200 and ready_video.title in listing.content.decode()
    assert client.get(f"/admin/media/edit/{ready_video.pk}/").status_code == 200
    assert client.get("/admin/caption_tracks/").status_code == 200
