"""Workflow and task names in the reader's language.

Wagtail stores a workflow's and a task's name as typed and shows it as stored, in the
admin and in its moderation e-mails. Dela creates its review workflow and task with
English names (stories.services: REVIEW_WORKFLOW_NAME, REVIEW_TASK_NAME), marked for
translation below, so Wagtail's `name` attributes are read through gettext: an editor
sees "Kataloggranskning" in a Swedish admin, the e-mail to a Danish editor says
"Katalogreview" (Wagtail sends each recipient's e-mail in their language). A name an
administrator typed reads as typed (gettext returns what it does not know), and the
edit form shows and keeps the stored name, and saving writes the stored name, never a
translation.
"""

from django.db.models.query_utils import DeferredAttribute
from django.utils.translation import gettext, gettext_noop

# The names stories.services gives the review (tests/test_words.py checks they agree),
# and the name accounts.roles gives Wagtail's default workflow and task once editors,
# not network moderators, approve pages.
DELA_WORKFLOW_NAMES = (
    gettext_noop("Catalogue review"),
    gettext_noop("Review by editors"),
    gettext_noop("Editors approval"),
)


class TranslatedText(str):
    """A name as the reader reads it, carrying the name as stored."""

    stored = ""


class TranslatedName(DeferredAttribute):
    """A model field read through gettext. A data descriptor (it also sets), so it is
    asked even when the value is loaded; whatever is assigned back (a refresh, a copy)
    is unwrapped to the stored name."""

    def __get__(self, instance, cls=None):
        value = super().__get__(instance, cls)
        if instance is None or not isinstance(value, str) or not value:
            return value
        text = TranslatedText(gettext(value))
        text.stored = value
        return text

    def __set__(self, instance, value):
        if isinstance(value, TranslatedText):
            value = value.stored
        instance.__dict__[self.field.attname] = value


def _stored_value(field):
    def value_from_object(obj):
        return obj.__dict__.get(field.attname)

    return value_from_object


def _stored_for_saving(field):
    def pre_save(model_instance, add):
        return model_instance.__dict__.get(field.attname)

    return pre_save


def translate_workflow_names():
    """Read Wagtail's Workflow.name and Task.name (every task type inherits it)
    through gettext; saving and forms use the stored value (from DelaConfig.ready)."""
    from wagtail.models import Task, Workflow

    for model in (Workflow, Task):
        field = model._meta.get_field("name")
        if not isinstance(model.__dict__.get("name"), TranslatedName):
            model.name = TranslatedName(field)
            field.value_from_object = _stored_value(field)
            field.pre_save = _stored_for_saving(field)
