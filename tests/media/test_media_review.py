"""A video page goes through the same review as a story (taxonomy.review): the
workflow assigned to the index, Dela's e-mails to the uploader in their language,
one status vocabulary on the upload page, the caption gate as the publication rule
at every step."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from wagtail.models import WorkflowState
from wagtail.users.models import UserProfile

from media.models import VideoPage
from media.services import submit_video_page
from taxonomy.review import (
    ReviewAction,
    SubmissionStatus,
    attach_submissions,
    review_page,
)

pytestmark = pytest.mark.django_db

DATA = {"title": "Surfplattan hos Greta", "summary": "Kort film.", "language": "sv"}


def mails_to(user):
    return [message for message in mail.outbox if message.to == [user.email]]


@pytest.fixture
def submitted(ambassador, video_index, ready_video, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        return submit_video_page(ambassador, video_index, ready_video, dict(DATA))


def test_the_uploader_hears_from_dela_not_from_the_admin(submitted, ambassador):
    (received,) = mails_to(ambassador)
    assert "Surfplattan hos Greta" in received.subject
    # The link leads to the upload's status page on the site, not to the admin.
    assert f"/videos/upload/{submitted.video_id}/" in received.body
    assert "/admin/" not in received.body
    profile = UserProfile.get_for_user(ambassador)
    assert not profile.approved_notifications
    assert not profile.rejected_notifications


def test_changes_requested_then_approved_reach_the_uploader(
    client, submitted, ambassador, editor, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        review_page(submitted, editor, ReviewAction.REQUEST_CHANGES, "Klipp introt.")
    (changes,) = mails_to(ambassador)
    assert "Klipp introt." in changes.body

    client.force_login(ambassador)
    status_page = client.get(f"/videos/upload/{submitted.video_id}/").content.decode()
    assert "Klipp introt." in status_page

    state = WorkflowState.objects.for_instance(submitted).get()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        state.resume(user=ambassador)
        review_page(
            VideoPage.objects.get(pk=submitted.pk), editor, ReviewAction.APPROVE
        )
    page = VideoPage.objects.get(pk=submitted.pk)
    assert page.live
    published = mails_to(ambassador)[-1]
    assert page.full_url in published.body


def test_an_outright_rejection_shows_on_the_upload_page(
    client, submitted, ambassador, editor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        review_page(submitted, editor, ReviewAction.REJECT, "Fel ämne för Dela.")
    (page,) = attach_submissions([VideoPage.objects.get(pk=submitted.pk)])
    assert page.submission.status == SubmissionStatus.REJECTED
    assert page.submission.comment == "Fel ämne för Dela."
    client.force_login(ambassador)
    status_page = client.get(f"/videos/upload/{submitted.video_id}/").content.decode()
    assert "Fel ämne för Dela." in status_page
    assert "Fel ämne för Dela." in mails_to(ambassador)[-1].body


def test_approval_is_refused_when_the_captions_went_away(
    submitted, editor, ready_video
):
    ready_video.caption_tracks.all().delete()
    page = VideoPage.objects.get(pk=submitted.pk)
    actions = page.current_workflow_task.get_actions(page, editor)
    assert "approve" not in [name for name, _label, _modal in actions]
    with pytest.raises(PermissionDenied):
        review_page(page, editor, ReviewAction.APPROVE)
    assert not VideoPage.objects.get(pk=submitted.pk).live
    assert WorkflowState.objects.for_instance(page).get().status == (
        WorkflowState.STATUS_IN_PROGRESS
    )


def test_publishing_in_code_obeys_the_rule_too(submitted, ready_video):
    ready_video.caption_tracks.all().delete()
    page = VideoPage.objects.get(pk=submitted.pk)
    with pytest.raises(ValidationError, match="captions"):
        page.get_latest_revision().publish()
    assert not VideoPage.objects.get(pk=submitted.pk).live


def test_the_upload_page_asks_one_query_for_every_submission(
    ambassador, video_index, ready_video, django_assert_max_num_queries
):
    pages = [
        submit_video_page(
            ambassador, video_index, ready_video, dict(DATA, title=f"Film {n}")
        )
        for n in range(5)
    ]
    with django_assert_max_num_queries(2):
        attach_submissions(VideoPage.objects.filter(pk__in=[p.pk for p in pages]))
