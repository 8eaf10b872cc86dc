"""The "Catalogue review" workflow: editors approve, request changes or reject; the
author is told at each step, follows it in the drafts area and resubmits."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation
from wagtail.models import Workflow, WorkflowPage, WorkflowState, WorkflowTask

from accounts.roles import GROUP_NAMES, Role
from stories.models import CaseStoryPage, CatalogueReviewTask, StoryIndexPage
from stories.permissions import story_permissions
from stories.services import REVIEW_WORKFLOW_NAME, ensure_review_workflow, submit_story
from taxonomy import tasks as review_tasks
from taxonomy.review import (
    ReviewAction,
    SubmissionStatus,
    can_review,
    review_page,
    submission_of,
)
from tests.factories import UserFactory
from tests.stories.story_helpers import cleaned, publish_story

pytestmark = pytest.mark.django_db

DRAFTS = "/stories/drafts/"


def edit_url(story):
    return f"/stories/drafts/{story.pk}/edit/"


def mails_to(user):
    return [message for message in mail.outbox if message.to == [user.email]]


@pytest.fixture
def capture(django_capture_on_commit_callbacks):
    """Run the on-commit e-mail tasks as a committed transaction would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def record_languages(monkeypatch):
    """The language active while each story e-mail is rendered."""
    from dela import mail

    seen = []
    render = mail.render_to_string

    def recording(template, context=None, *args, **kwargs):
        if template.endswith("_message.txt"):
            seen.append(translation.get_language())
        return render(template, context, *args, **kwargs)

    monkeypatch.setattr(mail, "render_to_string", recording)
    return seen


# --- The workflow itself --------------------------------------------------------------


def test_review_workflow_is_made_once_with_editors_as_reviewers(story_index):
    first = ensure_review_workflow()
    again = ensure_review_workflow()

    assert first == again
    assert Workflow.objects.filter(name=REVIEW_WORKFLOW_NAME).count() == 1
    task = WorkflowTask.objects.get(workflow=first).task.specific
    assert isinstance(task, CatalogueReviewTask)
    assert list(task.groups.values_list("name", flat=True)) == [
        GROUP_NAMES[Role.EDITOR]
    ]
    assert WorkflowPage.objects.get(page=story_index).workflow == first
    # Stories inherit it, so editors' own edits in the admin are reviewed too.
    assert publish_story(story_index, "Redaktörens").get_workflow() == first


def test_an_index_made_later_gets_the_workflow(story_index):
    WorkflowPage.objects.filter(page=story_index).delete()
    workflow = ensure_review_workflow()
    assert StoryIndexPage.objects.get().get_workflow() == workflow
    assert WorkflowPage.objects.get(page=story_index).workflow == workflow


def test_the_administrators_choices_stay(story_index, ambassador, editor, story_data):
    """The review follows what an administrator set in the admin: a renamed
    workflow is still the one, a disabled one stays disabled and takes no
    submission (nothing is saved), another workflow assigned to the index is the
    one a submission starts."""
    workflow = ensure_review_workflow()
    workflow.name = "Redaktionens granskning"
    workflow.save()
    assert ensure_review_workflow() == workflow
    assert not Workflow.objects.filter(name=REVIEW_WORKFLOW_NAME).exists()

    # Wagtail's own default workflow on the root page would cover the index once
    # Dela's is off: switched off too, so that no review applies at all.
    for active in Workflow.objects.filter(active=True):
        active.deactivate(user=editor)
    ensure_review_workflow()  # as after the next deploy's migrate
    workflow.refresh_from_db()
    assert not workflow.active
    assert not WorkflowPage.objects.filter(workflow=workflow).exists()
    with pytest.raises(ValidationError, match="tar inte emot bidrag"):
        submit_story(ambassador, story_index, cleaned(story_data))
    assert not CaseStoryPage.objects.exists()

    other = Workflow.objects.create(name="Kommunikationsavdelningen")
    task = CatalogueReviewTask.objects.get()
    WorkflowTask.objects.create(workflow=other, task=task, sort_order=0)
    WorkflowPage.objects.create(page=story_index, workflow=other)
    story = submit_story(ambassador, story_index, cleaned(story_data))
    assert WorkflowState.objects.for_instance(story).get().workflow == other
    assert submission_of(story).status == SubmissionStatus.IN_REVIEW


def test_only_reviewers_have_review_actions(submitted_story, editor, ambassador, admin):
    task = submitted_story.current_workflow_task
    names = [name for name, _label, _modal in task.get_actions(submitted_story, editor)]
    assert names == ["reject", "close", "approve", "approve"]
    assert task.get_actions(submitted_story, ambassador) == []
    assert can_review(editor, submitted_story)
    assert can_review(admin, submitted_story)
    assert not can_review(ambassador, submitted_story)
    with pytest.raises(PermissionDenied):
        review_page(submitted_story, ambassador, ReviewAction.APPROVE)


# --- Approve --------------------------------------------------------------------------


def test_approval_publishes_and_tells_the_author_in_their_language(
    submitted_story, ambassador, editor, capture, record_languages
):
    ambassador.language = "da"
    ambassador.save()
    mail.outbox.clear()

    with capture():
        review_page(submitted_story, editor, ReviewAction.APPROVE)

    story = CaseStoryPage.objects.get(pk=submitted_story.pk)
    assert story.live
    assert story.owner == ambassador
    assert submission_of(story).status == SubmissionStatus.PUBLISHED
    (message,) = mails_to(ambassador)
    assert "published" in message.subject.lower() or story.title in message.subject
    assert story.full_url in message.body
    assert record_languages == ["da"]


def test_editors_write_stories_in_the_admin_with_ambassadors_as_contacts(
    client, story_index, editor, ambassador, member
):
    client.force_login(editor)
    url = reverse(
        "wagtailadmin_pages:add", args=["stories", "casestorypage", story_index.pk]
    )
    response = client.get(url)
    assert response.status_code == 200
    contacts = response.context["form"].fields["contacts"].queryset
    assert ambassador in contacts and member not in contacts


def test_editors_approve_in_the_admin(client, submitted_story, editor, ambassador):
    """The admin's workflow menu runs the same task actions."""
    task_state = submitted_story.current_workflow_task_state
    client.force_login(editor)
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[submitted_story.pk]))
    assert edit.status_code == 200
    # The workflow menu offers the outright rejection next to Wagtail's actions.
    assert f"/workflow/collect_action_data/{submitted_story.pk}/close/" in (
        edit.content.decode()
    )

    response = client.post(
        reverse(
            "wagtailadmin_pages:workflow_action",
            args=[submitted_story.pk, "approve", task_state.pk],
        ),
        {"comment": ""},
    )

    assert response.status_code == 302
    assert CaseStoryPage.objects.get(pk=submitted_story.pk).live


def test_the_author_gets_no_wagtail_admin_mail_about_the_decision(
    submitted_story, ambassador, editor, capture
):
    mail.outbox.clear()
    with capture():
        review_page(submitted_story, editor, ReviewAction.APPROVE)
    # Only Dela's own message, with the story's public address.
    assert len(mails_to(ambassador)) == 1
    assert "/admin/" not in mails_to(ambassador)[0].body


# --- Request changes, edit, resubmit --------------------------------------------------


def test_changes_requested_then_edited_resubmitted_and_approved(
    client, submitted_story, ambassador, editor, story_data, capture, record_languages
):
    ambassador.language = "nb"
    ambassador.save()
    mail.outbox.clear()
    comment = "Skriv gärna hur många som deltog."

    with capture():
        review_page(submitted_story, editor, ReviewAction.REQUEST_CHANGES, comment)

    (message,) = mails_to(ambassador)
    assert comment in message.body
    assert "/stories/drafts/" in message.body
    client.force_login(ambassador)
    drafts = client.get(DRAFTS).content.decode()
    assert comment in drafts
    assert f'href="{edit_url(submitted_story)}"' in drafts

    form = client.get(edit_url(submitted_story))
    assert form.status_code == 200
    assert form.context["form"]["title"].value() == story_data["title"]
    assert "Vi började med en workshop." in form.context["form"]["body"].value()
    assert comment in form.content.decode()

    changed = {**story_data, "title": "Ombud i hemtjänsten, 120 deltagare"}
    del changed["consent"]  # given with the first submission
    mail.outbox.clear()
    with capture():
        response = client.post(edit_url(submitted_story), changed)

    assert response.status_code == 302
    state = WorkflowState.objects.get(status=WorkflowState.STATUS_IN_PROGRESS)
    assert state.requested_by == ambassador
    assert submission_of(submitted_story).status == SubmissionStatus.IN_REVIEW
    assert len(mails_to(ambassador)) == 1  # received again
    assert client.get(edit_url(submitted_story)).status_code == 403

    mail.outbox.clear()
    with capture():
        review_page(submitted_story, editor, ReviewAction.APPROVE)

    story = CaseStoryPage.objects.get(pk=submitted_story.pk)
    assert story.live and story.title == "Ombud i hemtjänsten, 120 deltagare"
    assert len(mails_to(ambassador)) == 1
    assert record_languages == ["nb", "nb", "nb"]


def test_markup_stays_inert_on_the_published_page(
    client, story_index, ambassador, editor, story_data
):
    data = {
        **story_data,
        "title": "Ombud <script>alert('titel')</script>",
        "summary": "<b>fet</b> sammanfattning",
        "body": "Text <script>alert('text')</script>",
        "results": "<img src=x onerror=alert(1)>",
    }
    story = submit_story(ambassador, story_index, cleaned(data))
    review_page(story, editor, ReviewAction.APPROVE)

    html = client.get(CaseStoryPage.objects.get(pk=story.pk).url).content.decode()
    main = html.split("<main", 1)[1]

    assert "<script>alert" not in main
    assert "<img src=x" not in main
    assert "<b>fet</b>" not in main
    assert "&lt;script&gt;alert(&#x27;text&#x27;)&lt;/script&gt;" in main
    assert "&lt;b&gt;fet&lt;/b&gt;" in main


def test_request_changes_needs_a_comment(submitted_story, editor):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        review_page(submitted_story, editor, ReviewAction.REQUEST_CHANGES, "")


def test_resubmission_keeps_the_image_and_replaces_its_text(
    client, story_index, ambassador, editor, story_data, capture
):
    from tests.stories.story_helpers import png_upload

    client.force_login(ambassador)
    client.post(
        "/stories/share/",
        {**story_data, "image": png_upload(), "image_alt_text": "Gammal text"},
    )
    story = CaseStoryPage.objects.get()
    review_page(story, editor, ReviewAction.REQUEST_CHANGES, "Bättre alt-text")

    data = {**story_data, "image_alt_text": "", "body": "Ny text."}
    del data["consent"]
    refused = client.post(edit_url(story), data)
    assert "image_alt_text" in refused.context["form"].errors

    data["image_alt_text"] = "Två ombud vid en surfplatta"
    assert client.post(edit_url(story), data).status_code == 302
    draft = CaseStoryPage.objects.get(pk=story.pk).get_latest_revision_as_object()
    assert [block.block_type for block in draft.body] == ["paragraph"]
    assert draft.image is not None  # the page's picture, kept
    assert draft.image_alt == "Två ombud vid en surfplatta"


# --- Reject outright ------------------------------------------------------------------


def test_rejection_closes_the_submission_and_tells_the_author_why(
    client, submitted_story, ambassador, editor, capture
):
    mail.outbox.clear()
    reason = "Berättelsen handlar om en upphandling, inte om ombudens arbete."

    with capture():
        review_page(submitted_story, editor, ReviewAction.REJECT, reason)

    state = WorkflowState.objects.get()
    assert state.status == WorkflowState.STATUS_CANCELLED
    assert not CaseStoryPage.objects.get(pk=submitted_story.pk).live
    submission = submission_of(CaseStoryPage.objects.get(pk=submitted_story.pk))
    assert submission.status == SubmissionStatus.REJECTED
    assert submission.comment == reason
    (message,) = mails_to(ambassador)
    assert reason in message.body
    client.force_login(ambassador)
    drafts = client.get(DRAFTS).content.decode()
    assert reason in drafts
    assert edit_url(submitted_story) not in drafts
    assert client.get(edit_url(submitted_story)).status_code == 403
    assert client.post(edit_url(submitted_story), {}).status_code == 403


def test_editors_reject_in_the_admin_with_a_reason(
    client, submitted_story, editor, capture
):
    task_state = submitted_story.current_workflow_task_state
    url = reverse(
        "wagtailadmin_pages:workflow_action",
        args=[submitted_story.pk, "close", task_state.pk],
    )
    client.force_login(editor)

    assert client.post(url, {"comment": ""}).status_code == 302
    assert WorkflowState.objects.get().status == WorkflowState.STATUS_IN_PROGRESS

    client.post(url, {"comment": "Inte ett kommunalt exempel."})
    assert WorkflowState.objects.get().status == WorkflowState.STATUS_CANCELLED


# --- Drafts area and permissions ------------------------------------------------------


def test_drafts_need_a_login(client, story_index, submitted_story):
    for url in (DRAFTS, edit_url(submitted_story)):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")


def test_drafts_show_only_the_authors_own_submissions(
    client, submitted_story, other_ambassador, story_index, story_data
):
    other = submit_story(
        other_ambassador, story_index, cleaned({**story_data, "title": "Annans"})
    )
    client.force_login(other_ambassador)
    response = client.get(DRAFTS)
    assert [story.pk for story in response.context["stories"]] == [other.pk]
    assert response["Cache-Control"].startswith("max-age=0")


def test_another_ambassador_cannot_edit_someone_elses_submission(
    client, submitted_story, other_ambassador, editor, story_data
):
    review_page(submitted_story, editor, ReviewAction.REQUEST_CHANGES, "Ändra")
    client.force_login(other_ambassador)

    assert client.get(edit_url(submitted_story)).status_code == 404
    assert client.post(edit_url(submitted_story), story_data).status_code == 404
    assert not story_permissions.can_edit_submission(other_ambassador, submitted_story)
    assert WorkflowState.objects.get().status == WorkflowState.STATUS_NEEDS_CHANGES


def test_the_author_cannot_edit_while_in_review(client, submitted_story, ambassador):
    client.force_login(ambassador)
    assert client.get(edit_url(submitted_story)).status_code == 403


def test_a_former_ambassador_sees_drafts_but_cannot_resubmit(
    client, submitted_story, ambassador, editor
):
    review_page(submitted_story, editor, ReviewAction.REQUEST_CHANGES, "Ändra")
    ambassador.groups.clear()
    ambassador = type(ambassador).objects.get(pk=ambassador.pk)
    client.force_login(ambassador)
    assert client.get(DRAFTS).status_code == 200
    assert client.get(edit_url(submitted_story)).status_code == 403


def test_drafts_show_every_state(
    client, story_index, ambassador, editor, story_data, capture
):
    titles = ["I granskning", "Ändras", "Publicerad", "Avvisad"]
    stories = {
        title: submit_story(
            ambassador, story_index, cleaned({**story_data, "title": title})
        )
        for title in titles
    }
    review_page(stories["Ändras"], editor, ReviewAction.REQUEST_CHANGES, "Mer fakta")
    review_page(stories["Publicerad"], editor, ReviewAction.APPROVE)
    review_page(stories["Avvisad"], editor, ReviewAction.REJECT, "Fel ämne")
    client.force_login(ambassador)

    response = client.get(DRAFTS)

    statuses = {
        story.draft_title: story.submission.status
        for story in response.context["stories"]
    }
    assert statuses == {
        "I granskning": "in_review",
        "Ändras": "changes_requested",
        "Publicerad": "published",
        "Avvisad": "rejected",
    }
    html = response.content.decode()
    assert "Mer fakta" in html and "Fel ämne" in html
    assert CaseStoryPage.objects.get(title="Publicerad").url in html


def test_drafts_queries_do_not_grow_with_the_submissions(
    client, story_index, ambassador, editor, story_data
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def add(count, start):
        for number in range(start, start + count):
            story = submit_story(
                ambassador,
                story_index,
                cleaned({**story_data, "title": f"Berättelse {number}"}),
            )
            if number % 2:
                review_page(story, editor, ReviewAction.REQUEST_CHANGES, "Ändra")

    def measure():
        client.get(DRAFTS)
        with CaptureQueriesContext(connection) as context:
            assert client.get(DRAFTS).status_code == 200
        return len(context.captured_queries)

    client.force_login(ambassador)
    add(2, 0)
    few = measure()
    add(8, 2)
    many = measure()

    assert many == few


def test_an_editors_own_edit_does_not_mail_the_author(
    submitted_story, ambassador, editor, capture
):
    """Only the author's own submissions are announced to the author."""
    review_page(submitted_story, editor, ReviewAction.APPROVE)
    story = CaseStoryPage.objects.get(pk=submitted_story.pk)
    mail.outbox.clear()
    with capture():
        story.save_revision(user=editor)
        ensure_review_workflow().start(story, editor)
        review_page(story, editor, ReviewAction.APPROVE)
    assert mails_to(ambassador) == []


def test_a_deleted_story_sends_nothing(submitted_story):
    task_state_id = submitted_story.current_workflow_task_state.pk
    CaseStoryPage.objects.get(pk=submitted_story.pk).delete()
    mail.outbox.clear()
    review_tasks.send_review_notification.call(task_state_id, "published")
    assert mail.outbox == []


def test_inactive_authors_are_not_mailed(submitted_story, ambassador, editor, capture):
    ambassador.is_active = False
    ambassador.save()
    mail.outbox.clear()
    with capture():
        review_page(submitted_story, editor, ReviewAction.APPROVE)
    assert mails_to(ambassador) == []


def test_unknown_users_see_no_story_for_a_made_up_id(client, story_index):
    client.force_login(UserFactory())
    assert client.get("/stories/drafts/999999/edit/").status_code == 404
