"""Demo content of the competence app for `manage.py load_demo`: learning paths made
of the other apps' demo pages, competence profiles for six roles (as KL's generic
profiles), and self-assessments by the fictional demo people, so the result page,
the recommendations, progress over time and the programme view have something to
show.

Runs after the other apps (INSTALLED_APPS order). Pages and people are found by
slug, title and e-mail; what is missing (an app without demo) is skipped. Running it
again changes nothing: paths get a new revision only when their steps changed,
profiles are updated in place, and a person's assessments are made only once.
"""

import datetime
import json
from pathlib import Path

from django.apps import apps
from django.contrib.auth import get_user_model
from django.utils import timezone

from taxonomy.models import Competence, Sector, TargetGroup

from .models import (
    Assessment,
    LearningPathIndexPage,
    LearningPathPage,
    LearningPathStep,
    ProgrammeLead,
    RoleProfile,
    RoleTarget,
)
from .paths import follow, mark_step
from .services import finish, save_ratings

INDEX_SLUG = "paths"

# The paths (steps: a page type, the field it is found by and its value, what to do),
# the role profiles (names in sv, nb, da, en; target levels per DigComp code) and the
# demo people's self-assessments (a base level, the competences they rate lower), in
# demo_data/competence.json (edit them there).
DATA = json.loads(
    (Path(__file__).resolve().parent / "demo_data" / "competence.json").read_text(
        "utf-8"
    )
)
PATHS = DATA["paths"]
PROFILES = DATA["profiles"]
ASSESSMENTS = DATA["self_assessments"]


def load(stdout, style):
    from home.demo import ensure_home_section

    index = _ensure_index()
    ensure_home_section(**DATA["home_section"])
    made = [_ensure_path(index, spec) for spec in PATHS]
    made = [path for path in made if path is not None]
    for profile in PROFILES:
        _ensure_profile(profile)
    people = _ensure_assessments()
    # The demo member follows the first path and has done two steps.
    followed = DATA["path_followed"]
    member = get_user_model().objects.filter(email=followed["email"]).first()
    if member and made and not made[0].follows.filter(user=member).exists():
        follow(member, made[0])
        for step in made[0].ordered_steps()[: followed["steps_done"]]:
            mark_step(member, step)
    _ensure_programme_lead()
    proposed = _ensure_proposals(index)
    stdout.write(
        f"  {len(made)} learning paths, {len(PROFILES)} competence profiles, "
        f"{people} people with self-assessments, {proposed} proposed paths"
    )


def _ensure_proposals(index):
    """The demo ambassador's proposed paths, made as the site's form makes them
    (competence.proposals, the editors' review): one waiting for the editors, one
    sent back with a comment. Found again by title and author."""
    from taxonomy.review import ReviewAction, review_page

    from .proposals import PathInput, propose_path

    User = get_user_model()
    count = 0
    for spec in DATA["proposals"]:
        author = User.objects.filter(email=spec["author"]).first()
        if author is None:
            continue
        count += 1
        mine = LearningPathPage.objects.child_of(index).filter(owner=author)
        if mine.filter(title=spec["title"]).exists():
            continue
        steps = [
            (page.pk, step["note"])
            for step in spec["steps"]
            if (page := _find(step["page_type"], step["found_by"], step["value"]))
        ]
        path = propose_path(
            author,
            PathInput(
                title=spec["title"],
                summary=spec["summary"],
                language=spec["language"],
                steps=steps,
                intro=spec["intro"],
                duration=spec["duration"],
                competences=list(
                    Competence.objects.filter(code__in=spec["competences"])
                ),
            ),
            index,
        )
        sent_back = spec["sent_back"]
        editor = sent_back and User.objects.filter(email=sent_back["editor"]).first()
        if editor:
            review_page(
                path, editor, ReviewAction.REQUEST_CHANGES, comment=sent_back["comment"]
            )
    return count


def _ensure_programme_lead():
    """Karin Holm (Halmstad) leads Digga Halland's programme: signed in with the demo
    password, she sees the programme view for Hallands län and its municipalities."""
    from taxonomy.models import Region

    lead = DATA["programme_lead"]
    email, country, code = (
        lead["email"],
        lead["region"]["country"],
        lead["region"]["code"],
    )
    user = get_user_model().objects.filter(email=email).first()
    region = Region.objects.filter(country__code=country, official_code=code).first()
    if user is None or region is None:
        return
    # get_or_create, then save: the save keeps the Programme lead role in step even
    # when the people's demo has just set this person's roles anew.
    lead, _created = ProgrammeLead.objects.get_or_create(user=user, region=region)
    lead.save()


def _ensure_index():
    from home.demo import home_page

    index = LearningPathIndexPage.objects.first()
    if index is None:
        index = LearningPathIndexPage(
            slug=INDEX_SLUG, show_in_menus=True, **DATA["index"]
        )
        home_page().add_child(instance=index)
        index.save_revision().publish()
    return index


def _find(label, by, value):
    try:
        model = apps.get_model(label)
    except LookupError:
        return None
    return model.objects.live().filter(**{by: value}).first()


def _ensure_path(index, spec):
    targets = [
        (page, note)
        for page, note in (
            (_find(step["page_type"], step["found_by"], step["value"]), step["note"])
            for step in spec["steps"]
        )
        if page is not None
    ]
    if not targets:
        return None
    path = LearningPathPage.objects.child_of(index).filter(slug=spec["slug"]).first()
    wanted = [(page.pk, note) for page, note in targets]
    if path is not None:
        current = [(s.page_id, s.note) for s in path.steps.order_by("sort_order")]
        if current == wanted and path.live:
            return path
    else:
        path = LearningPathPage(slug=spec["slug"], live=False)
    path.title = spec["title"]
    path.language = spec["language"]
    path.summary = spec["summary"]
    path.intro = spec["intro"]
    path.duration = spec["duration"]
    path.sector = Sector.objects.filter(slug=spec["sector"]).first()
    path.competences = list(Competence.objects.filter(code__in=spec["competences"]))
    path.target_groups = list(
        TargetGroup.objects.filter(slug__in=spec["target_groups"])
    )
    path.steps = [LearningPathStep(page=page, note=note) for page, note in targets]
    if path.pk is None:
        index.add_child(instance=path)
    path.save_revision().publish()
    return LearningPathPage.objects.get(pk=path.pk)


def _ensure_profile(spec):
    names, targets = spec["names"], spec["targets"]
    profile, _created = RoleProfile.objects.get_or_create(
        slug=spec["slug"], defaults={"name_sv": names["sv"]}
    )
    for language, name in names.items():
        setattr(profile, f"name_{language}", name)
    profile.description = spec["description"]
    profile.target_group = TargetGroup.objects.filter(slug=spec["target_group"]).first()
    profile.save()
    by_code = {c.code: c for c in Competence.objects.filter(code__in=targets)}
    profile.targets.exclude(competence__code__in=targets).delete()
    for order, (code, level) in enumerate(sorted(targets.items())):
        RoleTarget.objects.update_or_create(
            profile=profile,
            competence=by_code[code],
            defaults={"level": level, "sort_order": order},
        )


def _assess(user, base, lower, when):
    competences = list(Competence.objects.all())
    save_ratings(
        user,
        {c: max(base - 2, 0) if c.code in lower else base for c in competences},
    )
    assessment = finish(user)
    Assessment.objects.filter(pk=assessment.pk).update(
        started_at=when, completed_at=when
    )


def _ensure_assessments():
    people = 0
    now = timezone.now()
    for person in ASSESSMENTS:
        user = get_user_model().objects.filter(email=person["email"]).first()
        if user is None:
            continue
        people += 1
        if Assessment.objects.filter(user=user).exists():
            continue
        # An earlier, lower self-assessment: the result page shows progress.
        if earlier := person.get("earlier"):
            _assess(
                user,
                earlier["level"],
                earlier["lower"],
                now - datetime.timedelta(days=120),
            )
        _assess(
            user, person["level"], person["lower"], now - datetime.timedelta(days=3)
        )
    return people
