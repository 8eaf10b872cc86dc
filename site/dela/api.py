"""Wagtail's API v2 at /api/v2/: published pages, images and documents, read-only."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import IntegerField
from django.db.models.functions import Cast
from wagtail.api.v2.pagination import WagtailPagination
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images import get_image_model
from wagtail.images.api.v2.views import ImagesAPIViewSet
from wagtail.models import Page, ReferenceIndex


def public_image_ids():
    """A subquery of the ids of images referenced by live public pages (Wagtail's
    reference index, which reads each page's live content)."""
    page_type = ContentType.objects.get_for_model(Page)
    image_type = ContentType.objects.get_for_model(get_image_model())
    public_pages = Page.objects.live().public().values("pk")
    return (
        ReferenceIndex.objects.filter(
            base_content_type=page_type, to_content_type=image_type
        )
        .annotate(page_id=Cast("object_id", IntegerField()))
        .filter(page_id__in=public_pages)
        .annotate(image_id=Cast("to_object_id", IntegerField()))
        .values("image_id")
    )


# Beyond this an offset is no page of any listing (and no database takes it).
MAX_OFFSET = 10**9


class Pagination(WagtailPagination):
    """Wagtail's pagination, refusing an offset too large for any database (a 400
    instead of a 500)."""

    def paginate_queryset(self, queryset, request, view=None):
        raw = request.GET.get("offset", "0")
        if not raw.isdigit() or int(raw[:12]) > MAX_OFFSET:
            raise BadRequestError(
                f"offset must be a whole number from 0 to {MAX_OFFSET}"
            )
        return super().paginate_queryset(queryset, request, view)


class Pages(PagesAPIViewSet):
    pagination_class = Pagination


class Images(ImagesAPIViewSet):
    """Only images that a live page anyone may read uses: the images of drafts,
    rejected submissions and members-only pages are nobody's business here."""

    pagination_class = Pagination

    def get_queryset(self):
        return super().get_queryset().filter(pk__in=public_image_ids())


class Documents(DocumentsAPIViewSet):
    pagination_class = Pagination


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", Pages)
api_router.register_endpoint("images", Images)
api_router.register_endpoint("documents", Documents)
