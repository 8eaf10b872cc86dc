"""Indexing on change: saves, deletes, publishing, unpublishing and moves of every
registered type's model and of the models it watches, through background tasks."""

from __future__ import annotations

import logging

from django.db import models
from django.db.models.signals import m2m_changed, post_delete, post_save

from dela.tasks import enqueue_with_change

from .registry import registry

logger = logging.getLogger(__name__)
_connected = set()


def enqueue(type_name, pks):
    """Re-index these objects of one registered type, with the change (dela.tasks)."""
    from .tasks import index_objects_task

    pks = sorted({pk for pk in pks if pk is not None})
    if pks:
        enqueue_with_change(index_objects_task, type_name, pks)


def changed(model, instances):
    """The one path of every change to searchable rows: ``instances`` of ``model`` were
    saved, deleted or updated in bulk. Their own documents and those of every type that
    watches ``model`` (a thread watches its posts, its group; a profile its user) are
    re-indexed after commit."""
    instances = [obj for obj in instances if obj is not None]
    if not instances:
        return
    for searchable in registry.for_model(model):
        enqueue(searchable.name, [obj.pk for obj in instances])
    for searchable, _watched, related in registry.watchers_of(model):
        pks = []
        for obj in instances:
            try:
                pks += [other.pk for other in related(obj) or ()]
            except Exception:
                logger.exception("Search: watch of %s failed", searchable.name)
        enqueue(searchable.name, pks)


def changed_rows(model, pks):
    """Rows of ``model`` changed by a bulk ``update()`` (IndexedQuerySet)."""
    pks = list(pks)
    if not pks:
        return
    if registry.watchers_of(model):
        changed(model, list(model._base_manager.filter(pk__in=pks)))
    else:
        for searchable in registry.for_model(model):
            enqueue(searchable.name, pks)


# Saves that change nothing a search shows (a login stamps last_login).
UNSEARCHED_FIELDS = frozenset({"last_login"})


def _object_changed(sender, instance, update_fields=None, **kwargs):
    if update_fields and set(update_fields) <= UNSEARCHED_FIELDS:
        return
    changed(type(instance), [instance])


def _page_event(sender, instance, **kwargs):
    page = getattr(instance, "specific_deferred", instance)
    for searchable in registry.for_model(type(page)):
        enqueue(searchable.name, [page.pk])


def _page_moved(sender, instance, **kwargs):
    # A move changes the URLs of the page and everything below it.
    from wagtail.models import Page

    pks = list(
        Page.objects.descendant_of(instance, inclusive=True).values_list(
            "pk", "content_type__model"
        )
    )
    for searchable in registry.types():
        model = searchable.model
        if hasattr(model, "get_url_parts") and pks:
            enqueue(searchable.name, [pk for pk, _ in pks])


def connect():
    """Connect the signals of every registered type (idempotent)."""
    from wagtail.signals import page_published, page_unpublished, post_page_move

    if "pages" not in _connected:
        page_published.connect(_page_event, dispatch_uid="dela_search_published")
        page_unpublished.connect(_page_event, dispatch_uid="dela_search_unpublished")
        post_page_move.connect(_page_moved, dispatch_uid="dela_search_moved")
        _connected.add("pages")
    models = {searchable.model for searchable in registry.types()}
    models |= {watched for _, watched, _ in registry.all_watches()}
    for model in models:
        if ("model", model) in _connected:
            continue
        uid = f"dela_search_{model._meta.label_lower}"
        post_save.connect(
            _object_changed, sender=model, dispatch_uid=f"{uid}_save", weak=False
        )
        post_delete.connect(
            _object_changed, sender=model, dispatch_uid=f"{uid}_delete", weak=False
        )
        _connected.add(("model", model))
    _connect_m2m()


def _m2m_changed(sender, instance, action, **kwargs):
    # A user's groups (their roles), a page's tags...: the instance changed.
    if action in ("post_add", "post_remove", "post_clear"):
        _object_changed(sender, instance)


def _connect_m2m():
    if "m2m" not in _connected:
        m2m_changed.connect(_m2m_changed, dispatch_uid="dela_search_m2m")
        _connected.add("m2m")


class IndexedQuerySet(models.QuerySet):
    """The queryset of a searchable (or watched) model: a bulk ``update()`` reaches
    the search index as a save does, so a service may update rows conditionally
    (``filter(hidden=False).update(hidden=True)``) without leaving stale documents.
    (``delete()`` sends post_delete for each row already.)"""

    def update(self, **kwargs):
        pks = list(self.values_list("pk", flat=True))
        count = super().update(**kwargs)
        if count:
            changed_rows(self.model, pks)
        return count

    update.alters_data = True
