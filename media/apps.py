from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MediaConfig(AppConfig):
    """The video library, built on wagtailmedia's swappable media model."""

    name = "media"
    label = "dela_media"
    verbose_name = _("Video library")
