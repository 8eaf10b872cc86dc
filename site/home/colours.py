"""The installation's primary colour: checked for WCAG AA contrast, and its hover
shade. WCAG 2.1's relative luminance and contrast ratio (success criterion 1.4.3)."""

import re

from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

DEFAULT_PRIMARY_COLOUR = "#0b5563"
# WCAG 2.1 AA for normal text: white text on the colour (buttons) and the colour as
# text on white (links) are the same pair, so one ratio decides both.
AA_CONTRAST = 4.5
HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


def _channel(value):
    c = value / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def relative_luminance(colour):
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast_with_white(colour):
    """The contrast ratio of `colour` (#rrggbb) with white, from 1 to 21."""
    return 1.05 / (relative_luminance(colour) + 0.05)


def validate_primary_colour(value):
    if not HEX_COLOUR.match(value or ""):
        raise ValidationError(
            _("Write the colour as # and six hexadecimal digits, such as #0b5563."),
            code="invalid",
        )
    ratio = contrast_with_white(value)
    if ratio < AA_CONTRAST:
        raise ValidationError(
            _(
                "%(colour)s has a contrast of %(ratio)s:1 with white; WCAG AA needs at"
                " least 4.5:1 for text. Choose a darker colour."
            ),
            code="contrast",
            # 1.5 in English, 1,5 in Swedish: the editor's own decimal mark
            params={"colour": value, "ratio": number_format(ratio, 1)},
        )


def darker(colour, amount=0.3):
    """`colour` mixed with black by `amount`: darker still contrasts with white."""
    if not HEX_COLOUR.match(colour or ""):
        colour = DEFAULT_PRIMARY_COLOUR
    channels = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return "#" + "".join(f"{round(c * (1 - amount)):02x}" for c in channels)
