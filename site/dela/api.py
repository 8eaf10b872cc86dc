"""Wagtail's API v2 at /api/v2/: published pages, images and documents, read-only."""

from wagtail.api.v2.pagination import WagtailPagination
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images import get_image_model
from wagtail.images.api.v2.views import ImagesAPIViewSet

from dela.public_use import publicly_used_ids

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
    """Only images that a live page anyone may read uses, whatever their collection
    (a published story's picture is in the private submissions collection): the
    images of drafts, rejected submissions and members-only pages are nobody's
    business here. The same rule as their files (dela/images.py)."""

    pagination_class = Pagination

    def get_queryset(self):
        model = get_image_model()
        return model.objects.filter(pk__in=publicly_used_ids(model)).order_by("id")


class Documents(DocumentsAPIViewSet):
    pagination_class = Pagination


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", Pages)
api_router.register_endpoint("images", Images)
api_router.register_endpoint("documents", Documents)
