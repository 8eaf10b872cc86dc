"""`manage.py generate_scale_data --scale N`: Dela at the size of a real Nordic network.

At `--scale 1` (full scale): 10,000 members (2,000 of them ambassadors) in 300
municipalities, 5,000 case stories, 20,000 catalogue entries, 500 videos (their own
rows and caption tracks, sharing the demo's media files), 20,000 threads with 200,000
posts, 50,000 reactions and 100,000 notifications, in Swedish, Norwegian, Danish and
English, with tags and facets drawn from skewed (Zipf-like) distributions as real
ones are. `--scale 0.01` makes 1% of each. Made for `make bench`
(benchmarks/bench_pages.py); never run it on a database with real members.

It runs on top of the demo content (`load_demo` first when there is no home page):
the demo's pages, categories and logins stay, and the generated rows are told apart
by a marker (e-mails at SCALE_DOMAIN, slugs starting with SCALE_PREFIX), so a second
run refuses and `--reset` removes them first. Everything is inserted in bulk with a
fixed seed: no save(), no signals, no queued tasks. Wagtail pages are inserted level by
level of their multi-table inheritance with paths computed as treebeard's add_child
does (Wagtail has no bulk page API yet: wagtail/wagtail#11480), and the search index
is then built in one pass by search.indexing.rebuild; PostgreSQL (and SQLite) get
ANALYZE afterwards so their planners know the new sizes.
"""

import random
import time
import uuid
from collections import Counter
from datetime import timedelta
from functools import lru_cache
from itertools import accumulate

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group as RoleGroup
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.db.models import Count, F, IntegerField, Max, OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from taggit.models import Tag
from wagtail.models import Locale, Page

from accounts.roles import GROUP_NAMES, Role
from catalogue.models import CatalogueEntryPage, CatalogueIndexPage
from dela.text import nordic_slug
from media.models import (
    CaptionTrack,
    ProcessingStatus,
    Video,
    VideoIndexPage,
    VideoPage,
)
from network import rendering
from network.models import (
    Category,
    Notification,
    Post,
    Profile,
    Reaction,
    TaggedExpertise,
    TaggedThread,
    Thread,
)
from stories.models import CaseStoryPage, StoryIndexPage
from taxonomy.models import (
    ClassifiedPage,
    Competence,
    Country,
    Municipality,
    Region,
    Sector,
    TaggedClassifiedPage,
    TargetGroup,
)

SCALE_DOMAIN = "scale.dela.example"
SCALE_PREFIX = "scale-"
SEED = 19
BATCH = 2000

# What --scale 1 makes. Members include the ambassadors; posts include each thread's
# opening post.
FULL_SCALE = {
    "municipalities": 300,
    "members": 10_000,
    "ambassadors": 2_000,
    "stories": 5_000,
    "entries": 20_000,
    "videos": 500,
    "threads": 20_000,
    "posts": 200_000,
    "reactions": 50_000,
    "notifications": 100_000,
}

# Content languages as a Nordic network writes them: mostly Swedish, then Norwegian
# and Danish, some English.
LANGUAGES = ["sv", "nb", "da", "en"]
LANGUAGE_WEIGHTS = [45, 25, 20, 10]
COUNTRY_OF = {"sv": "SE", "nb": "NO", "da": "DK", "en": "SE"}

# Topic words per language: titles, tags and text are drawn from these, so search
# has real words in each language to find.
TOPICS = {
    "sv": (
        "välfärdsteknik hemtjänsten digitaliseringsombud surfplattor biblioteket "
        "äldreomsorg kompetensutveckling e-tjänster skärmbesök invånare strategi "
        "medarbetare förskolan skolan samverkan utbildning digital-inkludering "
        "trygghetslarm läsplattor robotar chatbot informationssäkerhet dataskydd "
        "öppna-data arkivering e-legitimation digitala-möten kommunikation"
    ).split(),
    "nb": (
        "velferdsteknologi hjemmetjenesten digitale-ambassadører nettbrett biblioteket "
        "eldreomsorg kompetanseheving e-tjenester skjermbesøk innbyggere strategi "
        "ansatte barnehagen skolen samarbeid opplæring digital-inkludering "
        "trygghetsalarm roboter chatbot informasjonssikkerhet personvern åpne-data "
        "arkiv bankid digitale-møter kommunikasjon"
    ).split(),
    "da": (
        "velfærdsteknologi hjemmeplejen digitale-ambassadører tablets biblioteket "
        "ældreomsorg kompetenceudvikling selvbetjening skærmbesøg borgere strategi "
        "medarbejdere daginstitutioner folkeskolen samarbejde uddannelse "
        "digital-inklusion nødkald robotter chatbot informationssikkerhed "
        "databeskyttelse åbne-data arkivering mitid digitale-møder kommunikation"
    ).split(),
    "en": (
        "welfare-technology home-care digital-ambassadors tablets library elderly-care "
        "skills e-services video-visits citizens strategy staff preschool school "
        "collaboration training digital-inclusion safety-alarms robots chatbot "
        "information-security data-protection open-data archiving e-id "
        "online-meetings communication"
    ).split(),
}
FILLER = {
    "sv": "vi har under året testat hur kommunen kan arbeta med detta och resultatet "
    "blev bättre än väntat när alla fick prova själva i vardagen".split(),
    "nb": "vi har i år prøvd hvordan kommunen kan jobbe med dette og resultatet ble "
    "bedre enn ventet da alle fikk prøve selv i hverdagen".split(),
    "da": "vi har i år afprøvet hvordan kommunen kan arbejde med dette og resultatet "
    "blev bedre end ventet da alle fik lov at prøve selv i hverdagen".split(),
    "en": "this year we tried out how the municipality could work with this and "
    "the result was better than expected once everyone tried it at work".split(),
}
FIRST_NAMES = (
    "Anna Erik Maria Lars Karin Nils Eva Per Ingrid Ole Kari Jens Mette Søren Lene "
    "Hanne Bjørn Sigrid Astrid Mikkel Frida Johan Lina Elias Maja Oskar Nora Emil"
).split()
LAST_NAMES = (
    "Andersson Johansson Karlsson Nilsson Hansen Olsen Jensen Nielsen Pedersen "
    "Larsen Berg Lund Dahl Holm Strand Lindqvist Bakke Haugen Madsen Sørensen"
).split()
TITLES = {
    "story": "{topic}: så gjorde {place}",
    "entry": "{topic} i {place}",
    "video": "Film: {topic} i {place}",
    "thread": "Hur gör ni med {topic}?",
}


def counts_for(scale):
    """How many of each kind `scale` (0 < scale <= 1) makes: FULL_SCALE times the
    scale, at least one of each; posts at least one per thread."""
    counts = {name: max(1, round(full * scale)) for name, full in FULL_SCALE.items()}
    counts["ambassadors"] = min(counts["ambassadors"], counts["members"])
    counts["posts"] = max(counts["posts"], counts["threads"])
    return counts


def parse_scale(value):
    """The --scale argument: a fraction above 0 and at most 1."""
    try:
        scale = float(value)
    except (TypeError, ValueError):
        scale = None
    if scale is None or not (0 < scale <= 1):
        raise CommandError(
            _(
                "--scale must be a number above 0 and at most 1 (1 is full scale, "
                "0.01 is 1%%), not “%(value)s”."
            )
            % {"value": value}
        )
    return scale


def zipf_weights(n, exponent=1.0):
    """Weights 1/rank^exponent: a few values common, most rare (tags, places)."""
    return [1.0 / (rank**exponent) for rank in range(1, n + 1)]


def generated_users():
    return get_user_model().objects.filter(email__endswith=f"@{SCALE_DOMAIN}")


def generated_pages():
    return Page.objects.filter(slug__startswith=SCALE_PREFIX, depth__gte=4)


class Command(BaseCommand):
    help = (
        "Generate Dela's scale data for benchmarks (--scale 1: 10,000 members, "
        "25,500 pages, 200,000 posts; --scale 0.01: 1%% of each) on top of the demo "
        "content, in bulk, then build the search index. Refuses when scale data "
        "exists; --reset removes it first. For benchmark databases only."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", required=True, help="0 < N <= 1 (1 = full)")
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Remove scale data made by an earlier run first.",
        )
        parser.add_argument(
            "--skip-search",
            action="store_true",
            help="Do not rebuild the search index afterwards.",
        )

    def handle(self, *args, **options):
        scale = parse_scale(options["scale"])
        self.started = time.monotonic()
        self.rng = random.Random(SEED)
        self.now = timezone.now()
        counts = counts_for(scale)
        if not Page.objects.filter(depth=2).exists() or not (
            StoryIndexPage.objects.exists()
        ):
            self.stage("no demo content yet: running load_demo")
            call_command("load_demo", stdout=_Quiet(), stderr=self.stderr)
        if generated_users().exists() or generated_pages().exists():
            if not options["reset"]:
                raise CommandError(
                    _(
                        "This database already has scale data. Run again with "
                        "--reset to replace it."
                    )
                )
            self.reset()
        with transaction.atomic():
            self.generate(counts)
        if not options["skip_search"]:
            self.build_search()
        self.analyze()
        self.stage(
            "done: " + ", ".join(f"{count} {name}" for name, count in counts.items())
        )

    # --- helpers ---

    def stage(self, message):
        elapsed = time.monotonic() - self.started
        self.stdout.write(f"[{elapsed:6.1f} s] {message}")
        self.stdout.flush()

    def pick(self, values, weights=None, k=1):
        return self.rng.choices(values, weights=weights, k=k)

    def sample_distinct(self, values, weights, k):
        """`k` distinct values drawn by weight."""
        chosen = []
        for value in self.rng.choices(values, weights=weights, k=k * 3):
            if value not in chosen:
                chosen.append(value)
            if len(chosen) == k:
                break
        return chosen

    def sentence(self, language, topics, words=14):
        filler = FILLER[language]
        chosen = [self.rng.choice(filler) for _ in range(words)]
        for topic in topics:
            chosen.insert(self.rng.randrange(len(chosen) + 1), topic.replace("-", " "))
        text = " ".join(chosen)
        return text[0].upper() + text[1:] + "."

    def when(self, days_back=3 * 365):
        return self.now - timedelta(seconds=self.rng.randrange(days_back * 86400))

    # --- removing an earlier run ---

    def reset(self):
        """Remove what an earlier run made (its members, their threads and posts,
        its pages and municipalities); the demo content stays."""
        self.stage("removing the earlier scale data")
        with transaction.atomic():
            users = generated_users()
            Thread.objects.filter(author__in=users).delete()
            # treebeard's delete keeps the index pages' numchild right.
            page_ids = list(generated_pages().values_list("pk", flat=True))
            for start in range(0, len(page_ids), BATCH):
                Page.objects.filter(pk__in=page_ids[start : start + BATCH]).delete()
            Video.objects.filter(title__startswith=SCALE_PREFIX).delete()
            users.delete()
            Municipality.objects.filter(slug__startswith=SCALE_PREFIX).delete()
            Tag.objects.filter(slug__startswith=SCALE_PREFIX).delete()
        self.stage("removed")

    # --- making it ---

    def generate(self, counts):
        self.languages = LANGUAGES
        self.tags = self.make_tags()
        self.municipalities = self.make_municipalities(counts["municipalities"])
        self.sectors = list(Sector.objects.all())
        self.target_groups = list(TargetGroup.objects.all())
        self.competences = list(Competence.objects.all())
        self.members, self.ambassadors = self.make_members(
            counts["members"], counts["ambassadors"]
        )
        self.make_pages(CaseStoryPage, StoryIndexPage, "story", counts["stories"])
        self.make_pages(
            CatalogueEntryPage, CatalogueIndexPage, "entry", counts["entries"]
        )
        self.videos = self.make_videos(counts["videos"])
        self.make_pages(VideoPage, VideoIndexPage, "video", counts["videos"])
        threads = self.make_threads(counts["threads"])
        posts = self.make_posts(threads, counts["posts"])
        self.make_reactions(posts, counts["reactions"])
        self.make_notifications(posts, counts["notifications"])
        # The counters' statements join tables that were empty when the planner last
        # looked: without fresh statistics PostgreSQL plans nested loops over what it
        # takes for a handful of rows (minutes at full scale). ANALYZE counts this
        # transaction's own inserted rows.
        self.analyze()
        self.update_counters()

    def make_tags(self):
        """Per language, its topic words as tags (slugs marked as ours)."""
        wanted = {}
        for language, words in TOPICS.items():
            for word in words:
                name = word.replace("-", " ")
                wanted[f"{SCALE_PREFIX}{language}-{nordic_slug(word)}"] = name
        existing = set(
            Tag.objects.filter(slug__in=wanted).values_list("slug", flat=True)
        )
        Tag.objects.bulk_create(
            [
                Tag(name=f"{name} ({slug.split('-')[1]})", slug=slug)
                for slug, name in wanted.items()
                if slug not in existing
            ],
            batch_size=BATCH,
        )
        by_slug = {tag.slug: tag for tag in Tag.objects.filter(slug__in=wanted)}
        tags = {}
        for language, words in TOPICS.items():
            tags[language] = [
                by_slug[f"{SCALE_PREFIX}{language}-{nordic_slug(word)}"]
                for word in words
            ]
        return tags

    def make_municipalities(self, count):
        """The demo's municipalities and, up to `count`, generated ones in the
        demo's regions (no official code: like a municipality an import made)."""
        existing = list(Municipality.objects.exclude(slug__startswith=SCALE_PREFIX))
        regions = list(Region.objects.select_related("country"))
        new = []
        for number in range(max(0, count - len(existing))):
            region = regions[number % len(regions)]
            new.append(
                Municipality(
                    name=f"Skalby {number + 1} ({region.country.code})",
                    slug=f"{SCALE_PREFIX}kommun-{number + 1}",
                    country_id=region.country_id,
                    region=region,
                )
            )
        Municipality.objects.bulk_create(new, batch_size=BATCH)
        everything = list(
            Municipality.objects.select_related("country").order_by("pk")
        )[: max(count, 1)]
        self.country_ids = dict(Country.objects.values_list("code", "pk"))
        self.stage(f"municipalities: {len(everything)} ({len(new)} generated)")
        return everything

    def make_members(self, count, ambassadors):
        User = get_user_model()
        password = make_password("scale-data-only")  # one hash: hashing is slow
        users = []
        weights = list(accumulate(zipf_weights(len(self.municipalities), 0.8)))
        for number in range(count):
            first, last = self.rng.choice(FIRST_NAMES), self.rng.choice(LAST_NAMES)
            municipality = self.rng.choices(self.municipalities, cum_weights=weights)[0]
            users.append(
                User(
                    username=f"{SCALE_PREFIX}{number}",
                    email=f"member{number}@{SCALE_DOMAIN}",
                    first_name=first,
                    last_name=last,
                    password=password,
                    municipality=municipality,
                    language=self.pick(["sv", "nb", "da", "en"], LANGUAGE_WEIGHTS)[0],
                    date_joined=self.when(),
                )
            )
        User.objects.bulk_create(users, batch_size=BATCH)
        users = list(generated_users().order_by("pk"))
        chosen = users[:ambassadors]
        group = RoleGroup.objects.get(name=GROUP_NAMES[Role.AMBASSADOR])
        Through = User.groups.through
        Through.objects.bulk_create(
            [Through(user_id=user.pk, group_id=group.pk) for user in chosen],
            batch_size=BATCH,
        )
        profiles = []
        for user in users:
            profile = Profile(
                user_id=user.pk,
                handle=f"{SCALE_PREFIX}{user.username[len(SCALE_PREFIX) :]}",
                title=self.rng.choice(
                    [
                        "Digitaliseringsombud",
                        "Bibliotekarie",
                        "Enhetschef",
                        "IT-strateg",
                        "",
                    ]
                ),
                sector=self.rng.choice(self.sectors),
                visibility=self.pick(["public", "members"], [30, 70])[0],
                bio=self.sentence(user.language, []),
            )
            profile.set_languages([user.language])
            profiles.append(profile)
        Profile.objects.bulk_create(profiles, batch_size=BATCH)
        profile_ids = dict(
            Profile.objects.filter(user__in=chosen).values_list("user_id", "pk")
        )
        expertise, competences = [], []
        Competences = Profile.competences.through
        for user in chosen:
            tags = self.tags[user.language]
            for tag in self.sample_distinct(tags, zipf_weights(len(tags)), 2):
                expertise.append(
                    TaggedExpertise(content_object_id=profile_ids[user.pk], tag=tag)
                )
            for competence in self.rng.sample(self.competences, 2):
                competences.append(
                    Competences(
                        profile_id=profile_ids[user.pk], competence_id=competence.pk
                    )
                )
        TaggedExpertise.objects.bulk_create(expertise, batch_size=BATCH)
        Competences.objects.bulk_create(competences, batch_size=BATCH)
        self.stage(f"members: {len(users)} ({len(chosen)} ambassadors)")
        return users, chosen

    def make_videos(self, count):
        """Library rows sharing the demo films' files and captions (their own
        caption rows, so each video page passes the captions rule)."""
        demo = list(
            Video.objects.exclude(title__startswith=SCALE_PREFIX)
            .filter(status=ProcessingStatus.READY)
            .prefetch_related("caption_tracks")
        )
        if not demo:
            raise CommandError(
                _("The demo has no processed video to share files with.")
            )
        videos = []
        for number in range(count):
            source = demo[number % len(demo)]
            videos.append(
                Video(
                    title=f"{SCALE_PREFIX}video-{number}",
                    file=source.file.name,
                    thumbnail=source.thumbnail.name,
                    type=source.type,
                    duration=self.rng.choice([45.0, 120.0, 300.0, 900.0, 1800.0]),
                    width=source.width,
                    height=source.height,
                    status=ProcessingStatus.READY,
                    video_codec=source.video_codec,
                    audio_codec=source.audio_codec,
                    container=source.container,
                    processed_at=self.now,
                    collection_id=source.collection_id,
                )
            )
        Video.objects.bulk_create(videos, batch_size=BATCH)
        videos = list(
            Video.objects.filter(title__startswith=SCALE_PREFIX).order_by("pk")
        )
        tracks = []
        for number, video in enumerate(videos):
            source_tracks = list(demo[number % len(demo)].caption_tracks.all())
            languages = {track.language for track in source_tracks}
            for track in source_tracks:
                tracks.append(
                    CaptionTrack(
                        video_id=video.pk,
                        language=track.language,
                        kind=track.kind,
                        file=track.file.name,
                        cues=track.cues,
                    )
                )
            if "en" not in languages and source_tracks:  # English pages need theirs
                track = source_tracks[0]
                tracks.append(
                    CaptionTrack(
                        video_id=video.pk,
                        language="en",
                        kind=track.kind,
                        file=track.file.name,
                        cues=track.cues,
                    )
                )
        CaptionTrack.objects.bulk_create(tracks, batch_size=BATCH)
        self.stage(f"videos: {len(videos)} with {len(tracks)} caption tracks")
        return videos

    def make_pages(self, model, index_model, kind, count):
        """`count` published pages of `model` under the index page, in bulk."""
        parent = index_model.objects.first()
        if parent is None:
            raise CommandError(
                _("No %(page)s: load the demo content first (manage.py load_demo).")
                % {"page": index_model._meta.verbose_name}
            )
        last = Page.objects.filter(
            path__startswith=parent.path, depth=parent.depth + 1
        ).aggregate(last=Max("path"))["last"]
        first_step = Page._str2int(last[-Page.steplen :]) + 1 if last else 1
        content_type = ContentType.objects.get_for_model(model)
        locale = Locale.get_default()
        owner_pool = self.ambassadors or self.members
        place_weights = list(accumulate(zipf_weights(len(self.municipalities), 0.8)))
        pages = []
        for number in range(count):
            language = self.pick(LANGUAGES, LANGUAGE_WEIGHTS)[0]
            tags = self.tags[language]
            topics = self.sample_distinct(tags, zipf_weights(len(tags)), 3)
            municipality = self.rng.choices(
                self.municipalities, cum_weights=place_weights
            )[0]
            title = TITLES[kind].format(
                topic=topics[0].name.split(" (")[0].capitalize(),
                place=municipality.name,
            )
            slug = f"{SCALE_PREFIX}{kind}-{number}"
            published = self.when()
            fields = {
                "title": f"{title} #{number}",
                "draft_title": f"{title} #{number}",
                "slug": slug,
                "path": Page._get_path(
                    parent.path, parent.depth + 1, first_step + number
                ),
                "depth": parent.depth + 1,
                "numchild": 0,
                "url_path": f"{parent.url_path}{slug}/",
                "content_type": content_type,
                "locale": locale,
                "translation_key": uuid.uuid4(),
                "live": True,
                "has_unpublished_changes": False,
                "first_published_at": published,
                "last_published_at": published,
                "latest_revision_created_at": published,
                "owner": self.rng.choice(owner_pool),
                "summary": self.sentence(language, [t.name for t in topics[:2]], 20),
                "language": language,
                "year": published.year,
                "sector": self.rng.choice(self.sectors),
                "featured": self.rng.random() < 0.01,
                "verified": self.rng.random() < 0.2,
            }
            fields.update(self.page_body(kind, language, topics, number))
            page = model(**fields)
            page._scale = (municipality, topics)
            pages.append(page)
        self.insert_pages(model, pages)
        Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + count)
        self.classify(pages)
        self.stage(f"{kind} pages: {count}")

    def page_body(self, kind, language, topics, number):
        words = [t.name for t in topics]
        paragraphs = [
            {
                "type": "paragraph",
                "value": f"<p>{self.sentence(language, words[i : i + 2], 40)}</p>",
                "id": str(uuid.uuid4()),
            }
            for i in range(3)
        ]
        if kind == "story":
            return {
                "body": paragraphs,
                "results": f"<p>{self.sentence(language, words[:1], 20)}</p>",
                "lessons_learned": f"<p>{self.sentence(language, words[1:2], 20)}</p>",
                "publishing_consent": True,
            }
        if kind == "entry":
            return {
                "who": self.sentence(language, [], 10),
                "how": paragraphs[:2],
                "results": self.sentence(language, words[:1], 20),
                "effort": self.rng.choice(["low", "medium", "high", ""]),
                "contact_ambassador": self.rng.choice(self.ambassadors)
                if self.ambassadors
                else None,
            }
        return {
            "video": self.videos[number % len(self.videos)],
            "description": self.sentence(language, words, 40),
        }

    def insert_pages(self, model, pages):
        """Insert `pages` table by table of their inheritance chain (Page, then each
        concrete subclass), as Model.save_parents would one page at a time: Django's
        bulk_create refuses multi-table inherited models."""
        chain = [
            parent
            for parent in reversed(model._meta.get_parent_list())
            if not parent._meta.abstract and not parent._meta.proxy
        ]
        for start in range(0, len(pages), BATCH):
            batch = pages[start : start + BATCH]
            rows = [
                Page(
                    **{
                        field.attname: getattr(page, field.attname)
                        for field in Page._meta.local_concrete_fields
                        if not field.primary_key
                    }
                )
                for page in batch
            ]
            Page.objects.bulk_create(rows)
            for page, row in zip(batch, rows, strict=True):
                page.pk = page.id = row.pk
            for level in [*chain[1:], model]:
                ptr = level._meta.pk
                for page in batch:
                    setattr(page, ptr.attname, page.pk)
                level._base_manager._insert(
                    batch, fields=level._meta.local_concrete_fields, using="default"
                )

    def classify(self, pages):
        """Municipalities, target groups, competences and tags of the pages."""
        municipalities = ClassifiedPage.municipalities.through
        target_groups = ClassifiedPage.target_groups.through
        competences = ClassifiedPage.competences.through
        rows = {municipalities: [], target_groups: [], competences: []}
        tagged = []
        group_weights = zipf_weights(len(self.target_groups), 0.7)
        competence_weights = zipf_weights(len(self.competences), 0.7)
        for page in pages:
            municipality, topics = page._scale
            rows[municipalities].append(
                municipalities(
                    classifiedpage_id=page.pk, municipality_id=municipality.pk
                )
            )
            for group in self.sample_distinct(
                self.target_groups, group_weights, self.rng.randint(1, 2)
            ):
                rows[target_groups].append(
                    target_groups(classifiedpage_id=page.pk, targetgroup_id=group.pk)
                )
            for competence in self.sample_distinct(
                self.competences, competence_weights, self.rng.randint(1, 3)
            ):
                rows[competences].append(
                    competences(classifiedpage_id=page.pk, competence_id=competence.pk)
                )
            for tag in topics:
                tagged.append(TaggedClassifiedPage(content_object_id=page.pk, tag=tag))
        for through, objects in rows.items():
            through.objects.bulk_create(objects, batch_size=BATCH)
        TaggedClassifiedPage.objects.bulk_create(tagged, batch_size=BATCH)

    def make_threads(self, count):
        """Threads in the demo's categories (most in the public ones)."""
        categories = list(Category.objects.order_by("position", "pk"))
        weights = [4 if c.visibility == "public" else 1 for c in categories]
        threads = []
        for number in range(count):
            language = self.pick(LANGUAGES, LANGUAGE_WEIGHTS)[0]
            tags = self.tags[language]
            topics = self.sample_distinct(tags, zipf_weights(len(tags)), 2)
            title = (
                TITLES["thread"].format(topic=topics[0].name.split(" (")[0])
                + f" #{number}"
            )
            created = self.when()
            thread = Thread(
                title=title,
                slug=nordic_slug(title, fallback="thread"),
                category=self.pick(categories, weights)[0],
                author=self.rng.choice(self.members),
                language=language,
                created_on=created,
                last_post_on=created,
            )
            thread._topics = topics
            threads.append(thread)
        Thread.objects.bulk_create(threads, batch_size=BATCH)
        TaggedThread.objects.bulk_create(
            [
                TaggedThread(content_object_id=thread.pk, tag=tag)
                for thread in threads
                for tag in thread._topics
            ],
            batch_size=BATCH,
        )
        self.stage(f"threads: {count}")
        return threads

    @staticmethod
    @lru_cache(maxsize=4096)
    def _html(body):
        return rendering.render(body)

    def make_posts(self, threads, count):
        """`count` posts: each thread's opening post, the rest spread with a long
        tail (most threads short, a few long); the first thread gets at least 50
        (the benchmark's long thread)."""
        replies = count - len(threads)
        long_thread = 49 if replies >= 49 else 0
        weights = zipf_weights(len(threads), 0.6)
        per_thread = Counter(
            self.rng.choices(range(len(threads)), weights, k=replies - long_thread)
        )
        per_thread[0] += long_thread
        bodies = {
            language: [
                self.sentence(language, [t.name for t in self.rng.sample(tags, 2)], 25)
                for _number in range(200)
            ]
            for language, tags in self.tags.items()
        }
        posts = []
        for index, thread in enumerate(threads):
            n = 1 + per_thread.get(index, 0)
            at = thread.created_on
            author = thread.author
            for position in range(1, n + 1):
                if position > 1:
                    author = self.rng.choice(self.members)
                    at = at + timedelta(minutes=self.rng.randint(5, 3 * 24 * 60))
                body = self.rng.choice(bodies[thread.language])
                posts.append(
                    Post(
                        thread_id=thread.pk,
                        author_id=author.pk,
                        position=position,
                        body=body,
                        html=self._html(body),
                        created_on=min(at, self.now),
                    )
                )
            thread.posts_count = n
            thread.last_post_on = min(at, self.now)
            thread.last_poster_id = author.pk
            if len(posts) >= BATCH * 5:
                Post.objects.bulk_create(posts, batch_size=BATCH)
                posts = []
        Post.objects.bulk_create(posts, batch_size=BATCH)
        # Counters only: the indexed bulk update would queue a re-index of every
        # thread (the index is built afterwards anyway).
        Thread.objects.bulk_update_counters(
            threads, ["posts_count", "last_post_on", "last_poster"], batch_size=BATCH
        )
        post_ids = list(
            Post.objects.filter(
                thread__author__email__endswith=f"@{SCALE_DOMAIN}"
            ).values_list("pk", "author_id", "thread_id")
        )
        self.stage(f"posts: {len(post_ids)}")
        return post_ids

    def make_reactions(self, posts, count):
        kinds = [Reaction.Kind.LIKE, Reaction.Kind.THANKS, Reaction.Kind.HELPFUL]
        seen = set()
        reactions = []
        # One draw of candidates by cumulative weight: choices() with plain weights
        # sums all 200,000 of them again on every call.
        cumulative = list(accumulate(zipf_weights(len(posts), 0.5)))
        candidates = self.rng.choices(posts, cum_weights=cumulative, k=count * 3)
        for post_id, author_id, _thread in candidates:
            if len(reactions) == count:
                break
            user = self.rng.choice(self.members)
            kind = self.pick(kinds, [6, 3, 1])[0]
            key = (post_id, user.pk, kind)
            if user.pk == author_id or key in seen:
                continue
            seen.add(key)
            reactions.append(
                Reaction(
                    post_id=post_id,
                    user_id=user.pk,
                    kind=kind,
                    created_on=self.when(365),
                )
            )
        Reaction.objects.bulk_create(reactions, batch_size=BATCH)
        self.stage(f"reactions: {len(reactions)}")

    def make_notifications(self, posts, count):
        """Replies, mentions and reactions for the members; the demo's logins get
        a share too, so their notification page has a realistic list."""
        demo = list(
            get_user_model()
            .objects.filter(email__endswith="@dela.example")
            .exclude(email__endswith=f"@{SCALE_DOMAIN}")
        )
        recipients = self.members + demo * max(1, len(self.members) // 200)
        kinds = [
            Notification.Kind.REPLY,
            Notification.Kind.MENTION,
            Notification.Kind.REACTION,
        ]
        notifications = []
        for _number in range(count):
            post_id, author_id, thread_id = self.rng.choice(posts)
            created = self.when(365)
            notifications.append(
                Notification(
                    recipient=self.rng.choice(recipients),
                    kind=self.pick(kinds, [6, 1, 3])[0],
                    actor_id=author_id,
                    thread_id=thread_id,
                    post_id=post_id,
                    created_on=created,
                    read_on=created if self.rng.random() < 0.7 else None,
                )
            )
        Notification.objects.bulk_create(notifications, batch_size=BATCH)
        self.stage(f"notifications: {count}")

    def update_counters(self):
        """The counters list pages read from rows (machina-style), recounted in a
        few statements."""

        def counted(model, field, **filters):
            return Coalesce(
                Subquery(
                    model.objects.filter(**{field: OuterRef("pk")}, **filters)
                    .order_by()
                    .values(field)
                    .annotate(n=Count("pk"))
                    .values("n"),
                    output_field=IntegerField(),
                ),
                0,
            )

        for kind, field in (
            ("like", "likes_count"),
            ("thanks", "thanks_count"),
            ("helpful", "helpful_count"),
        ):
            Post.objects.filter(
                pk__in=Reaction.objects.filter(kind=kind).values("post")
            ).update_counters(**{field: counted(Reaction, "post", kind=kind)})
        Profile.objects.filter(
            user__email__endswith=f"@{SCALE_DOMAIN}"
        ).update_counters(
            threads_count=counted(
                Thread,
                "author",
            ),
        )
        Profile.objects.filter(
            user__email__endswith=f"@{SCALE_DOMAIN}"
        ).update_counters(
            posts_count=Coalesce(
                Subquery(
                    Post.objects.filter(author=OuterRef("user_id"))
                    .order_by()
                    .values("author")
                    .annotate(n=Count("pk"))
                    .values("n"),
                    output_field=IntegerField(),
                ),
                0,
            )
        )
        # Every category's totals in one grouped query (a handful of rows to write).
        totals = {
            row["category"]: row
            for row in Thread.objects.filter(category__isnull=False)
            .order_by()
            .values("category")
            .annotate(
                threads=Count("pk"),
                posts=Coalesce(Sum("posts_count"), 0),
                last=Max("last_post_on"),
            )
        }
        categories = list(Category.objects.all())
        for category in categories:
            row = totals.get(category.pk, {})
            category.threads_count = row.get("threads", 0)
            category.posts_count = row.get("posts", 0)
            category.last_post_on = row.get("last")
        Category.objects.bulk_update_counters(
            categories,
            ["threads_count", "posts_count", "last_post_on"],
            batch_size=BATCH,
        )
        self.stage("counters updated")

    # --- afterwards ---

    def build_search(self):
        from search import indexing

        total = indexing.count_objects()
        shown = {"next": 0}

        def progress(done):
            if done >= shown["next"]:
                self.stage(f"search index: {done}/{total} documents")
                shown["next"] = done + max(total // 10, 1)

        count = indexing.rebuild(progress=progress)
        self.stage(f"search index: {count} documents")

    def analyze(self):
        """Fresh planner statistics after a bulk load: PostgreSQL's autovacuum gets
        to it only later, and SQLite never does on its own."""
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        self.stage(f"ANALYZE ({connection.vendor})")


class _Quiet:
    """Swallows load_demo's listing (the stage line says it ran)."""

    def write(self, *args, **kwargs):
        pass

    def flush(self):
        pass
