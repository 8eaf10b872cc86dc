"""The blocks a case story's body is made of.

`StoryBlocks` is the extension point for stories: the shared content blocks today; the
media app adds its video block here (`video = VideoChooserBlock()` or similar) without
touching the other page types.
"""

from home.blocks import ContentBlocks
from media.blocks import LibraryVideoBlock


class StoryBlocks(ContentBlocks):
    """The shared content blocks (heading, paragraph, image, quote, facts, call to
    action, document), plus whatever only stories may contain."""

    video = LibraryVideoBlock()
