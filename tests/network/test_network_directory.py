"""Profiles and the ambassador directory: filters, visibility, photos."""

import io
import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from PIL import Image

from network import services
from network.models import Profile
from taxonomy.models import Competence, Sector

pytestmark = pytest.mark.django_db


@pytest.fixture
def profiles(ambassador, other_ambassador, member):
    sofia = services.profile_of(ambassador)
    sofia.visibility = "public"
    sofia.sector = Sector.objects.get(slug="elderly-care")
    sofia.set_languages(["sv", "da"])
    sofia.save()
    sofia.expertise.set(["välfärdsteknik"])
    sofia.competences.set(Competence.objects.filter(code="2.4"))
    karin = services.profile_of(other_ambassador)  # members only
    karin.expertise.set(["bibliotek"])
    services.profile_of(member)  # a member, not an ambassador: not listed
    return sofia, karin


def _names(response):
    return [person.pk for person in response.context["people"]]


def test_visitors_see_public_ambassadors_only(client, profiles, ambassador, member):
    response = client.get(reverse("network:directory"))
    assert _names(response) == [ambassador.pk]


def test_members_filter_the_directory(
    client, profiles, ambassador, other_ambassador, member
):
    client.force_login(member)
    everyone = _names(client.get(reverse("network:directory")))
    assert set(everyone) == {ambassador.pk, other_ambassador.pk}
    url = reverse("network:directory")
    halmstad = ambassador.municipality
    assert _names(client.get(url, {"municipality": halmstad.slug})) == [ambassador.pk]
    assert _names(client.get(url, {"region": halmstad.region.slug})) == [ambassador.pk]
    assert set(_names(client.get(url, {"country": "se"}))) == set(everyone)
    assert _names(client.get(url, {"sector": "elderly-care"})) == [ambassador.pk]
    assert _names(client.get(url, {"language": "da"})) == [ambassador.pk]
    assert _names(client.get(url, {"competence": "2.4"})) == [ambassador.pk]
    assert _names(client.get(url, {"tag": "bibliotek"})) == [other_ambassador.pk]
    assert _names(client.get(url, {"q": "Karin"})) == [other_ambassador.pk]
    assert client.get(url, {"tag": "<script>"}).status_code == 200
    assert client.get(url, {"page": "999"}).status_code == 200


def test_directory_query_count_does_not_grow(
    client, member, profiles, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from accounts.roles import Role, grant_role
    from tests.factories import UserFactory

    client.force_login(member)
    url = reverse("network:directory")
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(10):
        user = UserFactory()
        grant_role(user, Role.AMBASSADOR)
        services.profile_of(user).expertise.set([f"ämne {n}"])
    # New members move the content generation: the menu and footer, kept until
    # public content changes (dela.page_cache.remember), are read again once.
    client.get(url)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)


def _photo_with_exif():
    image = Image.new("RGB", (1200, 900), "teal")
    exif = Image.Exif()
    exif[0x010F] = "SecretCam"  # Make
    exif[0x0110] = "Model 7"  # Model
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif)
    return buffer.getvalue()


def test_profile_photo_is_resized_and_stripped(client, ambassador, settings):
    client.force_login(ambassador)
    upload = SimpleUploadedFile("me.jpg", _photo_with_exif(), content_type="image/jpeg")
    response = client.post(
        reverse("network:profile_edit"),
        {
            "photo": upload,
            "title": "Ombud <script>",
            "contact_preference": "forum",
            "visibility": "public",
            "languages_spoken": ["sv"],
            "expertise": "välfärdsteknik, AI",
            "credit_in_stories": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    profile = Profile.objects.get(user=ambassador)
    with Image.open(profile.photo.path) as photo:
        assert max(photo.size) == 800
        assert not photo.getexif()
    with Image.open(profile.photo_thumbnail.path) as thumb:
        assert max(thumb.size) == 160
    assert sorted(profile.expertise.names()) == ["AI", "välfärdsteknik"]
    page = client.get(reverse("network:profile", args=[ambassador.pk])).content.decode()
    assert "Ombud &lt;script&gt;" in page


def test_bad_and_huge_photos_are_refused(client, ambassador):
    client.force_login(ambassador)
    data = {"contact_preference": "forum", "visibility": "members"}
    fake = SimpleUploadedFile("me.jpg", b"not an image", content_type="image/jpeg")
    response = client.post(reverse("network:profile_edit"), {**data, "photo": fake})
    assert response.status_code == 400
    assert "photo" in response.context["form"].errors
    noise = Image.frombytes("RGB", (1500, 1500), os.urandom(1500 * 1500 * 3))
    buffer = io.BytesIO()
    noise.save(buffer, format="PNG", compress_level=0)
    huge = SimpleUploadedFile("big.png", buffer.getvalue(), content_type="image/png")
    with translation.override("en"):
        response = client.post(reverse("network:profile_edit"), {**data, "photo": huge})
    assert response.status_code == 400
    assert "larger than 5 MB" in str(response.context["form"].errors["photo"])
    assert not Profile.objects.get(user=ambassador).photo


def test_email_shown_only_when_chosen(client, ambassador, member, profiles):
    sofia = profiles[0]
    client.force_login(member)
    url = reverse("network:profile", args=[ambassador.pk])
    assert ambassador.email not in client.get(url).content.decode()
    sofia.contact_preference = "email"
    sofia.save()
    assert ambassador.email in client.get(url).content.decode()
    client.logout()
    assert ambassador.email not in client.get(url).content.decode()


def _upload_photo(client, user, visibility):
    client.force_login(user)
    upload = SimpleUploadedFile("me.jpg", _photo_with_exif(), content_type="image/jpeg")
    response = client.post(
        reverse("network:profile_edit"),
        {
            "photo": upload,
            "contact_preference": "forum",
            "visibility": visibility,
            "languages_spoken": ["sv"],
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    client.logout()
    return Profile.objects.get(user=user)


def test_a_members_only_profiles_photo_is_not_for_visitors(
    client, ambassador, member, thread
):
    profile = _upload_photo(client, ambassador, "members")
    assert profile.photo.name.startswith("private/network/photos/")
    assert profile.photo_thumbnail.name.startswith("private/network/photos/thumbs/")
    # Never from /media/, whatever the address.
    assert client.get("/media/" + profile.photo.name).status_code == 404
    photo = reverse("network:profile_photo", args=[ambassador.pk, "photo"])
    thumb = reverse("network:profile_photo", args=[ambassador.pk, "thumb"])
    assert client.get(photo).status_code == 404
    assert client.get(thumb).status_code == 404
    # Visitors' pages show no address of it (no broken image either).
    from network import services

    services.reply(ambassador, thread, "Med foto.")
    page = client.get(thread.get_absolute_url()).content.decode()
    assert f"/ambassadors/{ambassador.pk}/" + "thumb.jpg" not in page
    client.force_login(member)
    response = client.get(photo)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content)[:3] == b"\xff\xd8\xff"
    page = client.get(thread.get_absolute_url()).content.decode()
    assert f"/ambassadors/{ambassador.pk}/thumb.jpg" in page


def test_a_public_profiles_photo_is_for_everyone(client, ambassador, settings):
    profile = _upload_photo(client, ambassador, "public")
    photo = reverse("network:profile_photo", args=[ambassador.pk, "photo"])
    assert client.get(photo).status_code == 200
    # In production the web server sends it once Dela has said yes.
    settings.DELA_ACCEL_REDIRECT = "/protected/"
    response = client.get(photo)
    assert response["X-Accel-Redirect"] == "/protected/" + profile.photo.name
    assert response["Content-Type"] == "image/jpeg"
    settings.DELA_ACCEL_REDIRECT = ""
    page = client.get(reverse("network:profile", args=[ambassador.pk]))
    assert photo in page.content.decode()


def test_one_rule_lists_ambassadors_everywhere(
    client, ambassador, moderator, member, editor, admin
):
    """The directory, search's profiles, the profile rule and the editors' contact
    choosers agree (accounts.roles.in_directory_q): ambassadors and moderators are
    listed; members, editors and the superuser (who may do everything, but is not an
    ambassador) are not. Before, search listed the superuser and the directory did
    not, and the story chooser left moderators out."""
    from django.contrib.auth import get_user_model

    from accounts.roles import in_directory_q
    from catalogue.models import CatalogueEntryPage
    from network.directory import directory_people
    from network.models import Profile
    from network.searchable import ProfileSearch
    from stories.models import CaseStoryPage

    listed = {ambassador.pk, moderator.pk}
    everyone = [ambassador, moderator, member, editor, admin]
    for user in everyone:
        Profile.objects.get_or_create(user=user)
    users = get_user_model().objects.filter(pk__in=[u.pk for u in everyone])
    assert set(users.filter(in_directory_q()).values_list("pk", flat=True)) == listed
    assert (
        set(directory_people(member).values_list("pk", flat=True))
        & {u.pk for u in everyone}
        == listed
    )
    assert (
        set(
            Profile.objects.ambassadors()
            .filter(user__in=users)
            .values_list("user_id", flat=True)
        )
        == listed
    )
    searchable = ProfileSearch()
    documented = {
        profile.user_id
        for profile in searchable.get_queryset().filter(user__in=users)
        if searchable.to_document(profile) is not None
    }
    assert documented == listed
    for model, name in (
        (CaseStoryPage, "contacts"),
        (CatalogueEntryPage, "contact_ambassador"),
    ):
        field = model._meta.get_field(name)
        choices = users.complex_filter(field.get_limit_choices_to())
        assert set(choices.values_list("pk", flat=True)) == listed, model
