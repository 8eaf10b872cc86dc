"""Sharing a story from the site: who may, what is created, and bad input that must
leave nothing behind."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.images import get_image_model
from wagtail.models import Revision, Workflow, WorkflowState

from stories.models import CaseStoryPage
from tests.stories.story_helpers import png_bytes, png_upload

pytestmark = pytest.mark.django_db

SHARE = "/stories/share/"


def files_in(folder):
    root = Path(folder)
    return sorted(path for path in root.rglob("*") if path.is_file())


def nothing_left_behind():
    assert CaseStoryPage.objects.count() == 0
    assert get_image_model().objects.count() == 0
    assert WorkflowState.objects.count() == 0
    assert files_in(settings.MEDIA_ROOT) == []


# --- Who may share ------------------------------------------------------------------


def test_visitor_is_sent_to_log_in(client, story_index):
    response = client.get(SHARE)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/stories/share/")
    assert client.post(SHARE, {}).status_code == 302
    assert CaseStoryPage.objects.count() == 0


@pytest.mark.parametrize("role", ["member", "editor"])
def test_non_ambassadors_learn_how_to_become_one_and_cannot_post(
    client, story_index, story_data, request, role
):
    client.force_login(request.getfixturevalue(role))

    page = client.get(SHARE)
    refused = client.post(SHARE, story_data)

    assert page.status_code == 200
    html = page.content.decode()
    # A member learns how to become an ambassador; an editor is sent to the admin,
    # where editors write (asking to become an ambassador is not their way).
    assert ('class="button" href="/accounts/ambassador/"' in html) is (role == "member")
    assert ('class="button" href="/admin/"' in html) is (role == "editor")
    assert "<textarea" not in html
    assert refused.status_code == 403
    assert CaseStoryPage.objects.count() == 0


@pytest.mark.parametrize("role", ["ambassador", "moderator", "admin"])
def test_ambassadors_see_the_form(client, story_index, request, role, halmstad):
    client.force_login(request.getfixturevalue(role))
    response = client.get(SHARE)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="title"' in html and 'type="file"' in html
    assert response["Cache-Control"].startswith("max-age=0")
    # Every input has a label.
    for name in ("title", "summary", "body", "tags", "image_alt_text", "consent"):
        assert f'for="id_{name}"' in html


def test_the_form_starts_from_the_authors_municipality_and_language(
    client, story_index, ambassador, halmstad
):
    ambassador.language = "da"
    ambassador.save()
    client.force_login(ambassador)
    form = client.get(SHARE).context["form"]
    assert form["language"].value() == "da"
    assert form["municipalities"].value() == [halmstad.pk]


# --- A good submission --------------------------------------------------------------


def test_submission_creates_a_draft_in_review_owned_by_the_author(
    client, story_index, ambassador, story_data, django_capture_on_commit_callbacks
):
    client.force_login(ambassador)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(SHARE, story_data)

    assert response.status_code == 302
    assert response["Location"] == "/stories/drafts/"
    story = CaseStoryPage.objects.get()
    assert story.get_parent().specific == story_index
    assert story.owner == ambassador
    assert not story.live
    assert story.publishing_consent and story.consent_given_at
    assert story.title == "Digitala ombud i hemtjänsten"
    assert [m.name for m in story.municipalities.all()] == ["Halmstad"]
    assert story.sector.slug == "elderly-care"
    assert sorted(tag.name for tag in story.tags.all()) == [
        "digitaliseringsombud",
        "välfärdsteknik",
    ]
    revision = Revision.page_revisions.get(object_id=str(story.pk))
    assert revision.user == ambassador
    state = WorkflowState.objects.get()
    assert state.workflow == Workflow.objects.get(name="Catalogue review")
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.requested_by == ambassador
    paragraphs = [block.value.source for block in revision.as_object().body]
    assert paragraphs == [
        "<p>Vi började med en workshop.</p>",
        "<p>Sedan träffades ombuden varje månad.</p>",
    ]
    assert [message.to for message in mail.outbox] == [[ambassador.email]]


def test_editors_get_wagtails_moderation_notice(
    client,
    story_index,
    ambassador,
    editor,
    story_data,
    django_capture_on_commit_callbacks,
):
    client.force_login(ambassador)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(SHARE, story_data)
    to_editor = [message for message in mail.outbox if message.to == [editor.email]]
    assert len(to_editor) == 1
    assert "Digitala ombud i hemtjänsten" in to_editor[0].body


def test_submission_with_an_image_makes_it_the_pages_picture(
    client, story_index, ambassador, story_data
):
    client.force_login(ambassador)
    data = {
        **story_data,
        "image": png_upload("ombud.png"),
        "image_alt_text": "Två ombud visar en surfplatta",
    }
    response = client.post(SHARE, data)

    assert response.status_code == 302
    image = get_image_model().objects.get()
    assert image.collection.name == "Story submissions"
    assert image.uploaded_by_user == ambassador
    assert (Path(settings.MEDIA_ROOT) / image.file.name).is_file()
    story = CaseStoryPage.objects.get().get_latest_revision_as_object()
    assert story.image == image
    assert story.image_alt == "Två ombud visar en surfplatta"
    assert "image" not in [block.block_type for block in story.body]


@pytest.mark.parametrize("image_format", ["JPEG", "WEBP", "GIF"])
def test_other_web_image_formats_are_accepted(
    client, story_index, ambassador, story_data, image_format
):
    client.force_login(ambassador)
    extension = {"JPEG": "jpg", "WEBP": "webp", "GIF": "gif"}[image_format]
    upload = SimpleUploadedFile(
        f"bild.{extension}", png_bytes(image_format=image_format)
    )
    data = {**story_data, "image": upload, "image_alt_text": "En bild"}
    assert client.post(SHARE, data).status_code == 302
    assert get_image_model().objects.count() == 1


# --- Bad input ----------------------------------------------------------------------


def _too_big():
    header = png_bytes()
    return SimpleUploadedFile(
        "stor.png",
        header + b"\0" * (settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE + 1 - len(header)),
    )


BAD_INPUT = {
    "10,000-character title": (
        lambda data: {**data, "title": "x" * 10_000},
        "title",
        "at most 255 characters",
    ),
    "not an image": (
        lambda data: {
            **data,
            "image": SimpleUploadedFile("bild.png", b"<?php echo 'hej'; ?>"),
            "image_alt_text": "En bild",
        },
        "image",
        "not an image we can read",
    ),
    "a PDF named .pdf": (
        lambda data: {
            **data,
            "image": SimpleUploadedFile("rapport.pdf", b"%PDF-1.4 ..."),
            "image_alt_text": "Rapport",
        },
        "image",
        "not an image we can read",
    ),
    "a PNG signature followed by HTML": (
        lambda data: {
            **data,
            "image": SimpleUploadedFile(
                "bild.png",
                b"\x89PNG\r\n\x1a\n<html><script>alert(1)</script></html>",
            ),
            "image_alt_text": "En bild",
        },
        "image",
        "not an image we can read",
    ),
    "an SVG renamed .png": (
        lambda data: {
            **data,
            "image": SimpleUploadedFile(
                "bild.png",
                b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script>'
                b"</svg>",
            ),
            "image_alt_text": "En bild",
        },
        "image",
        "does not match the file format",
    ),
    "image with the wrong extension": (
        lambda data: {
            **data,
            "image": SimpleUploadedFile("bild.gif", png_bytes()),
            "image_alt_text": "En bild",
        },
        "image",
        "extension does not match",
    ),
    "an oversized upload": (
        lambda data: {**data, "image": _too_big(), "image_alt_text": "En bild"},
        "image",
        "too big",
    ),
    "an image without alternative text": (
        lambda data: {**data, "image": png_upload(), "image_alt_text": ""},
        "image_alt_text",
        "Describe the image",
    ),
    "an unknown municipality": (
        lambda data: {**data, "municipalities": ["999999"]},
        "municipalities",
        "999999",
    ),
    "no municipality": (
        lambda data: {**data, "municipalities": []},
        "municipalities",
        "required",
    ),
    "no consent": (
        lambda data: {key: value for key, value in data.items() if key != "consent"},
        "consent",
        "agree to publication",
    ),
    "eleven tags": (
        lambda data: {**data, "tags": ",".join(f"tagg{n}" for n in range(11))},
        "tags",
        "at most 10 tags",
    ),
    "a 51-character tag": (
        lambda data: {**data, "tags": "kort, " + "å" * 51},
        "tags",
        "50 characters",
    ),
    "a tag without letters": (
        lambda data: {**data, "tags": "ok, !!!"},
        "tags",
        "letter or digit",
    ),
    "a year in the future": (
        lambda data: {**data, "year": "2999"},
        "year",
        "less than or equal",
    ),
    "an unknown language": (
        lambda data: {**data, "language": "xx"},
        "language",
        "valid choice",
    ),
}


@pytest.mark.parametrize("case", BAD_INPUT.values(), ids=BAD_INPUT.keys())
def test_bad_input_is_refused_with_a_message_and_leaves_nothing(
    client, story_index, ambassador, story_data, case
):
    change, field, message = case
    client.force_login(ambassador)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    response = client.post(SHARE, change(story_data))

    assert response.status_code == 200
    form = response.context["form"]
    assert field in form.errors
    assert message in " ".join(form.errors[field])
    html = response.content.decode()
    assert 'role="alert"' in html
    assert f'href="#id_{field}"' in html
    assert f'id="id_{field}_error"' in html
    nothing_left_behind()


def test_markup_in_the_form_is_shown_as_text(
    client, story_index, ambassador, story_data
):
    client.force_login(ambassador)
    data = {
        **story_data,
        "title": 'Ombud <script>alert("titel")</script>',
        "body": 'Hej <script>alert("text")</script>\n<img src=x onerror=alert(1)>',
    }
    client.post(SHARE, data)
    story = CaseStoryPage.objects.get().get_latest_revision_as_object()

    source = story.body[0].value.source
    assert "<script>" not in source and "<img" not in source
    assert "&lt;script&gt;" in source
    assert story.title == 'Ombud <script>alert("titel")</script>'


def test_a_failure_after_the_image_was_stored_removes_it(
    client, story_index, ambassador, story_data, monkeypatch
):
    """The image file is written before the workflow starts: when that fails, the
    transaction rolls back and the stored file is deleted too."""
    client.force_login(ambassador)

    def broken_start(self, obj, user):
        raise RuntimeError("the workflow could not start")

    monkeypatch.setattr(Workflow, "start", broken_start)
    data = {**story_data, "image": png_upload(), "image_alt_text": "En bild"}
    with pytest.raises(RuntimeError):
        client.post(SHARE, data)

    nothing_left_behind()


def test_same_title_twice_gets_its_own_address(
    client, story_index, ambassador, story_data
):
    client.force_login(ambassador)
    client.post(SHARE, story_data)
    client.post(SHARE, story_data)
    slugs = sorted(CaseStoryPage.objects.values_list("slug", flat=True))
    assert slugs == ["digitala-ombud-i-hemtjansten", "digitala-ombud-i-hemtjansten-1"]


def test_tags_reuse_existing_names_whatever_the_case(
    client, story_index, ambassador, story_data, make_story
):
    make_story("Tidigare", tags=["Välfärdsteknik"])
    client.force_login(ambassador)
    client.post(SHARE, {**story_data, "tags": "välfärdsteknik, VÄLFÄRDSTEKNIK, ny"})
    story = CaseStoryPage.objects.get(owner=ambassador)
    draft = story.get_latest_revision_as_object()
    assert sorted(tag.name for tag in draft.tags.all()) == ["Välfärdsteknik", "ny"]
