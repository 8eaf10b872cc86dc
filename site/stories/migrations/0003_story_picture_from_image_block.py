"""Stories shared from the site kept their picture as the body's first block (an image
block), so their cards showed none. The picture is now the page's own
(dela.pictures.PicturedPage: image, image_alt, image_decorative): this moves such a
first image block into the page's picture, on the page and on its latest revision
(a draft under review), wherever the page has no picture yet. Running it again
changes nothing; going back leaves the pictures where they are.
"""

import json

from django.db import migrations


def _picture_of(stream):
    """(picture fields, stream without the block) when the stream opens with an image
    block that has an image, else None. `stream`: Wagtail's raw list of blocks."""
    if not stream or not isinstance(stream, list):
        return None
    first = stream[0]
    value = first.get("value") if isinstance(first, dict) else None
    if first.get("type") != "image" or not isinstance(value, dict):
        return None
    if not value.get("image"):
        return None
    decorative = bool(value.get("decorative"))
    fields = {
        "image": value["image"],
        "image_alt": "" if decorative else (value.get("alt_text") or "")[:300],
        "image_decorative": decorative,
    }
    return fields, stream[1:]


def move_first_image_block(apps, schema_editor):
    CaseStoryPage = apps.get_model("stories", "CaseStoryPage")
    Revision = apps.get_model("wagtailcore", "Revision")
    Image = apps.get_model("wagtailimages", "Image")
    existing_images = set(Image.objects.values_list("pk", flat=True))

    for page in CaseStoryPage.objects.all().iterator():
        if page.image_id is None:
            moved = _picture_of(list(page.body.raw_data))
            if moved and moved[0]["image"] in existing_images:
                fields, rest = moved
                page.image_id = fields["image"]
                page.image_alt = fields["image_alt"]
                page.image_decorative = fields["image_decorative"]
                page.body = rest
                page.save(
                    update_fields=["body", "image", "image_alt", "image_decorative"]
                )
        if page.latest_revision_id is None:
            continue
        revision = Revision.objects.filter(pk=page.latest_revision_id).first()
        if revision is None or not isinstance(revision.content, dict):
            continue
        content = revision.content
        if content.get("image"):
            continue
        body = content.get("body")
        stream = json.loads(body) if isinstance(body, str) else body
        moved = _picture_of(stream)
        if not moved or moved[0]["image"] not in existing_images:
            continue
        fields, rest = moved
        content.update(fields)
        # Revisions keep a StreamField as a JSON string (wagtail.fields.StreamField
        # .value_to_string).
        content["body"] = json.dumps(rest) if isinstance(body, str) else rest
        revision.content = content
        revision.save(update_fields=["content"])


class Migration(migrations.Migration):
    dependencies = [
        ("stories", "0002_alter_casestorypage_body"),
        ("taxonomy", "0005_picture"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailimages", "0027_image_description"),
    ]

    operations = [
        migrations.RunPython(move_first_image_block, migrations.RunPython.noop),
    ]
