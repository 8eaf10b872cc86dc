"""Keeping the library's files and processing in step with its rows."""

from django.db import transaction


def queue_processing(sender, instance, created=False, update_fields=None, **kwargs):
    """A new or replaced file is processed; a new poster time takes a new poster.

    Queued with the change (dela.tasks): the worker finds the row and the file, and
    a rolled-back save queues nothing.
    """
    from .services import enqueue_processing

    if update_fields is not None or getattr(instance, "_skip_processing_queue", False):
        return  # processing's own updates, or the demo processing right away
    pending = getattr(instance, "_pending_processing", None)
    instance._pending_processing = None
    if pending is None:
        return
    if pending == "poster_image":
        from dela.tasks import enqueue_with_change

        from .tasks import make_poster_image

        enqueue_with_change(make_poster_image, instance.pk)
        return
    enqueue_processing(instance.pk, poster_only=pending == "poster")


def delete_video_files(sender, instance, **kwargs):
    """wagtailmedia removes the upload and poster; the rendition and the poster's
    library image go too (caption files go with their tracks)."""
    from .services import delete_stored, forget_poster_image

    names = [instance.rendition.name] if instance.rendition else []
    transaction.on_commit(lambda: delete_stored(names))
    if instance.poster_image_id:
        forget_poster_image(instance.poster_image_id)


def delete_caption_file(sender, instance, **kwargs):
    from .services import delete_stored

    names = [instance.file.name] if instance.file else []
    transaction.on_commit(lambda: delete_stored(names))
