"""Forms of the video library: the admin's media form (wagtailmedia's, with Dela's
checks) and the ambassadors' upload, caption and page forms on the site."""

import uuid

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from taggit.forms import TagField
from wagtailmedia.forms import BaseMediaForm

from taxonomy.forms import ClassifiedPageForm
from taxonomy.models import Municipality
from taxonomy.tags import clean_tag_names

from .models import CAPTION_LANGUAGES, CaptionKind


def _limit_help():
    from .services import max_upload_size

    return _(
        "MP4, WebM or MOV video, or an audio file; at most %(limit)s. The file is "
        "processed after upload: this can take a few minutes."
    ) % {"limit": filesizeformat(max_upload_size())}


MAX_VIDEO_TAGS = 10
POSTER_EXTENSIONS = {"JPEG": ".jpg", "PNG": ".png", "GIF": ".gif", "WEBP": ".webp"}


class BaseVideoForm(BaseMediaForm):
    """wagtailmedia's admin form (WAGTAILMEDIA["MEDIA_FORM_BASE"]): the upload is
    checked by its content and size; an uploaded poster replaces the generated one."""

    def clean_file(self):
        from .services import check_media_upload

        upload = self.cleaned_data.get("file")
        if upload and hasattr(upload, "content_type"):  # a new upload
            result = check_media_upload(upload, media_type=self.instance.type or None)
            self.instance.duration = round(result.duration, 3)
            self.instance.width = result.width
            self.instance.height = result.height
        return upload

    def clean_thumbnail(self):
        poster = self.cleaned_data.get("thumbnail")
        if poster and hasattr(poster, "content_type"):
            if poster.size > settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE:
                raise ValidationError(
                    _("The poster image may be at most %(limit)s.")
                    % {"limit": filesizeformat(settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE)}
                )
            from PIL import Image

            try:
                with Image.open(poster) as image:
                    kind = image.format
                    image.verify()
            except Exception as exc:
                raise ValidationError(
                    _("The poster must be a JPEG, PNG, GIF or WebP image.")
                ) from exc
            if kind not in POSTER_EXTENSIONS:
                raise ValidationError(
                    _("The poster must be a JPEG, PNG, GIF or WebP image.")
                )
            poster.seek(0)
            # A name of ours, with the extension of what Pillow found.
            poster.name = f"{uuid.uuid4().hex}{POSTER_EXTENSIONS[kind]}"
        return poster


class VideoUploadForm(forms.Form):
    """Step 1 of sharing a video from the site: the file and a working title."""

    title = forms.CharField(label=_("Title"), max_length=255)
    file = forms.FileField(label=_("Video file"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _limit_help()
        from .services import max_upload_size

        self.fields["file"].widget.attrs.update(
            {
                "accept": (
                    "video/mp4,video/webm,video/quicktime,audio/*,.mp4,.m4v,.webm,.mov"
                ),
                # media.js refuses a larger file before sending it (the server checks
                # again).
                "data-max-size": str(max_upload_size()),
                "data-too-large": _(
                    "This file is larger than %(limit)s and cannot be uploaded."
                )
                % {"limit": filesizeformat(max_upload_size())},
            }
        )

    def clean_file(self):
        from .services import check_media_upload

        upload = self.cleaned_data["file"]
        self.probe = check_media_upload(upload)
        return upload


class CaptionUploadForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"), choices=CAPTION_LANGUAGES)
    kind = forms.ChoiceField(
        label=_("Kind"), choices=CaptionKind.choices, initial=CaptionKind.CAPTIONS
    )
    file = forms.FileField(
        label=_("Caption file"),
        help_text=_("WebVTT (.vtt) or SubRip (.srt), saved as UTF-8."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs["accept"] = ".vtt,.srt,text/vtt"


class VideoPageForm(ClassifiedPageForm):
    """Step 3: what the video page says; it goes to the editors as a draft."""

    description = forms.CharField(
        label=_("Description"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    language = forms.ChoiceField(
        label=_("Language spoken in the video"), choices=CAPTION_LANGUAGES
    )
    municipalities = forms.ModelMultipleChoiceField(
        label=_("Municipalities"),
        queryset=Municipality.objects.order_by("name"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    year = forms.IntegerField(
        label=_("Year"), min_value=1990, max_value=2100, required=False
    )
    tags = TagField(
        label=_("Tags"), required=False, help_text=_("Separate with commas.")
    )

    def clean_tags(self):
        return clean_tag_names(self.cleaned_data.get("tags") or [], MAX_VIDEO_TAGS)
