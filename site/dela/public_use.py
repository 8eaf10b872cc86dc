"""Whether a live page that anyone may read uses an object (an image, a video), by
Wagtail's reference index, which records each page's live content. The one rule
behind the Images API's listing, the video library's files and the story images'
files: what no such page shows is nobody's business but its uploader's and the
editors'."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import IntegerField
from django.db.models.functions import Cast


def _public_references(model):
    from wagtail.models import Page, ReferenceIndex

    return (
        ReferenceIndex.objects.filter(
            base_content_type=ContentType.objects.get_for_model(Page),
            to_content_type=ContentType.objects.get_for_model(model),
        )
        .annotate(page_id=Cast("object_id", IntegerField()))
        .filter(page_id__in=Page.objects.live().public().values("pk"))
    )


def publicly_used_ids(model):
    """A subquery of the ids of ``model`` objects that live public pages use."""
    return (
        _public_references(model)
        .annotate(used_id=Cast("to_object_id", IntegerField()))
        .values("used_id")
    )


def is_publicly_used(obj):
    return _public_references(type(obj)).filter(to_object_id=str(obj.pk)).exists()
