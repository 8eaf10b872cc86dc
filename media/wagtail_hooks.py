"""The video library in Wagtail's admin: caption tracks as their own listing
(Media → Caption tracks). The caption gate on publishing is the catalogue's
publication rule (taxonomy.review and its admin hook)."""

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet

from .captions import read_caption_upload
from .models import CaptionTrack


class CaptionTrackForm(forms.ModelForm):
    """Upload a WebVTT or SRT file; it is validated line by line and stored as
    UTF-8 WebVTT."""

    class Meta:
        model = CaptionTrack
        fields = ["video", "language", "kind", "file"]

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and hasattr(upload, "content_type"):
            caption = read_caption_upload(upload.name or "", upload.read())
            self.instance.cues = caption.cues
            return ContentFile(caption.webvtt.encode("utf-8"), name="captions.vtt")
        return upload

    def validate_unique(self):
        try:
            self.instance.validate_constraints()
        except ValidationError:
            self.add_error(None, _("This video already has that caption track."))


class CaptionTrackViewSet(ModelViewSet):
    model = CaptionTrack
    form_fields = ["video", "language", "kind", "file"]
    icon = "media"
    menu_label = _("Caption tracks")
    add_to_admin_menu = True
    menu_order = 310
    list_display = ["video", "language", "kind", "created_at"]
    list_filter = ["language", "kind"]
    search_fields = ["video__title"]
    name = "caption_tracks"

    def get_form_class(self, for_update=False):
        return CaptionTrackForm


caption_track_viewset = CaptionTrackViewSet()


@hooks.register("register_admin_viewset")
def register_caption_tracks():
    return caption_track_viewset
