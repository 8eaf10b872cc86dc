"""Words (issue 17): Dela's review workflow and task read in the reader's language in
the admin and in e-mails, and approving an ambassador request says when it changes
the municipality the member's profile named."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation
from wagtail.models import Task, Workflow

from accounts.models import AmbassadorRequest
from accounts.services import decide_ambassador_request
from dela.workflow_names import DELA_WORKFLOW_NAMES
from stories.services import (
    REVIEW_TASK_NAME,
    REVIEW_WORKFLOW_NAME,
    ensure_review_workflow,
)
from tests.factories import MunicipalityFactory

pytestmark = pytest.mark.django_db

MOTIVATION = "I run the digital drop-in for colleagues in elderly care."


def _translated(text, language):
    with translation.override(language):
        return translation.gettext(text)


def test_dela_marks_the_names_it_gives_the_review_for_translation():
    assert set(DELA_WORKFLOW_NAMES) == {
        REVIEW_WORKFLOW_NAME,
        REVIEW_TASK_NAME,
        "Editors approval",  # accounts.roles: Wagtail's default workflow, renamed
    }
    for language in ("sv", "nb", "da"):
        for name in DELA_WORKFLOW_NAMES:
            assert _translated(name, language) != name, (name, language)


def test_the_review_reads_in_each_readers_language_and_is_stored_in_english():
    ensure_review_workflow()
    workflow = Workflow.objects.get(name=REVIEW_WORKFLOW_NAME)
    task = Task.objects.get(name=REVIEW_TASK_NAME)
    for language in ("sv", "nb", "da"):
        with translation.override(language):
            assert workflow.name == _translated(REVIEW_WORKFLOW_NAME, language)
            assert task.specific.name == _translated(REVIEW_TASK_NAME, language)
    with translation.override("en"):
        assert workflow.name == REVIEW_WORKFLOW_NAME
    # saving, refreshing and saving again in Swedish stores the English name
    with translation.override("sv"):
        workflow.refresh_from_db()
        workflow.save()
        task.save()
        copy = Workflow.objects.get(pk=workflow.pk)
        copy.name = workflow.name
        copy.save()
    assert Workflow.objects.filter(pk=workflow.pk, name=REVIEW_WORKFLOW_NAME).exists()
    assert Task.objects.filter(pk=task.pk, name=REVIEW_TASK_NAME).exists()
    # a name an administrator typed reads as typed
    other = Workflow.objects.create(name="Kommunens egen granskning")
    with translation.override("da"):
        assert other.name == "Kommunens egen granskning"


def test_the_admin_shows_the_names_translated_and_the_form_keeps_the_stored_one(
    client, admin
):
    workflow = ensure_review_workflow()
    client.force_login(admin)
    client.cookies["dela_language"] = "sv"
    swedish = _translated(REVIEW_WORKFLOW_NAME, "sv")
    listing = client.get(reverse("wagtailadmin_workflows:index")).content.decode()
    assert swedish in listing
    form = client.get(
        reverse("wagtailadmin_workflows:edit", args=[workflow.pk])
    ).content.decode()
    assert f'value="{REVIEW_WORKFLOW_NAME}"' in form
    tasks = client.get(reverse("wagtailadmin_workflows:task_index")).content.decode()
    assert _translated(REVIEW_TASK_NAME, "sv") in tasks


def test_wagtails_moderation_email_names_the_task_in_the_editors_language():
    """Wagtail renders its moderation e-mails with `task.name` in each recipient's
    language."""
    from django.template.loader import render_to_string

    from home.models import HomePage

    ensure_review_workflow()
    task = Task.objects.get(name=REVIEW_TASK_NAME)
    with translation.override("da"):
        subject = render_to_string(
            "wagtailadmin/notifications/task_state_submitted_subject.txt",
            {"task": task, "page": HomePage.objects.first()},
        )
    assert f'"{_translated(REVIEW_TASK_NAME, "da")}"' in subject


# --- Approving an ambassador request ------------------------------------------------


@pytest.fixture
def kalmar(db):
    return MunicipalityFactory(name="Kalmar", official_code="0880")


def _request(member, municipality):
    return AmbassadorRequest.objects.create(
        user=member, municipality=municipality, motivation=MOTIVATION
    )


def test_the_editor_is_told_before_and_after_that_the_municipality_changes(
    client,
    editor,
    member,
    halmstad,
    kalmar,
    english,
    django_capture_on_commit_callbacks,
):
    member.municipality = kalmar
    member.language = "en"
    member.save()
    pending = _request(member, halmstad)
    client.force_login(editor)
    url = reverse("ambassador_requests:edit", args=[pending.pk])
    form = client.get(url).content.decode()
    assert "profile names Kalmar. Approving changes it to Halmstad" in form
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"status": "approved"}, follow=True)
    page = response.content.decode()
    assert "municipality changed from Kalmar to Halmstad" in page
    member.refresh_from_db()
    assert member.municipality == halmstad
    (message,) = mail.outbox
    assert "Your profile now names Halmstad as your municipality" in message.body
    assert "before, it named Kalmar" in message.body


def test_nothing_is_said_when_the_profile_had_no_other_municipality(
    editor, member, halmstad, english, django_capture_on_commit_callbacks
):
    pending = _request(member, halmstad)
    with django_capture_on_commit_callbacks(execute=True):
        decided = decide_ambassador_request(pending, editor, "approved")
    assert decided.replaced_municipality is None
    member.refresh_from_db()
    assert member.municipality == halmstad
    assert "Your profile now names" not in mail.outbox[0].body


def test_a_declined_request_leaves_the_municipality(
    editor, member, halmstad, kalmar, english, django_capture_on_commit_callbacks
):
    member.municipality = kalmar
    member.save()
    with django_capture_on_commit_callbacks(execute=True):
        decide_ambassador_request(_request(member, halmstad), editor, "declined")
    member.refresh_from_db()
    assert member.municipality == kalmar
    assert "Your profile now names" not in mail.outbox[0].body


def test_the_member_is_told_in_their_own_language(
    editor, member, halmstad, kalmar, django_capture_on_commit_callbacks
):
    member.municipality = kalmar
    member.language = "da"
    member.save()
    with django_capture_on_commit_callbacks(execute=True):
        decide_ambassador_request(_request(member, halmstad), editor, "approved")
    english = (
        "Your profile now names %(municipality)s as your municipality, as in your"
        " request; before, it named %(previous)s. You can change it on your profile."
    )
    danish = _translated(english, "da")
    assert danish != english
    assert danish % {"municipality": "Halmstad", "previous": "Kalmar"} in (
        mail.outbox[0].body
    )
