"""The "Share an experience" form: what an ambassador fills in on the site."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from PIL import UnidentifiedImageError
from wagtail.images.fields import WagtailImageField

from media.models import Video
from taxonomy.forms import ClassifiedPageForm
from taxonomy.models import Competence, Municipality, Sector, TargetGroup
from taxonomy.tags import MAX_TAG_LENGTH, clean_tag_names

from .services import MAX_TAGS

MAX_MUNICIPALITIES = 10
IMAGE_FORMATS = ("gif", "jpg", "jpeg", "png", "webp")


class StoryImageField(WagtailImageField):
    """Wagtail's image validation (the content must be a real image of the format its
    name says) limited to JPEG, PNG, WebP and GIF, with the size checked before the
    file is decoded."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.allowed_image_extensions = [
            extension
            for extension in self.allowed_image_extensions
            if extension in IMAGE_FORMATS
        ]
        formats = "JPEG, PNG, WebP, GIF"
        self.error_messages["invalid_image_extension"] = _(
            "Upload a JPEG, PNG, WebP or GIF image."
        )
        self.error_messages["invalid_image"] = _(
            "This file is not an image we can read. Upload a JPEG, PNG, WebP or GIF "
            "image."
        )
        self.help_text = _("%(formats)s, at most %(size)s.") % {
            "formats": formats,
            "size": self.max_upload_size_text,
        }

    def to_python(self, data):
        size = getattr(data, "size", None)
        if self.max_upload_size is not None and size and size > self.max_upload_size:
            raise ValidationError(
                self.error_messages["file_too_large"]
                % {
                    "file_size": filesizeformat(size),
                    "max_filesize": self.max_upload_size_text,
                },
                code="file_too_large",
            )
        try:
            return super().to_python(data)
        except (UnidentifiedImageError, OSError, ValueError) as error:
            # A file that starts like an image but is not one (a PNG signature
            # followed by HTML): Wagtail's check lets Pillow's error through.
            raise ValidationError(
                self.error_messages["invalid_image"], code="invalid_image"
            ) from error


class MunicipalityChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.country.code})"


class StoryForm(ClassifiedPageForm):
    """A case story as its author writes it: plain text, the taxonomy, one image.

    Text fields are plain text; the service turns them into escaped paragraphs, so
    markup typed into the form shows as text and never runs.
    """

    body = forms.CharField(
        label=_("Your story"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_(
            "What you did, how and with whom. Plain text: leave an empty line "
            "between paragraphs."
        ),
    )
    results = forms.CharField(
        label=_("Results"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What came of it: figures, changes, feedback."),
    )
    lessons_learned = forms.CharField(
        label=_("Lessons learned"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What others should know before they try the same."),
    )
    municipalities = MunicipalityChoiceField(
        label=_("Municipalities"),
        queryset=Municipality.objects.select_related("country").order_by("name"),
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_(
            "One or more, for joint projects. Hold Ctrl (or Cmd) to choose several."
        ),
    )
    sector = forms.ModelChoiceField(
        label=_("Sector"), queryset=Sector.objects.all(), required=False
    )
    target_groups = forms.ModelMultipleChoiceField(
        label=_("Target groups"),
        queryset=TargetGroup.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    competences = forms.ModelMultipleChoiceField(
        label=_("Digital competences (DigComp)"),
        queryset=Competence.objects.order_by("code"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    tags = forms.CharField(
        label=_("Tags"),
        required=False,
        max_length=1000,
        help_text=_(
            "Up to 10 tags separated by commas, e.g. welfare technology, 65+, "
            "digital ambassadors."
        ),
    )
    language = forms.ChoiceField(
        label=_("Language of the story"), choices=settings.DELA_CONTENT_LANGUAGES
    )
    year = forms.IntegerField(
        label=_("Year"),
        required=False,
        min_value=1990,
        help_text=_("The year the work took place."),
    )
    image = StoryImageField(label=_("Image"), required=False)
    image_alt_text = forms.CharField(
        label=_("Alternative text for the image"),
        required=False,
        max_length=300,
        help_text=_(
            "Describe what the image shows for people who cannot see it. Required "
            "with an image, unless it is decorative only."
        ),
    )
    image_decorative = forms.BooleanField(
        label=_("The image is decorative only"),
        required=False,
        help_text=_(
            "Tick only when the image adds nothing to the text: screen readers then "
            "skip it."
        ),
    )
    video = forms.ModelChoiceField(
        label=_("Video from the media library"),
        required=False,
        queryset=Video.objects.none(),
        help_text=_(
            "Optional: a published video from the library to show in your story. "
            "Share a new video under Videos first."
        ),
    )
    consent = forms.BooleanField(
        label=_("I agree to publication"),
        help_text=_(
            "Dela publishes the story, with your name as contact, once an editor has "
            "approved it. You confirm that you may share the text and the image."
        ),
        error_messages={
            "required": _("Tick the box to agree to publication, or we cannot publish.")
        },
    )

    def __init__(self, *args, has_image=False, ask_consent=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.has_image = has_image
        year = self.fields["year"]
        year.max_value = timezone.now().year + 1
        year.validators.append(MaxValueValidator(year.max_value))
        year.widget.attrs["max"] = year.max_value
        if not ask_consent:
            del self.fields["consent"]
        if has_image:
            self.fields["image"].label = _("Replace the image")
        # Videos already shown on a published page (captioned: the caption gate
        # let them through), and only when some exist.
        videos = (
            Video.objects.ready()
            .filter(type="video", pages__live=True)
            .distinct()
            .order_by("title")
        )
        self.fields["video"].queryset = videos

    def clean_municipalities(self):
        municipalities = self.cleaned_data["municipalities"]
        if len(municipalities) > MAX_MUNICIPALITIES:
            raise ValidationError(
                _("Choose at most %(max)d municipalities.")
                % {"max": MAX_MUNICIPALITIES}
            )
        return municipalities

    def clean_tags(self):
        return clean_tag_names(
            self.cleaned_data["tags"].split(","), MAX_TAGS, MAX_TAG_LENGTH
        )

    def clean(self):
        """A picture needs its alternative text, or the decorative mark (the page's
        own rule, dela.pictures.PicturedPage, asked here so nothing is stored)."""
        cleaned = super().clean()
        has_picture = cleaned.get("image") or self.has_image
        if not has_picture or "image" in self.errors:
            return cleaned
        if cleaned.get("image_decorative"):
            cleaned["image_alt_text"] = ""
        elif not cleaned.get("image_alt_text", "").strip():
            self.add_error(
                "image_alt_text",
                _("Describe the image, or mark it as decorative."),
            )
        return cleaned
