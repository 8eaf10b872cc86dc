"""Free tags, one rule for every form and the import: stories, threads, videos,
profiles' expertise and the catalogue import all clean tag names here.

A tag is trimmed and its inner spaces folded; it needs a letter or a digit (a tag of
only punctuation has an empty slug and no page of its own); it may be at most
``max_length`` characters; the same tag given twice counts once; and an existing tag is
reused whatever its case or spelling of spaces and dashes ("Välfärdsteknik" is
"välfärdsteknik", "e-förvaltning" is "e förvaltning").
"""

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _
from taggit.models import Tag

MAX_TAG_LENGTH = 50


def clean_tag_names(names, max_tags, max_length=MAX_TAG_LENGTH):
    """The tag names to store for ``names`` (strings), or ValidationError with every
    problem, in the reader's language."""
    cleaned = []
    errors = []
    for raw in names:
        name = " ".join(str(raw).split())
        if not name:
            continue
        if len(name) > max_length:
            errors.append(
                _("Keep each tag to %(max)d characters; “%(tag)s…” is longer.")
                % {"max": max_length, "tag": name[:max_length]}
            )
            continue
        if not Tag().slugify(name) or not any(ch.isalnum() for ch in name):
            errors.append(_("Each tag needs at least one letter or digit."))
            continue
        if name.casefold() not in {existing.casefold() for existing in cleaned}:
            cleaned.append(name)
    if len(cleaned) > max_tags:
        errors.append(
            _("Use at most %(max)d tags; you gave %(count)d.")
            % {"max": max_tags, "count": len(cleaned)}
        )
    if errors:
        raise ValidationError(list(dict.fromkeys(errors)))
    return [existing_tag_name(name) for name in cleaned]


def existing_tag_name(name):
    """The name of the tag ``name`` already is (by case or slug), else ``name``.
    By slug as well: SQLite compares only ASCII letters case-insensitively."""
    existing = Tag.objects.filter(
        Q(name__iexact=name) | Q(slug=Tag().slugify(name))
    ).values_list("name", flat=True)
    return existing.first() or name
