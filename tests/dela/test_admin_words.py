"""Every admin string Dela adds is marked for translation (issue 17), so an editor
reading the admin in Swedish, Norwegian or Danish meets no English word of Dela's:
the names of Dela's page types, snippets, settings and library videos, and the label
and help text of every field their admin forms and listings show. (That each marked
string has its translation is tests/test_i18n.py; Dela's workflow and task names are
tests/test_words.py.) Django invents an English label ("external id") for a field
without a verbose_name: this test finds those."""

import inspect
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.utils.functional import Promise
from wagtail.admin.panels import get_edit_handler
from wagtail.contrib.settings.registry import registry as settings_registry
from wagtail.models import get_page_models
from wagtail.snippets.models import get_snippet_models

PROJECT = Path(settings.BASE_DIR).resolve()


def _dela_s(cls):
    path = Path(inspect.getfile(cls)).resolve()
    return PROJECT in path.parents and ".venv" not in path.parts


def _admin_models():
    """{model: (form field names, listing column names, is a snippet)}."""
    from media.models import Video

    found = {}
    for model in get_page_models():
        if _dela_s(model):
            found[model] = (get_edit_handler(model).get_form_options()["fields"], [])
    for model in get_snippet_models():
        if _dela_s(model):
            viewset = model.snippet_viewset
            fields = viewset.get_edit_handler().get_form_options()["fields"]
            found[model] = (fields, list(viewset.list_display))
    for model in settings_registry:
        if _dela_s(model):
            found[model] = (get_edit_handler(model).get_form_options()["fields"], [])
    found[Video] = (Video.admin_form_fields, [])
    return found


def _unmarked():
    snippets = set(get_snippet_models())
    problems = []
    for model, (fields, columns) in _admin_models().items():
        name = model.__name__
        names = ["verbose_name"] + (
            ["verbose_name_plural"] if model in snippets else []
        )
        for attr in names:
            if not isinstance(model._meta.original_attrs.get(attr), Promise):
                problems.append(f"{name}.Meta.{attr}")
        for column in columns:
            if not isinstance(column, str) and not isinstance(column.label, Promise):
                problems.append(f"{name} column {column.name}: {column.label!r}")
        names = [*fields, *(column for column in columns if isinstance(column, str))]
        for field_name in names:
            try:
                field = model._meta.get_field(field_name)
            except FieldDoesNotExist:
                continue  # a method or property column: its own short_description
            if not _dela_s(field.model) and field.model is not model:
                continue  # Wagtail's or Django's own field, translated by them
            if not isinstance(getattr(field, "verbose_name", ""), Promise):
                problems.append(f"{name}.{field_name}: {field.verbose_name!r}")
            help_text = getattr(field, "help_text", "")
            if help_text and not isinstance(help_text, Promise):
                problems.append(f"{name}.{field_name} help: {help_text!r}")
    return problems


def test_the_admin_models_are_found():
    """The test could not pass by finding nothing."""
    names = {model.__name__ for model in _admin_models()}
    assert {"CaseStoryPage", "CatalogueEntryPage", "Municipality", "Group"} <= names
    assert {"BrandingSettings", "QueryStat", "Video", "EventPage"} <= names


def test_every_admin_string_dela_adds_is_marked_for_translation():
    assert _unmarked() == []


@pytest.mark.django_db
def test_the_network_s_admin_lists_say_what_they_count_in_swedish(admin_client):
    from django.urls import reverse

    from network.models import Group

    Group.objects.create(name="Digga Halland", slug="digga-halland")
    url = reverse(Group.snippet_viewset.get_url_name("list"))
    html = admin_client.get(url, HTTP_ACCEPT_LANGUAGE="sv").content.decode()
    assert "Medlemmar" in html and "Trådar" in html
    assert "members count" not in html.lower() and "threads count" not in html.lower()
