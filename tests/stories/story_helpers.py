"""Helpers for the stories tests (fixtures are in conftest.py)."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PILImage
from wagtail.rich_text import RichText

from stories.forms import StoryForm
from stories.models import CaseStoryPage
from stories.services import StoryInput


def publish_story(
    index, title, *, municipalities=(), tags=(), competences=(), **fields
):
    """A published case story, made the way an editor makes one in the admin."""
    defaults = {
        "summary": f"Sammanfattning av {title}.",
        "language": "sv",
        "year": 2020,
        "body": [("paragraph", RichText("<p>Berättelsen.</p>"))],
    }
    defaults.update(fields)
    story = CaseStoryPage(title=title, **defaults)
    story.municipalities.set(list(municipalities))
    story.competences.set(list(competences))
    story.tags.set(list(tags))
    index.add_child(instance=story)
    story.save_revision().publish()
    return CaseStoryPage.objects.get(pk=story.pk)


def png_bytes(size=(4, 3), colour=(200, 30, 30), image_format="PNG"):
    buffer = io.BytesIO()
    PILImage.new("RGB", size, colour).save(buffer, image_format)
    return buffer.getvalue()


def png_upload(name="bild.png", **kwargs):
    return SimpleUploadedFile(name, png_bytes(**kwargs), content_type="image/png")


def cleaned(form_data):
    """The StoryInput the site's form hands the service functions."""
    form = StoryForm(form_data)
    assert form.is_valid(), form.errors
    return StoryInput.from_form(form.cleaned_data)
