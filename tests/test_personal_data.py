"""The data export holds everything Dela holds about a person: every foreign key to the
user model, in every installed app, is exported by a section or says why not."""

import json

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model

from accounts import personal_data

pytestmark = pytest.mark.django_db


def user_fields():
    """ "app_label.Model.field" of every foreign key, one-to-one and many-to-many to the
    user model (each where it is declared, not again on every page type)."""
    user_model = get_user_model()
    found = set()
    for model in apps.get_models(include_auto_created=True):
        for field in model._meta.get_fields():
            if (
                getattr(field, "related_model", None) is user_model
                and field.concrete
                and field.model is model
                and (field.many_to_one or field.one_to_one or field.many_to_many)
            ):
                found.add(f"{model._meta.label}.{field.name}")
    return found


def test_every_foreign_key_to_a_person_is_accounted_for():
    accounted = personal_data.accounted_fields()
    missing = sorted(user_fields() - set(accounted))
    assert not missing, (
        "These point at a person but are neither exported nor explained "
        "(register a section or not_exported() in the app's personal_data.py): "
        f"{missing}"
    )
    stale = sorted(set(accounted) - user_fields())
    assert not stale, f"Accounted for, but no such field any more: {stale}"
    reasons = [v for k, v in accounted.items() if v not in personal_data._sections]
    assert all(len(reason) > 20 for reason in reasons)


def test_the_export_of_a_new_member_has_every_section(client, member):
    client.force_login(member)
    response = client.get("/network/me/data.json")
    assert response.status_code == 200
    data = json.loads(response.content)
    assert set(personal_data._sections) <= set(data)
    assert data["account"]["email"] == "member@example.org"
    assert data["email_preferences"]["consent_history"] == []


def test_the_export_of_someone_who_owns_pages_downloads(client, ambassador):
    """A shared story makes its author the page's owner: its type is a translated
    name, written into the JSON as text."""
    from home.models import HomePage
    from stories.models import StoryIndexPage
    from tests.stories.story_helpers import publish_story

    index = HomePage.objects.first().add_child(
        instance=StoryIndexPage(title="Berättelser", slug="stories")
    )
    story = publish_story(index, "Ombud i Halmstad", owner=ambassador)
    client.force_login(ambassador)
    response = client.get("/network/me/data.json")
    assert response.status_code == 200
    owned = json.loads(response.content)["pages"]["owned"]
    assert [(page["title"], page["url"]) for page in owned] == [
        ("Ombud i Halmstad", story.url_path)
    ]
    assert isinstance(owned[0]["type"], str) and owned[0]["type"]
