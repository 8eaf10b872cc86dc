"""Demo content of the video library for `manage.py load_demo`: /videos/ and three
short films made with ffmpeg when the demo loads (no video files in the repository),
each with captions in Swedish, Norwegian and Danish drawn from the seeds' stories.
A film shows its title and, scene by scene, the line its captions say at that time
(`film_filter`), over a moving composition in its own colours, with a tone; its
poster frame is the page's picture on cards. What the films say is data, in
`demo_data/films.json`; how they are drawn is code.

Idempotent: videos are found by title and pages by slug; a second run changes
nothing. Without ffmpeg the index is still made and the films are skipped.
"""

import io
import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from django.core.files import File
from django.db import transaction
from wagtail.models import Collection

from accounts.models import User
from home.demo import ensure_home_section, home_page
from home.demo_pictures import kept, stored_image
from taxonomy.models import Municipality

from .models import CaptionTrack, Video, VideoIndexPage, VideoPage
from .services import add_caption_track, process_video

INDEX_SLUG = "videos"
# The index's introduction, the films (what each shows scene by scene, its colours,
# its captions as one line per scene in each language) and the stories that show a
# film, one object each, in demo_data/films.json (edit them there).
DATA = json.loads(
    (Path(__file__).resolve().parent / "demo_data" / "films.json").read_text("utf-8")
)
INDEX_INTRO = DATA["index_intro"]


def _vtt(*lines):
    """WebVTT with one cue per line, two seconds each (a film's scenes last as
    long: SCENE_SECONDS)."""
    cues = [
        f"00:{2 * n:02d}.000 --> 00:{2 * n + 1:02d}.800\n{text}"
        for n, text in enumerate(lines)
    ]
    return "WEBVTT\n\n" + "\n\n".join(cues) + "\n"


FILMS = [
    {
        **film,
        "colours": tuple(film["colours"]),
        "captions": {lang: _vtt(*lines) for lang, lines in film["captions"].items()},
    }
    for film in DATA["films"]
]
# A Swedish story shows the film it tells about (a visitor's journey plays it).
FILMS_IN_STORIES = [
    (item["film"], item["story"], item["caption"]) for item in DATA["films_in_stories"]
]


def load(stdout, style):
    """Write /videos/, its home section and the demo films."""
    index = _ensure_index(home_page())
    ensure_home_section(
        "Filmer",
        "Korta filmer från kommunernas arbete, med undertexter och utskrift. Dela "
        "en film från din egen kommun.",
        page=index,
    )
    ffmpeg = shutil.which("ffmpeg")
    if ffmpeg is None:
        stdout.write(
            style.WARNING("  video index ready; ffmpeg is missing, no demo films")
        )
        return
    outcome = {"created": 0, "unchanged": 0}
    for spec in FILMS:
        outcome[_ensure_film(index, spec, ffmpeg)] += 1
    for film, story, caption in FILMS_IN_STORIES:
        _ensure_film_in_story(film, story, caption)
    stdout.write(
        f"  video index ready; films: {outcome['created']} created, "
        f"{outcome['unchanged']} unchanged"
    )


def _ensure_film_in_story(film_slug, story_slug, caption):
    """Put the film at the end of the story's body, once (the stories demo keeps it)."""
    from stories.models import CaseStoryPage

    film = VideoPage.objects.filter(slug=film_slug).first()
    story = CaseStoryPage.objects.live().filter(slug=story_slug).first()
    if film is None or film.video_id is None or story is None:
        return
    for block in story.body:
        if block.block_type == "video" and block.value["video"] == film.video:
            return
    story.body.append(("video", {"video": film.video, "caption": caption}))
    story.save_revision(user=story.owner).publish()


def _ensure_index(home):
    index = VideoIndexPage.objects.child_of(home).filter(slug=INDEX_SLUG).first()
    if index is None:
        index = VideoIndexPage(
            slug=INDEX_SLUG, title="Filmer", intro=INDEX_INTRO, show_in_menus=True
        )
        home.add_child(instance=index)
        index.save_revision().publish()
    return index


# A film's size, frame rate and length: small and short, so the demo loads quickly.
FILM_SIZE = (426, 240)
FILM_RATE = 15
SCENE_SECONDS = 2


def film_filter(spec, folder):
    """The ffmpeg filter graph of a demo film: a slowly turning gradient in the
    film's colours, a tablet gliding across, the title at the top, each scene's text
    (the caption shown at that time) in the middle and a bar of progress at the
    bottom. Texts are read from files in `folder`, so no text needs escaping."""
    width, height = FILM_SIZE
    seconds = SCENE_SECONDS * len(spec["scenes"])
    text_files = {"title": spec["title"]}
    text_files.update({f"scene{n}": line for n, line in enumerate(spec["scenes"])})
    for name, text in text_files.items():
        with open(os.path.join(folder, f"{name}.txt"), "w", encoding="utf-8") as out:
            out.write(text)

    def text(name, size, y, enable=None):
        path = os.path.join(folder, f"{name}.txt")
        when = f":enable='{enable}'" if enable else ""
        return (
            f"drawtext=font='DejaVu Sans':textfile='{path}':fontsize={size}:"
            f"fontcolor=white:shadowcolor=black@0.6:shadowx=1:shadowy=1:"
            f"x=(w-text_w)/2:y={y}{when}"
        )

    scenes = ",".join(
        text(
            f"scene{n}",
            26,
            80,
            f"between(t,{n * SCENE_SECONDS},{(n + 1) * SCENE_SECONDS})",
        )
        for n in range(len(spec["scenes"]))
    )
    return (
        "[0:v]drawbox=x=0:y=0:w=iw:h=ih:color=0x0b1320@0.3:t=fill[bg];"
        f"[bg][1:v]overlay=x='30+t*{(width - 160) // seconds}':"
        "y='150+8*sin(t*3)'[tablet];"
        "[tablet][2:v]overlay=x='40+t*"
        f"{(width - 160) // seconds}':y='158+8*sin(t*3)'[screen];"
        f"[screen][3:v]overlay=x='-W+W*t/{seconds}':y=H-6[bar];"
        f"[bar]{text('title', 16, 14)},{scenes}[v]"
    )


def _make_film(ffmpeg, spec, folder):
    """The film's file in `folder` (drawn once, then kept: home.demo_pictures.kept)."""
    path = os.path.join(folder, "film.mp4")
    film = kept(("film", repr(spec)), lambda: _draw_film(ffmpeg, spec, folder, path))
    with open(path, "wb") as out:
        out.write(film)
    return path


def _draw_film(ffmpeg, spec, folder, path):
    width, height = FILM_SIZE
    seconds = SCENE_SECONDS * len(spec["scenes"])
    c0, c1, c2 = spec["colours"]
    frames = f"r={FILM_RATE}:d={seconds}"
    sources = [
        f"gradients=s={width}x{height}:{frames}:c0={c0}:c1={c1}:c2={c2}:n=3:"
        "speed=0.05:seed=7",
        f"color=c=0xfdf6e3:s=96x64:{frames}",
        f"color=c=0x1d3557:s=76x44:{frames}",
        f"color=c=white:s={width}x6:{frames}",
        # A tone that steps up a third with each scene.
        f"aevalsrc=0.12*sin(2*PI*(262+66*floor(t/{SCENE_SECONDS}))*t)"
        f"+0.06*sin(2*PI*392*t):s=44100:d={seconds}",
    ]
    command = [ffmpeg, "-nostdin", "-v", "error"]
    for source in sources:
        command += ["-f", "lavfi", "-i", source]
    command += [
        "-filter_complex",
        film_filter(spec, folder),
        "-map",
        "[v]",
        "-map",
        f"{len(sources) - 1}:a",
        "-t",
        str(seconds),
        "-c:v",
        "libx264",
        "-preset",
        "veryfast",
        "-pix_fmt",
        "yuv420p",
        "-c:a",
        "aac",
        "-movflags",
        "+faststart",
        "-shortest",
        "-y",
        path,
    ]
    subprocess.run(command, check=True, timeout=120)
    with open(path, "rb") as made:
        return made.read()


def _poster_picture(video, spec):
    """The film's poster frame as the page's picture (a Wagtail image, so cards get
    its renditions)."""
    if not video.thumbnail:
        return {}

    def read():
        with video.thumbnail.open("rb") as poster:
            return poster.read(), spec["poster_alt"]

    image = stored_image(
        spec["title"], f"{spec['slug']}-poster.jpg", ("poster", repr(spec)), read
    )
    return {"image": image, "image_alt": image.description, "image_decorative": False}


def _ensure_film(index, spec, ffmpeg):
    page = VideoPage.objects.child_of(index).filter(slug=spec["slug"]).first()
    if page is not None:
        return "unchanged"
    uploader = User.objects.filter(email__iexact=spec["uploader"]).first()
    with tempfile.TemporaryDirectory(prefix="dela-demo-") as folder:
        path = _make_film(ffmpeg, spec, folder)
        with open(path, "rb") as handle, transaction.atomic():
            video = Video(
                title=spec["title"],
                type="video",
                collection=Collection.get_first_root_node(),
                uploaded_by_user=uploader,
            )
            video.file.save(f"{spec['slug']}.mp4", File(handle), save=False)
            video._skip_processing_queue = True  # processed right here instead
            video.save()
            video.tags.set(spec["tags"])
    process_video(video.pk)
    video = Video.objects.get(pk=video.pk)
    for language, text in spec["captions"].items():
        if not CaptionTrack.objects.filter(video=video, language=language).exists():
            upload = io.BytesIO(text.encode("utf-8"))
            upload.name = f"{language}.vtt"
            add_caption_track(video, language, "captions", upload)
    page = VideoPage(
        slug=spec["slug"],
        title=spec["title"],
        summary=spec["summary"],
        description=spec["description"],
        language=spec["language"],
        year=spec["year"],
        video=video,
        owner=uploader,
        **_poster_picture(video, spec),
    )
    municipality = Municipality.objects.filter(
        official_code=spec["municipality"]
    ).first()
    if municipality is not None:
        page.municipalities.set([municipality])
    page.tags.set(spec["tags"])
    index.add_child(instance=page)
    page.save_revision(user=uploader).publish()
    return "created"
