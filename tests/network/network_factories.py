"""Network test data, made through the services the site uses."""

import io

from PIL import Image

from network import services
from network.models import Category, Group, GroupMembership, Visibility


def make_category(name="Välfärdsteknik", visibility=Visibility.PUBLIC, **kwargs):
    slug = kwargs.pop("slug", None) or name.lower().replace("ä", "a").replace(" ", "-")
    return Category.objects.create(
        name=name, slug=slug, visibility=visibility, **kwargs
    )


def make_group(name="Digga Halland", visibility=Visibility.PUBLIC, admin=None, **kw):
    slug = kw.pop("slug", None) or name.lower().replace(" ", "-")
    group = Group.objects.create(name=name, slug=slug, visibility=visibility, **kw)
    if admin is not None:
        services._add_member(group, admin, GroupMembership.Role.ADMIN)
    return group


def make_thread(
    author,
    place,
    title="Hur kom ni igång med digitala nycklar?",
    body=None,
    replies=(),
    tags=(),
):
    """A thread by `author` with replies: a list of (user, text)."""
    thread = services.start_thread(
        author,
        place,
        title,
        body or "Vi vill börja med digitala nycklar i hemtjänsten. Tips?",
        tags=tags,
    )
    for user, text in replies:
        services.reply(user, thread, text)
    thread.refresh_from_db()
    return thread


def image_bytes(fmt="JPEG", size=(40, 30), mode="RGB", exif=None):
    """A real image file made with Pillow; `exif` a dict of EXIF tag -> value."""
    image = Image.new(mode, size, (200, 40, 40, 128)[: len(mode)])
    buffer = io.BytesIO()
    options = {}
    if exif:
        data = Image.Exif()
        for tag, value in exif.items():
            data[tag] = value
        options["exif"] = data.tobytes()
    image.save(buffer, format=fmt, **options)
    return buffer.getvalue()


def attach_image(post, alt="Ett foto", fmt="PNG", size=(20, 10)):
    """Attach a small real image to `post` the way a form does."""
    from django.core.files.base import ContentFile

    from network.models import PostImage

    data = image_bytes(fmt, size)
    count = post.images.count()
    attachment = PostImage(
        post=post, alt_text=alt, width=size[0], height=size[1], order=count + 1
    )
    attachment.image.save("image.png", ContentFile(data))
    return attachment
