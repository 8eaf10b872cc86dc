"""The network's forms. Every field is validated with a message the member understands;
the services check the same rules again inside their transactions."""

import io
import uuid

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError
from taggit.forms import TagField

from taxonomy.models import Competence, Sector
from taxonomy.tags import clean_tag_names

from .models import Flag, NotificationPreference, Profile
from .services import MAX_POST_LENGTH, clean_body

MAX_PHOTO_BYTES = 5 * 1024 * 1024
MAX_PHOTO_PIXELS = 40_000_000
PHOTO_SIZE = 800
THUMBNAIL_SIZE = 160
MAX_TAGS = 5


class BodyField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Message"))
        kwargs.setdefault(
            "help_text",
            _(
                "Markdown: **bold**, *italic*, > quote, - list, [link](https://…). "
                "Mention someone with @name."
            ),
        )
        kwargs.setdefault(
            "widget",
            forms.Textarea(attrs={"rows": 8, "maxlength": MAX_POST_LENGTH}),
        )
        super().__init__(required=False, strip=False, **kwargs)

    def clean(self, value):
        return clean_body(super().clean(value))


class SubmissionKeyMixin(forms.Form):
    """A one-time key in each form: sending it twice makes one post."""

    submission_key = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("submission_key", uuid.uuid4().hex)

    def clean_submission_key(self):
        key = self.cleaned_data.get("submission_key") or ""
        return key[:40]


class ReplyForm(SubmissionKeyMixin):
    body = BodyField()


class ThreadForm(SubmissionKeyMixin):
    title = forms.CharField(label=_("Title"), max_length=150)
    body = BodyField(label=_("Your question or story"))
    tags = TagField(
        label=_("Tags"),
        required=False,
        help_text=_("Up to five, separated by commas, e.g. welfare technology, AI."),
    )
    language = forms.ChoiceField(
        label=_("Language"), choices=settings.DELA_CONTENT_LANGUAGES, initial="sv"
    )
    field_order = ["title", "body", "tags", "language", "submission_key"]

    def clean_title(self):
        title = " ".join(self.cleaned_data["title"].split())
        if len(title) < 5:
            raise ValidationError(_("Write a title of at least five characters."))
        return title

    def clean_tags(self):
        return clean_tag_names(self.cleaned_data.get("tags") or [], MAX_TAGS)


class EditPostForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=150, required=False)
    body = BodyField()


class FlagForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Why should a moderator look at this post?"),
        choices=Flag.Reason.choices,
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Note to the moderators (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ModerationReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (shown in the moderation log)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class SuspendForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (the member will see it)"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    ends_on = forms.DateField(
        label=_("Suspended until"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def clean_ends_on(self):
        value = self.cleaned_data["ends_on"]
        if value <= timezone.localdate():
            raise ValidationError(_("Choose a date after today."))
        return value


class ProfileForm(forms.ModelForm):
    languages_spoken = forms.MultipleChoiceField(
        label=_("Languages I speak"),
        choices=settings.DELA_CONTENT_LANGUAGES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    competences = forms.ModelMultipleChoiceField(
        label=_("Digital competences (DigComp)"),
        queryset=Competence.objects.order_by("code"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    remove_photo = forms.BooleanField(label=_("Remove my photo"), required=False)

    class Meta:
        model = Profile
        fields = [
            "photo",
            "title",
            "sector",
            "expertise",
            "competences",
            "bio",
            "can_help_with",
            "contact_preference",
            "visibility",
            "credit_in_stories",
        ]
        widgets = {
            "photo": forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png"}),
            "bio": forms.Textarea(attrs={"rows": 4}),
            "can_help_with": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sector"].queryset = Sector.objects.all()
        self.fields["photo"].help_text = _(
            "JPEG or PNG, at most 5 MB. We remove location and camera data."
        )
        self.fields["photo"].widget = forms.FileInput(
            attrs={"accept": "image/jpeg,image/png"}
        )
        self.initial["languages_spoken"] = self.instance.language_codes
        self.order_fields(
            [
                "photo",
                "remove_photo",
                "title",
                "sector",
                "languages_spoken",
                "expertise",
                "competences",
            ]
        )

    def clean_photo(self):
        upload = self.cleaned_data.get("photo")
        if not upload or upload == self.instance.photo:
            return upload
        return check_image(
            upload,
            ("JPEG", "PNG"),
            MAX_PHOTO_BYTES,
            {
                "too_large": _("The photo is larger than 5 MB."),
                "format": _("Upload a JPEG or PNG photo."),
                "pixels": _("The photo has too many pixels."),
                "unreadable": _("This file is not a photo we can read."),
            },
        )

    def clean_expertise(self):
        return clean_tag_names(self.cleaned_data.get("expertise") or [], 10)

    def save(self, commit=True):
        profile = super().save(commit=False)
        profile.set_languages(self.cleaned_data.get("languages_spoken") or [])
        return profile


def check_image(upload, formats, max_bytes, messages):
    """Check an uploaded file by its content with Pillow: one of `formats`, at most
    `max_bytes` and MAX_PHOTO_PIXELS. Raises ValidationError with `messages[code]`."""
    if upload.size > max_bytes:
        raise ValidationError(messages["too_large"], code="too_large")
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            if image.format not in formats:
                raise ValidationError(messages["format"], code="format")
            if image.width * image.height > MAX_PHOTO_PIXELS:
                raise ValidationError(messages["pixels"], code="pixels")
            image.load()
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as e:
        raise ValidationError(messages["unreadable"], code="unreadable") from e
    upload.seek(0)
    return upload


def _clean_pixels(upload, keep_alpha=False):
    """The upload's pixels, turned upright, in a new image: no EXIF, GPS or camera
    data survive. Returns (image, format of the original)."""
    upload.seek(0)
    with Image.open(upload) as original:
        source_format = original.format
        alpha = keep_alpha and (
            original.mode in ("RGBA", "LA", "PA") or "transparency" in original.info
        )
        mode = "RGBA" if alpha else "RGB"
        image = ImageOps.exif_transpose(original).convert(mode)
    clean = Image.new(mode, image.size)
    clean.paste(image)
    return clean, source_format


def photo_files(upload, stem):
    """(photo, thumbnail) as new JPEG files without EXIF or other metadata."""
    clean, _format = _clean_pixels(upload)
    results = []
    for size, suffix in ((PHOTO_SIZE, ""), (THUMBNAIL_SIZE, "-thumb")):
        copy = clean.copy()
        copy.thumbnail((size, size))
        buffer = io.BytesIO()
        copy.save(buffer, format="JPEG", quality=85)
        results.append(ContentFile(buffer.getvalue(), name=f"{stem}{suffix}.jpg"))
    return results


# --- Images attached to posts ---------------------------------------------------------

MAX_ATTACHMENTS = 4
ATTACHMENT_SIZE = 1600
ATTACHMENT_FORMATS = ("JPEG", "PNG", "WEBP", "GIF")


def max_attachment_bytes():
    return settings.NETWORK_IMAGE_MAX_BYTES


def attachment_file(upload):
    """A checked upload as (file, width, height): at most ATTACHMENT_SIZE px on the
    longer side, without metadata. JPEG stays JPEG, WebP stays WebP, PNG and GIF
    (its first frame) become PNG, keeping transparency."""
    clean, source_format = _clean_pixels(upload, keep_alpha=True)
    clean.thumbnail((ATTACHMENT_SIZE, ATTACHMENT_SIZE))
    buffer = io.BytesIO()
    if source_format == "JPEG":
        clean.save(buffer, format="JPEG", quality=85)
        ext = "jpg"
    elif source_format == "WEBP":
        clean.save(buffer, format="WEBP", quality=85)
        ext = "webp"
    else:
        clean.save(buffer, format="PNG", optimize=True)
        ext = "png"
    return ContentFile(buffer.getvalue(), name=f"image.{ext}"), *clean.size


# (language, size limit) -> an unbound ImagesForm's fields, rendered (a few at most).
_BLANK_IMAGE_FIELDS = {}


class ImagesForm(forms.Form):
    """Up to four images with their descriptions, beside a reply or a new thread.
    Plain file inputs: works without JavaScript."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        accept = "image/jpeg,image/png,image/webp,image/gif"
        for n in range(1, MAX_ATTACHMENTS + 1):
            self.fields[f"image_{n}"] = forms.FileField(
                label=_("Image %(n)d") % {"n": n},
                required=False,
                widget=forms.FileInput(attrs={"accept": accept}),
            )
            self.fields[f"alt_{n}"] = forms.CharField(
                label=_("Description of image %(n)d") % {"n": n},
                help_text=_("What the image shows, for people who cannot see it."),
                required=False,
                max_length=250,
            )

    @property
    def max_mb(self):
        return f"{max_attachment_bytes() / (1024 * 1024):g}"

    @property
    def fields_html(self):
        """The fields as includes/form_fields.html renders them. Unbound, they are
        the same for every reader of a language: rendered once per process (eight
        widgets, about 4 ms, on every thread page a member may reply on)."""
        if self.is_bound:
            return render_to_string("includes/form_fields.html", {"form": self})
        key = (get_language(), max_attachment_bytes())
        if key not in _BLANK_IMAGE_FIELDS:
            _BLANK_IMAGE_FIELDS[key] = render_to_string(
                "includes/form_fields.html", {"form": self}
            )
        return _BLANK_IMAGE_FIELDS[key]

    def _check(self, upload):
        limit = max_attachment_bytes()
        return check_image(
            upload,
            ATTACHMENT_FORMATS,
            limit,
            {
                "too_large": _("The image is larger than %(mb)s MB.")
                % {"mb": self.max_mb},
                "format": _("Upload a JPEG, PNG, WebP or GIF image."),
                "pixels": _("The image has too many pixels."),
                "unreadable": _("This file is not an image we can read."),
            },
        )

    def clean(self):
        data = super().clean()
        images = []
        for n in range(1, MAX_ATTACHMENTS + 1):
            upload = data.get(f"image_{n}")
            alt = " ".join((data.get(f"alt_{n}") or "").split())
            if not upload:
                continue
            try:
                self._check(upload)
            except ValidationError as error:
                self.add_error(f"image_{n}", error)
                continue
            if not alt:
                self.add_error(
                    f"alt_{n}",
                    _("Describe the image for people who cannot see it."),
                )
                continue
            images.append((upload, alt))
        data["images"] = images
        return data

    def prepared(self):
        """[(file, width, height, alt text)] ready to store, in the form's order."""
        return [
            (*attachment_file(upload), alt)
            for upload, alt in self.cleaned_data.get("images", [])
        ]


class PreferenceForm(forms.ModelForm):
    consent = forms.BooleanField(
        label=_("I agree that Dela sends me these e-mails at my address."),
        required=False,
    )
    muted = forms.MultipleChoiceField(
        label=_("Leave these out of my e-mails"),
        choices=[],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = NotificationPreference
        fields = ["email_mode"]
        widgets = {"email_mode": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        from .models import Notification

        super().__init__(*args, **kwargs)
        self.fields["muted"].choices = Notification.Kind.choices
        self.initial["muted"] = [k for k in self.instance.muted_kinds.split(",") if k]
        self.initial["consent"] = self.instance.consent_on is not None

    def clean(self):
        data = super().clean()
        mode = data.get("email_mode")
        if (
            mode
            and mode != NotificationPreference.EmailMode.NEVER
            and not data.get("consent")
        ):
            self.add_error(
                "consent", _("Tick the box to agree before we send you e-mails.")
            )
        return data

    def save(self, commit=True):
        preference = super().save(commit=False)
        muted = self.cleaned_data.get("muted") or []
        preference.muted_kinds = "," + ",".join(muted) + "," if muted else ""
        if preference.email_mode == NotificationPreference.EmailMode.NEVER:
            preference.record_consent(False, via="preferences")
        else:
            preference.record_consent(
                True, str(self.fields["consent"].label), via="preferences"
            )
        if commit:
            preference.save()
        return preference


class EraseForm(forms.Form):
    posts = forms.ChoiceField(
        label=_("What should happen to your posts?"),
        choices=[
            ("keep", _("Keep them, signed “former member”")),
            ("remove", _("Remove them too")),
        ],
        widget=forms.RadioSelect,
        initial="keep",
    )
    confirm = forms.BooleanField(
        label=_("I understand that my account and personal data are erased for good."),
    )


class StoryFromThreadForm(forms.Form):
    confirm = forms.BooleanField(
        label=_(
            "Create a draft case story from this thread and send it to the editors."
        )
    )
