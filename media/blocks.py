"""The StreamField block that puts a library video in a story (or any page)."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtailmedia.blocks import VideoChooserBlock


class LibraryVideoChooserBlock(VideoChooserBlock):
    """wagtailmedia's video chooser; the videos of a page come with their caption
    tracks in one query, however many blocks show them."""

    def bulk_to_python(self, values):
        ids = [value for value in values if value]
        found = self.target_model.objects.with_tracks().in_bulk(ids)
        return [found.get(value) for value in values]


class LibraryVideoBlock(blocks.StructBlock):
    video = LibraryVideoChooserBlock(label=_("Video"))
    caption = blocks.CharBlock(label=_("Caption"), max_length=300, required=False)

    class Meta:
        icon = "media"
        label = _("Video from the library")
        template = "blocks/library_video_block.html"
