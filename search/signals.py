"""Indexing on change: saves, deletes, publishing, unpublishing and moves of every
registered type's model and of the models it watches, through background tasks."""

from __future__ import annotations

import logging
from functools import partial

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from .registry import registry

logger = logging.getLogger(__name__)
_connected = set()


def enqueue(type_name, pks):
    pks = sorted({pk for pk in pks if pk is not None})
    if not pks:
        return

    def send():
        from .tasks import index_objects_task

        try:
            index_objects_task.enqueue(type_name, pks)
        except Exception:
            logger.exception("Search: could not enqueue indexing of %s", type_name)

    transaction.on_commit(send)


def _object_changed(sender, instance, **kwargs):
    for searchable in registry.for_model(type(instance)):
        enqueue(searchable.name, [instance.pk])


def _watched_changed(searchable, related, sender, instance, **kwargs):
    try:
        objects = list(related(instance) or ())
    except Exception:
        logger.exception("Search: watch of %s failed", searchable.name)
        return
    enqueue(searchable.name, [obj.pk for obj in objects])


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
    for searchable in registry.types():
        model = searchable.model
        if ("model", model) not in _connected:
            uid = f"dela_search_{model._meta.label_lower}"
            post_save.connect(
                _object_changed, sender=model, dispatch_uid=f"{uid}_save", weak=False
            )
            post_delete.connect(
                _object_changed, sender=model, dispatch_uid=f"{uid}_delete", weak=False
            )
            _connected.add(("model", model))
        for index, (watched, related) in enumerate(searchable.watch):
            key = ("watch", searchable.name, index)
            if key in _connected:
                continue
            handler = partial(_watched_changed, searchable, related)
            uid = f"dela_search_watch_{searchable.name}_{index}"
            post_save.connect(handler, sender=watched, dispatch_uid=uid, weak=False)
            post_delete.connect(
                handler, sender=watched, dispatch_uid=f"{uid}_d", weak=False
            )
            _connected.add(key)
    _connect_m2m()


def _m2m_changed(sender, instance, action, **kwargs):
    if action in ("post_add", "post_remove", "post_clear"):
        _object_changed(sender, instance)


def _connect_m2m():
    if "m2m" not in _connected:
        m2m_changed.connect(_m2m_changed, dispatch_uid="dela_search_m2m")
        _connected.add("m2m")
