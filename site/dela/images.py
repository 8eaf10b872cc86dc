"""Who may fetch the files of a Wagtail image (its original and its renditions).

Wagtail's collection privacy (Admin → Collections → Privacy) decides, as it does for
documents: an image in a collection with a view restriction has its files served only
to those the restriction admits, to its uploader and to those who may choose images
in the admin (the editors), until a live page anyone may read uses it; then it is
public like the page. Stories shared from the site keep their images in such a
collection (stories.services.submissions_collection), so the picture of a draft or a
rejected story is nobody else's business. media/serving.py asks here for every file
under the images' folders.
"""

from django.core.cache import cache

# Where Wagtail stores originals and renditions under MEDIA_ROOT.
IMAGE_FOLDERS = ("original_images/", "images/")
_CACHE_SECONDS = 3600


def image_of_file(path):
    """The image whose original or rendition is stored at ``path``, or None."""
    from wagtail.images import get_image_model

    image_model = get_image_model()
    key = "dela:image-of-file:" + path
    image_id = cache.get(key)
    if image_id is None:
        if path.startswith("original_images/"):
            found = image_model.objects.filter(file=path).values_list("pk", flat=True)
        else:
            found = (
                image_model.get_rendition_model()
                .objects.filter(file=path)
                .values_list("image_id", flat=True)
            )
        image_id = found.first()
        if image_id is None:
            return None
        cache.set(key, image_id, _CACHE_SECONDS)
    return image_model.objects.select_related("collection").filter(pk=image_id).first()


def may_read_image(request, image):
    """Whether ``request`` may fetch ``image``'s files."""
    from dela.public_use import is_publicly_used

    restrictions = list(image.collection.get_view_restrictions())
    if not restrictions or is_publicly_used(image):
        return True
    user = request.user
    if not (user.is_authenticated and user.is_active):
        return False
    if image.uploaded_by_user_id == user.pk:
        return True
    if all(restriction.accept_request(request) for restriction in restrictions):
        return True
    from wagtail.permissions import policy_registry

    policy = policy_registry.get_by_type(type(image))
    return policy.user_has_permission_for_instance(user, "choose", image)


def may_read_image_file(request, path):
    image = image_of_file(path)
    return image is not None and may_read_image(request, image)
