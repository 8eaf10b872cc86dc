"""Images on posts: checked by content, resized, stripped of EXIF, described with alt
text; nothing stored when something fails; shown under the post; exported; erased."""

import io
import json
from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from network import moderation, services
from network.forms import ATTACHMENT_SIZE
from network.models import Post, PostImage, Thread
from network.permissions import network_permissions as perms
from tests.network.network_factories import attach_image, image_bytes
from tests.network.test_network_privacy import log_in_again

pytestmark = pytest.mark.django_db

MAKE, ORIENTATION = 0x010F, 0x0112


def upload(name="bild.jpg", data=None, content_type="image/jpeg"):
    return SimpleUploadedFile(name, data or image_bytes(), content_type=content_type)


def stored_files(settings):
    root = Path(settings.MEDIA_ROOT) / "private" / "network" / "posts"
    return [path for path in root.rglob("*") if path.is_file()]


def reply_to(client, thread, body="Så här ser vår lösning ut.", **files):
    data = {"body": body, "submission_key": "", **files}
    return client.post(reverse("network:reply", args=[thread.pk]), data)


def test_reply_with_an_image_is_resized_upright_and_without_exif(
    client, thread, member, settings
):
    data = image_bytes(
        size=(2400, 1200), exif={MAKE: "Kamera AB", ORIENTATION: 6}
    )  # orientation 6: the camera was turned, the picture is shown rotated
    assert Image.open(io.BytesIO(data)).getexif()[MAKE] == "Kamera AB"
    client.force_login(member)
    response = reply_to(client, thread, image_1=upload(data=data), alt_1="Ett schema")
    assert response.status_code == 302
    post = Post.objects.get(thread=thread, position=3)
    (attachment,) = post.images.all()
    assert attachment.alt_text == "Ett schema"
    with default_storage.open(attachment.image.name) as stored:
        image = Image.open(stored)
        image.load()
    assert image.format == "JPEG"
    assert not image.getexif()
    assert "exif" not in image.info
    # Turned upright (1200 x 2400) and then made to fit 1600 px.
    assert image.size == (800, ATTACHMENT_SIZE)
    assert (attachment.width, attachment.height) == image.size
    page = client.get(response["Location"].split("#")[0]).content.decode()
    url = attachment.get_absolute_url()
    assert f'<a href="{url}"><img src="{url}" alt="Ett schema"' in page
    assert page.count("<figure") == 1


def test_new_thread_with_several_formats_keeps_their_order(
    client, category, other_ambassador
):
    client.force_login(other_ambassador)
    response = client.post(
        reverse("network:new_thread_category", args=[category.slug]),
        {
            "title": "Våra skärmar i receptionen",
            "body": "Tre bilder från införandet.",
            "language": "sv",
            "image_1": upload("a.png", image_bytes("PNG", mode="RGBA"), "image/png"),
            "alt_1": "Skylt med genomskinlig bakgrund",
            "image_2": upload("b.webp", image_bytes("WEBP"), "image/webp"),
            "alt_2": "Skärm i receptionen",
            "image_4": upload("c.gif", image_bytes("GIF", mode="P"), "image/gif"),
            "alt_4": "Animerad instruktion",
        },
    )
    assert response.status_code == 302
    thread = Thread.objects.get(title="Våra skärmar i receptionen")
    images = list(thread.posts.get(position=1).images.all())
    assert [i.alt_text for i in images] == [
        "Skylt med genomskinlig bakgrund",
        "Skärm i receptionen",
        "Animerad instruktion",
    ]
    formats = []
    for attachment in images:
        with default_storage.open(attachment.image.name) as stored:
            image = Image.open(stored)
            formats.append((image.format, image.mode))
    assert formats == [("PNG", "RGBA"), ("WEBP", "RGB"), ("PNG", "RGB")]


@pytest.mark.parametrize(
    "name, data, field, setting",
    [
        ("stor.jpg", None, "image_1", 1000),  # larger than the limit
        ("text.png", b"not an image at all, just text\n" * 20, "image_1", None),
        ("bild.bmp", None, "image_1", None),  # a real image in a refused format
        ("bild.jpg", None, "alt_1", None),  # no alt text
    ],
    ids=["oversized", "text-named-png", "bmp", "missing-alt"],
)
def test_refused_upload_leaves_nothing_behind(
    client, thread, member, settings, name, data, field, setting
):
    if setting:
        settings.NETWORK_IMAGE_MAX_BYTES = setting
    if name.endswith(".bmp"):
        data = image_bytes("BMP")
    client.force_login(member)
    files = {
        "image_1": upload(name, data or image_bytes(size=(300, 300))),
        "alt_1": "" if field == "alt_1" else "En bild",
        "image_2": upload("ok.jpg"),
        "alt_2": "En bra bild",
    }
    response = reply_to(client, thread, **files)
    assert response.status_code == 400
    page = response.content.decode()
    assert f'id="id_{field}_error"' in page
    assert '<details class="post-images-fields" open>' in page
    assert not Post.objects.filter(thread=thread, position=3).exists()
    assert not PostImage.objects.exists()
    assert stored_files(settings) == []


def test_failure_after_storing_deletes_the_files(thread, member, settings, monkeypatch):
    from network.forms import attachment_file

    def broken(*args):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(services, "_after_post", broken)
    prepared = [(*attachment_file(upload()), "En bild")]
    with pytest.raises(RuntimeError):
        services.reply(member, thread, "Ett svar med bild.", images=prepared)
    assert not PostImage.objects.exists()
    assert not Post.objects.filter(thread=thread, position=3).exists()
    assert stored_files(settings) == []


def test_reply_form_works_without_javascript(client, thread, member):
    client.force_login(member)
    page = client.get(thread.get_absolute_url()).content.decode()
    assert 'enctype="multipart/form-data"' in page
    for n in range(1, 5):
        assert f'type="file" name="image_{n}"' in page
        assert f'name="alt_{n}"' in page
    assert 'name="image_5"' not in page


def test_deleted_and_hidden_posts_do_not_show_their_images(
    client, thread, member, moderator
):
    post = Post.objects.get(thread=thread, position=2)
    attachment = attach_image(post, "Hemlig bild")
    client.force_login(moderator)
    assert (
        attachment.get_absolute_url()
        in client.get(thread.get_absolute_url()).content.decode()
    )
    moderation.set_post_hidden(moderator, post, True)
    page = client.get(thread.get_absolute_url()).content.decode()
    assert f'id="post-{post.pk}"' in page  # moderators still see the hidden post
    assert attachment.get_absolute_url() not in page
    moderation.set_post_hidden(moderator, post, False)
    services.delete_post(member, post)
    page = client.get(thread.get_absolute_url()).content.decode()
    assert attachment.get_absolute_url() not in page
    assert "<figure" not in page


def test_whoever_may_post_may_attach(any_role, thread, category):
    name, user = any_role
    assert perms.can_attach_images(user, thread) == perms.can_reply(user, thread)
    assert perms.can_attach_images(user, category) == perms.can_start_thread_in(
        user, category
    )


def test_locked_thread_refuses_images_and_stores_nothing(
    client, thread, member, settings
):
    Thread.objects.filter(pk=thread.pk).update(locked=True)
    client.force_login(member)
    response = reply_to(client, thread, image_1=upload(), alt_1="En bild")
    assert response.status_code in (400, 403)
    assert not PostImage.objects.exists()
    assert stored_files(settings) == []


def test_export_lists_images_and_erase_removes_them(
    client, thread, member, settings, django_capture_on_commit_callbacks
):
    client.force_login(member)
    reply_to(client, thread, image_1=upload(), alt_1="Vårt kopplingsschema")
    attachment = PostImage.objects.get()
    data = json.loads(client.get(reverse("network:my_data")).content)
    (exported,) = [p for p in data["posts"] if p["images"]]
    assert exported["images"][0]["alt_text"] == "Vårt kopplingsschema"
    assert exported["images"][0]["file"] == attachment.image.name
    assert exported["images"][0]["url"] == attachment.get_absolute_url()
    assert len(stored_files(settings)) == 1
    log_in_again(client, member)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("network:erase"), {"posts": "remove", "confirm": "on"}
        )
    assert response.status_code == 302
    assert not PostImage.objects.exists()
    assert stored_files(settings) == []


def test_erase_keeping_posts_keeps_their_images(client, thread, member):
    client.force_login(member)
    reply_to(client, thread, image_1=upload(), alt_1="Vårt kopplingsschema")
    log_in_again(client, member)
    client.post(reverse("network:erase"), {"posts": "keep", "confirm": "on"})
    attachment = PostImage.objects.get()
    assert attachment.post.author is None
    client.logout()
    assert (
        attachment.get_absolute_url()
        in client.get(thread.get_absolute_url()).content.decode()
    )


@pytest.fixture
def disk_fills(monkeypatch):
    """The disk fills up during the second file written: half of it reaches the
    disk, then the write fails as the kernel fails it (ENOSPC). Only the failing
    write is staged; `make soak` fills a real 2 MB file system."""
    import errno
    import os

    from django.core.files.storage import filesystem

    real_fdopen = os.fdopen
    opened = []

    class FillingFile:
        def __init__(self, file):
            self.file = file

        def write(self, data):
            self.file.write(data[: len(data) // 2])
            self.file.flush()
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

        def close(self):
            self.file.close()

    def fdopen(fd, *args, **kwargs):
        file = real_fdopen(fd, *args, **kwargs)
        opened.append(fd)
        return FillingFile(file) if len(opened) == 2 else file

    monkeypatch.setattr(filesystem.os, "fdopen", fdopen)
    return opened


def test_a_full_disk_saves_nothing_and_says_so(
    client, thread, member, settings, disk_fills
):
    client.force_login(member)
    client.raise_request_exception = False
    posts = Post.objects.count()
    response = reply_to(
        client,
        thread,
        body="Två bilder från vår workshop.",
        image_1=upload(),
        alt_1="Deltagarna",
        image_2=upload(name="andra.jpg"),
        alt_2="Tavlan",
    )
    assert len(disk_fills) == 2  # the first file was stored, the second failed
    assert response.status_code == 503
    assert response["Retry-After"]
    assert "Dela kunde inte spara din fil" in response.content.decode()
    assert Post.objects.count() == posts
    assert not PostImage.objects.exists()
    assert stored_files(settings) == []  # neither the first nor the half-written one
