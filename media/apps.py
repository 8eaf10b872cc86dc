from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class MediaConfig(AppConfig):
    """The video library, built on wagtailmedia's swappable media model."""

    name = "media"
    label = "dela_media"
    verbose_name = _("Video library")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import signals
        from .models import CaptionTrack, Video

        post_save.connect(
            signals.queue_processing, sender=Video, dispatch_uid="media_process"
        )
        post_delete.connect(
            signals.delete_video_files, sender=Video, dispatch_uid="media_files"
        )
        post_delete.connect(
            signals.delete_caption_file,
            sender=CaptionTrack,
            dispatch_uid="media_caption_files",
        )
