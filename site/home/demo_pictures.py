"""Pictures for the demo, drawn with Pillow when the demo loads (no image files in the
repository): a landscape illustration in the colours of a season or a time of day,
with hills, a lake or a town's roofs, the sun or the moon, and the page's title and
place on a band across the bottom, so every story, entry and event looks different and
says what it is about.

`demo_image()` stores one as a Wagtail image (found again by its title, so running
the demo twice adds nothing) and makes the renditions the cards ask for, so a listing
of the demo makes no picture while a visitor waits.
"""

import hashlib
import io
import math
import os
import random
from pathlib import Path

import PIL
import wagtail
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from PIL import Image, ImageDraw, ImageFilter, ImageFont
from wagtail.images import get_image_model
from wagtail.images.models import Filter
from wagtail.models import Collection

from dela.pictures import CARD_WIDTHS, available_formats, rendition_specs

# At most 1200×800 (the largest rendition the pages ask for); the demo's are smaller
# to keep loading the demo quick.
SIZE = (960, 640)
COLLECTION_NAME = "Demo pictures"

# Palettes by time of day or season: (sky top, sky bottom, far hills, near hills,
# ground, sun or moon).
PALETTES = {
    "dawn": (
        (26, 64, 122),
        (238, 166, 104),
        (70, 84, 120),
        (38, 70, 72),
        (24, 48, 44),
        (255, 214, 140),
    ),
    "day": (
        (94, 160, 214),
        (206, 230, 244),
        (112, 150, 120),
        (66, 116, 78),
        (46, 88, 56),
        (255, 248, 214),
    ),
    "dusk": (
        (40, 36, 92),
        (214, 108, 120),
        (92, 64, 108),
        (56, 44, 80),
        (34, 30, 56),
        (255, 190, 150),
    ),
    "winter": (
        (120, 178, 204),
        (232, 238, 226),
        (150, 170, 176),
        (98, 126, 132),
        (214, 222, 226),
        (255, 250, 236),
    ),
    "autumn": (
        (170, 92, 60),
        (246, 200, 128),
        (150, 98, 70),
        (104, 70, 52),
        (70, 50, 40),
        (255, 236, 180),
    ),
    "night": (
        (18, 32, 64),
        (64, 100, 150),
        (40, 58, 90),
        (26, 40, 64),
        (16, 26, 44),
        (236, 240, 255),
    ),
}

# What a picture shows, in the language of the page it illustrates (its alt text):
# (what stands on the hill: houses, spruces), (by a lake, on a hill), the palette's
# time, "with the title".
WORDS = {
    "sv": (
        "Illustration",
        ("färgglada hus", "granar"),
        ("vid en sjö", "på en kulle"),
        {
            "dawn": "i gryningen",
            "day": "en solig dag",
            "dusk": "i skymningen",
            "winter": "en vinterdag",
            "autumn": "en höstkväll",
            "night": "i månsken",
        },
        "med rubriken",
    ),
    "nb": (
        "Illustrasjon",
        ("fargerike hus", "grantrær"),
        ("ved et vann", "på en ås"),
        {
            "dawn": "i morgengry",
            "day": "en solfylt dag",
            "dusk": "i skumringen",
            "winter": "en vinterdag",
            "autumn": "en høstkveld",
            "night": "i måneskinn",
        },
        "med tittelen",
    ),
    "nn": (
        "Illustrasjon",
        ("fargerike hus", "grantre"),
        ("ved eit vatn", "på ein ås"),
        {
            "dawn": "i morgongry",
            "day": "ein solrik dag",
            "dusk": "i skumringa",
            "winter": "ein vinterdag",
            "autumn": "ein haustkveld",
            "night": "i måneskin",
        },
        "med tittelen",
    ),
    "da": (
        "Illustration",
        ("farverige huse", "grantræer"),
        ("ved en sø", "på en bakke"),
        {
            "dawn": "ved daggry",
            "day": "en solrig dag",
            "dusk": "i tusmørket",
            "winter": "en vinterdag",
            "autumn": "en efterårsaften",
            "night": "i måneskin",
        },
        "med titlen",
    ),
    "en": (
        "Illustration",
        ("colourful houses", "spruces"),
        ("by a lake", "on a hill"),
        {
            "dawn": "at dawn",
            "day": "on a sunny day",
            "dusk": "at dusk",
            "winter": "on a winter day",
            "autumn": "on an autumn evening",
            "night": "in moonlight",
        },
        "with the title",
    ),
}


QUOTES = {
    "sv": ("\u201d", "\u201d"),
    "nb": ("\u00ab", "\u00bb"),
    "nn": ("\u00ab", "\u00bb"),
    "da": ("\u00bb", "\u00ab"),
    "en": ("\u201c", "\u201d"),
}


def describe(scene, title, language):
    """The alt text of a composed picture: what it shows and the title on it."""
    label, things, places, times, titled = WORDS.get(language, WORDS["en"])
    thing = things[0] if scene["town"] else things[1]
    place = places[0] if scene["lake"] else places[1]
    opening, closing = QUOTES.get(language, QUOTES["en"])
    when = times[scene["time"]]
    return f"{label}: {thing} {place} {when}, {titled} {opening}{title}{closing}."


WALLS = [
    (176, 58, 46),
    (222, 190, 120),
    (236, 232, 220),
    (120, 150, 170),
    (200, 120, 70),
]


def _font(size, bold=False):
    """DejaVu Sans where the system has it (Debian's fonts-dejavu-core), else
    Pillow's own scalable font."""
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    try:
        return ImageFont.truetype(name, size)
    except OSError:
        try:
            return ImageFont.truetype(f"/usr/share/fonts/truetype/dejavu/{name}", size)
        except OSError:
            return ImageFont.load_default(size=size)


def _mix(a, b, t):
    return tuple(round(x + (y - x) * t) for x, y in zip(a, b, strict=True))


def _gradient(size, top, bottom):
    """A vertical gradient, drawn as a 1-pixel column and stretched (fast)."""
    width, height = size
    column = Image.new("RGB", (1, height))
    column.putdata([_mix(top, bottom, y / max(height - 1, 1)) for y in range(height)])
    return column.resize(size)


def _ridge(rng, width, base, amplitude, waves):
    """Points of a hill line: a sum of sine waves with random phases."""
    phases = [rng.uniform(0, math.tau) for _ in range(waves)]
    points = []
    for x in range(0, width + 16, 16):
        y = base
        for n, phase in enumerate(phases, start=1):
            y += amplitude / n * math.sin(x / width * math.tau * n * 0.7 + phase)
        points.append((x, y))
    return points


def _wrap(draw, text, font, width):
    words, lines, line = text.split(), [], ""
    for word in words:
        candidate = f"{line} {word}".strip()
        if draw.textlength(candidate, font=font) <= width or not line:
            line = candidate
        else:
            lines.append(line)
            line = word
    if line:
        lines.append(line)
    return lines[:2]


def compose(title, subtitle="", seed=None, size=SIZE):
    """A landscape illustration with the title and subtitle on it: a PIL image whose
    `info["scene"]` says what it shows (for `describe`)."""
    seed = seed if seed is not None else title
    rng = random.Random(hashlib.sha256(str(seed).encode()).hexdigest())
    width, height = size
    time = rng.choice(sorted(PALETTES))
    sky_top, sky_bottom, far, near, ground, sun = PALETTES[time]
    scene = {"time": time}
    picture = _gradient(size, sky_top, sky_bottom)

    # The sun or the moon with a soft glow, behind everything else.
    glow = Image.new("L", size, 0)
    sx, sy = rng.uniform(0.15, 0.85) * width, rng.uniform(0.15, 0.4) * height
    radius = rng.uniform(0.05, 0.09) * width
    ImageDraw.Draw(glow).ellipse(
        (sx - radius * 2.4, sy - radius * 2.4, sx + radius * 2.4, sy + radius * 2.4),
        fill=110,
    )
    glow = glow.filter(ImageFilter.GaussianBlur(radius * 1.2))
    picture = Image.composite(Image.new("RGB", size, sun), picture, glow)
    draw = ImageDraw.Draw(picture)
    draw.ellipse((sx - radius, sy - radius, sx + radius, sy + radius), fill=sun)

    # Clouds: soft light ellipses.
    clouds = Image.new("L", size, 0)
    cloud_draw = ImageDraw.Draw(clouds)
    for _ in range(rng.randint(2, 5)):
        cx, cy = rng.uniform(0, width), rng.uniform(0.05, 0.35) * height
        for _ in range(4):
            dx, dy = rng.uniform(-60, 60), rng.uniform(-12, 12)
            rx, ry = rng.uniform(40, 90), rng.uniform(14, 26)
            cloud_draw.ellipse(
                (cx + dx - rx, cy + dy - ry, cx + dx + rx, cy + dy + ry), fill=90
            )
    clouds = clouds.filter(ImageFilter.GaussianBlur(10))
    picture = Image.composite(Image.new("RGB", size, (255, 255, 255)), picture, clouds)

    # Far hills (hazy), a lake or a field, near hills, then houses or trees.
    far_hills = [
        (0, height),
        *_ridge(rng, width, 0.46 * height, 0.08 * height, 3),
        (width, height),
    ]
    mask = Image.new("L", size, 0)
    ImageDraw.Draw(mask).polygon(far_hills, fill=255)
    hills = Image.new("RGB", size, _mix(far, sky_bottom, 0.35))
    picture.paste(hills, (0, 0), mask.filter(ImageFilter.GaussianBlur(2)))
    draw = ImageDraw.Draw(picture)
    water_line = int(0.56 * height)
    scene["lake"] = rng.random() < 0.5
    if scene["lake"]:
        # A lake reflecting the sky, with a few glints of the sun.
        lake = _gradient(
            (width, height - water_line),
            _mix(sky_bottom, far, 0.3),
            _mix(sky_top, near, 0.4),
        )
        picture.paste(lake, (0, water_line))
        draw = ImageDraw.Draw(picture)
        glint = _mix(sun, sky_bottom, 0.4)
        for _ in range(30):
            gx = rng.uniform(0, width)
            gy = rng.uniform(water_line + 4, height * 0.66)
            draw.line((gx, gy, gx + rng.uniform(10, 40), gy), fill=glint, width=2)
    baseline = 0.7 * height
    draw.polygon(
        [(0, height), *_ridge(rng, width, baseline, 0.04 * height, 4), (width, height)],
        fill=near,
    )
    # A row of houses (a town) or of spruces (the countryside) on the near hill.
    scene["town"] = rng.random() < 0.5
    if scene["town"]:
        x = rng.uniform(-20, 40)
        while x < width:
            w, h = rng.uniform(36, 70), rng.uniform(34, 70)
            wall = rng.choice(WALLS)
            top = baseline - h
            draw.rectangle((x, top, x + w, baseline + 30), fill=wall)
            draw.polygon(
                [(x - 5, top), (x + w / 2, top - h * 0.45), (x + w + 5, top)],
                fill=_mix(ground, (40, 30, 30), 0.5),
            )
            for wx in (x + w * 0.2, x + w * 0.6):
                lit = rng.random() < 0.5
                draw.rectangle(
                    (wx, top + h * 0.3, wx + w * 0.18, top + h * 0.55),
                    fill=(255, 220, 130) if lit else _mix(wall, (30, 30, 40), 0.5),
                )
            x += w + rng.uniform(8, 60)
    else:
        spruce = _mix(near, (10, 30, 20), 0.5)
        for _ in range(rng.randint(14, 26)):
            tx, th = rng.uniform(0, width), rng.uniform(40, 110)
            ty = baseline + rng.uniform(-6, 24)
            draw.polygon(
                [(tx, ty - th), (tx - th * 0.28, ty), (tx + th * 0.28, ty)], fill=spruce
            )
    draw.rectangle((0, 0.76 * height, width, height), fill=ground)

    # Grain, for a photographic feel.
    noise = (
        Image.effect_noise((width // 2, height // 2), 18).resize(size).convert("RGB")
    )
    picture = Image.blend(picture, noise, 0.06)

    # The title band: dark, translucent, white text.
    band_top = int(0.76 * height)
    band = Image.new("L", size, 0)
    ImageDraw.Draw(band).rectangle((0, band_top, width, height), fill=150)
    picture = Image.composite(Image.new("RGB", size, (12, 18, 30)), picture, band)
    draw = ImageDraw.Draw(picture)
    margin = int(0.04 * width)
    title_font = _font(int(height * 0.06), bold=True)
    y = band_top + int(0.025 * height)
    for line in _wrap(draw, title, title_font, width - 2 * margin):
        draw.text((margin, y), line, font=title_font, fill=(255, 255, 255))
        y += int(height * 0.075)
    if subtitle:
        draw.text(
            (margin, y + 4),
            subtitle,
            font=_font(int(height * 0.04)),
            fill=(226, 232, 240),
        )
    picture.info["scene"] = scene
    return picture


# A demo picture is drawn and its renditions encoded once (AVIF encoding is most of
# its cost), then kept: in memory for the next demo load in the same process (the
# suite loads the demo once per test module) and under VAR_DIR/cache/demo-pictures/
# for the next process. The name of a kept file is a hash of what made it.
CACHE_VERSION = "2"
_KEPT = {}


def kept(parts, make):
    """The bytes `make()` returns for `parts`, made once and then kept."""
    name = hashlib.sha256(
        repr((CACHE_VERSION, PIL.__version__, wagtail.__version__, *parts)).encode()
    ).hexdigest()
    if name in _KEPT:
        return _KEPT[name]
    path = Path(settings.VAR_DIR) / "cache" / "demo-pictures" / name
    try:
        data = path.read_bytes()
    except OSError:
        data = make()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            partial = path.with_suffix(f".{os.getpid()}.part")
            partial.write_bytes(data)
            partial.replace(path)
        except OSError:
            pass  # a read-only var folder: kept in memory only
    _KEPT[name] = data
    return data


def image_bytes(picture, quality=82):
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=quality, optimize=True, progressive=True)
    return out.getvalue()


def demo_collection():
    """The collection the demo's pictures live in (a child of the root, public)."""
    root = Collection.get_first_root_node()
    found = root.get_children().filter(name=COLLECTION_NAME).first()
    return found or root.add_child(name=COLLECTION_NAME)


def demo_image(title, subtitle="", slug=None, language="sv"):
    """The demo's Wagtail image for a page titled `title` (drawn with `subtitle`
    under the title), with the renditions the cards use; its description is the alt
    text in the page's `language`. Found again by title in the demo collection, so a
    second run adds nothing."""
    key = (title, subtitle, slug, language)

    def draw():
        picture = compose(title, subtitle, seed=slug or title)
        return image_bytes(picture), describe(picture.info["scene"], title, language)

    return stored_image(title, f"{slug or 'demo'}.jpg", key, draw)


def stored_image(title, filename, key, make):
    """The demo collection's image titled `title`, or a new one from `make()` →
    (JPEG bytes, description), with the cards' renditions. `key` names the content
    (for keeping what was made, see `kept`)."""
    image_model = get_image_model()
    collection = demo_collection()
    image = image_model.objects.filter(collection=collection, title=title).first()
    if image is not None:
        return image
    made = {}

    def part(index):
        if not made:
            made["data"], made["description"] = make()
        return made[index]

    data = kept(("original", *key), lambda: part("data"))
    description = kept(
        ("description", *key), lambda: part("description").encode()
    ).decode()
    image = image_model(title=title, collection=collection, description=description)
    image.file = ImageFile(io.BytesIO(data), name=filename)
    image.save()
    _make_renditions(image, key, rendition_specs(CARD_WIDTHS, available_formats()))
    return image


def picture_fields(title, subtitle="", slug=None, language="sv"):
    """The picture fields of a demo page (dela.pictures.PicturedPage)."""
    image = demo_image(title, subtitle, slug, language)
    return {"image": image, "image_alt": image.description, "image_decorative": False}


def _make_renditions(image, key, specs):
    """The renditions Wagtail's `Image.get_renditions` would make, with their files
    kept (`kept`). Saved with their sizes and stored file names, in one query: a
    rendition saved the ordinary way reads its file back to learn its size, which
    for AVIF is most of the cost of a demo load that finds the files kept."""
    rendition_model = image.get_rendition_model()
    storage = rendition_model._meta.get_field("file").storage
    renditions = []
    for spec in specs:
        rendition_filter = Filter(spec=spec)

        def encode(rendition_filter=rendition_filter):
            generated = image.generate_rendition_file(rendition_filter)
            generated.seek(0)
            data = generated.read()
            with Image.open(io.BytesIO(data)) as made:
                size = f"{made.width}x{made.height}"
            name = os.path.basename(generated.name)
            return f"{name}\0{size}\0".encode() + data

        name, size, data = kept(("rendition", spec, *key), encode).split(b"\0", 2)
        width, height = (int(number) for number in size.split(b"x"))
        path = rendition_model(image=image).get_upload_to(name.decode())
        renditions.append(
            rendition_model(
                image=image,
                filter_spec=spec,
                focal_point_key=rendition_filter.get_cache_key(image),
                file=storage.save(path, ContentFile(data)),
                width=width,
                height=height,
            )
        )
    rendition_model.objects.bulk_create(renditions, ignore_conflicts=True)
