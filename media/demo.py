"""Demo content of the video library for `manage.py load_demo`: /videos/ and three
short films made with ffmpeg when the demo loads (no video files in the repository),
each with captions in Swedish, Norwegian and Danish drawn from the seeds' stories.

Idempotent: videos are found by title and pages by slug; a second run changes
nothing. Without ffmpeg the index is still made and the films are skipped.
"""

import io
import os
import shutil
import subprocess
import tempfile

from django.core.files import File
from django.db import transaction
from wagtail.models import Collection

from accounts.models import User
from home.demo import ensure_home_section, home_page
from taxonomy.models import Municipality

from .models import CaptionTrack, Video, VideoIndexPage, VideoPage
from .services import add_caption_track, ensure_index_workflow, process_video

INDEX_SLUG = "videos"
INDEX_INTRO = (
    "Korta filmer från kommunernas eget arbete: se hur andra gör, med undertexter "
    "och utskrift på svenska, norska och danska."
)


def _vtt(*lines):
    """WebVTT with one cue per line, two seconds each."""
    cues = [
        f"00:{2 * n:02d}.000 --> 00:{2 * n + 1:02d}.800\n{text}"
        for n, text in enumerate(lines)
    ]
    return "WEBVTT\n\n" + "\n\n".join(cues) + "\n"


FILMS = [
    {
        "slug": "surfplattan-i-hemtjansten",
        "title": "Surfplattan i hemtjänsten",
        "summary": (
            "Digitaliseringsombuden i Halland visar hur medarbetarna i hemtjänsten "
            "lärde sig surfplattan med stöd av Digga Halland."
        ),
        "description": (
            "Inom Digga Halland har medarbetare i vård och omsorg fått stöd av "
            "digitaliseringsombud på sin egen arbetsplats. Filmen visar ett "
            "ombudsmöte och hur kollegorna övar tillsammans."
        ),
        "language": "sv",
        "year": 2020,
        "municipality": "1380",
        "uploader": "ambassador@dela.example",
        "source": "testsrc=size=320x180:rate=15",
        "tags": ["Digga Halland", "välfärdsteknik"],
        "captions": {
            "sv": _vtt(
                "Välkommen till ombudsmötet i Halmstad.",
                "Här övar vi på surfplattan tillsammans.",
                "Ombuden visar kollegorna steg för steg.",
            ),
            "nb": _vtt(
                "Velkommen til ambassadørmøtet i Halmstad.",
                "Her øver vi på nettbrettet sammen.",
                "Ambassadørene viser kollegene steg for steg.",
            ),
            "da": _vtt(
                "Velkommen til ambassadørmødet i Halmstad.",
                "Her øver vi på tabletten sammen.",
                "Ambassadørerne viser kollegerne trin for trin.",
            ),
        },
    },
    {
        "slug": "digital-kompetanse-i-kommunen",
        "title": "Digital kompetanse i kommunen",
        "summary": (
            "KS og partene i kommunesektoren samarbeider om å styrke den digitale "
            "kompetansen til alle ansatte."
        ),
        "description": (
            "En kort film om samarbeidet om digital kompetanse: hva de ansatte "
            "trenger, og hvordan kommunene lærer av hverandre."
        ),
        "language": "nb",
        "year": 2021,
        "municipality": "0301",
        "uploader": "moderator@dela.example",
        "source": "testsrc2=size=320x180:rate=15",
        "tags": ["digital kompetanse"],
        "captions": {
            "nb": _vtt(
                "Alle ansatte skal kunne bruke digitale verktøy.",
                "Vi lærer best når vi lærer av hverandre.",
                "Digitale ambassadører hjelper kollegene i hverdagen.",
            ),
            "sv": _vtt(
                "Alla anställda ska kunna använda digitala verktyg.",
                "Vi lär oss bäst när vi lär av varandra.",
                "Digitala ombud hjälper kollegorna i vardagen.",
            ),
            "da": _vtt(
                "Alle ansatte skal kunne bruge digitale værktøjer.",
                "Vi lærer bedst, når vi lærer af hinanden.",
                "Digitale ambassadører hjælper kollegerne i hverdagen.",
            ),
        },
    },
    {
        "slug": "digitalt-kompetente-kommuner",
        "title": "Digitalt kompetente kommuner",
        "summary": (
            "KL's program for digitalt kompetente kommuner: sådan får medarbejderne "
            "mest ud af digitaliseringen."
        ),
        "description": (
            "Filmen fortæller om kompetenceprofiler og om, hvordan kommunerne "
            "bruger dem til at planlægge medarbejdernes digitale udvikling."
        ),
        "language": "da",
        "year": 2022,
        "municipality": "101",
        "uploader": "ambassador@dela.example",
        "source": "smptebars=size=320x180:rate=15",
        "tags": ["kompetenceprofiler"],
        "captions": {
            "da": _vtt(
                "Digitaliseringen ændrer den måde, vi arbejder på.",
                "Kompetenceprofilerne viser, hvad medarbejderne har brug for.",
                "Sammen gør vi kommunen digitalt kompetent.",
            ),
            "sv": _vtt(
                "Digitaliseringen förändrar hur vi arbetar.",
                "Kompetensprofilerna visar vad medarbetarna behöver.",
                "Tillsammans gör vi kommunen digitalt kompetent.",
            ),
            "nb": _vtt(
                "Digitaliseringen endrer måten vi jobber på.",
                "Kompetanseprofilene viser hva de ansatte trenger.",
                "Sammen gjør vi kommunen digitalt kompetent.",
            ),
        },
    },
]


# A Swedish story shows the film it tells about (a visitor's journey plays it).
FILMS_IN_STORIES = [
    (
        "surfplattan-i-hemtjansten",
        "digga-halland-sex-kommuner-lar-av-varandra",
        "Ett ombudsmöte i Halmstad, filmat inom Digga Halland.",
    ),
]


def load(stdout, style):
    """Write /videos/, its home section and the demo films."""
    index = _ensure_index(home_page())
    ensure_index_workflow(index)
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


def _make_film(ffmpeg, source, folder):
    path = os.path.join(folder, "film.mp4")
    subprocess.run(
        [
            ffmpeg,
            "-nostdin",
            "-v",
            "error",
            "-f",
            "lavfi",
            "-i",
            source,
            "-f",
            "lavfi",
            "-i",
            "sine=frequency=330:sample_rate=44100",
            "-t",
            "6",
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
        ],
        check=True,
        timeout=120,
    )
    return path


def _ensure_film(index, spec, ffmpeg):
    page = VideoPage.objects.child_of(index).filter(slug=spec["slug"]).first()
    if page is not None:
        return "unchanged"
    uploader = User.objects.filter(email__iexact=spec["uploader"]).first()
    with tempfile.TemporaryDirectory(prefix="dela-demo-") as folder:
        path = _make_film(ffmpeg, spec["source"], folder)
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
