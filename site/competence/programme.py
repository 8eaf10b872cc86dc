"""The programme view's figures: members and ambassadors over time, assessments,
average level per DigComp area, paths followed and completed, stories and events,
for all of Dela or one region or municipality.

Only aggregates over at least MIN_PEOPLE people are shown: a figure about fewer
people is `Suppressed`, so nobody's own assessment can be read off a small group.
"""

import datetime
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db.models import Avg, Count, OuterRef, Subquery
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.roles import in_directory_q
from taxonomy.models import ClassifiedPage, CompetenceArea

from .models import Assessment, PathFollow, Rating

MIN_PEOPLE = 5
MONTHS = 12


class Suppressed:
    """A figure about fewer than MIN_PEOPLE people: shown as "fewer than 5"."""

    def __str__(self):
        return str(_("fewer than %(n)s") % {"n": MIN_PEOPLE})

    def __eq__(self, other):
        return isinstance(other, Suppressed)

    def __hash__(self):
        return 0


SUPPRESSED = Suppressed()


def shown(count, value=None):
    """`value` (default: the count itself) when it is about at least MIN_PEOPLE
    people, else SUPPRESSED. Zero people is no one's data: 0 is shown."""
    if count == 0:
        return 0 if value is None else None
    if count < MIN_PEOPLE:
        return SUPPRESSED
    return count if value is None else value


@dataclass
class Scope:
    """Everyone, or the people and pages of a region or a municipality."""

    region: object = None
    municipality: object = None

    @property
    def name(self):
        if self.municipality:
            return self.municipality.name
        if self.region:
            return self.region.name
        return str(_("All of Dela"))

    def people(self):
        users = get_user_model().objects.filter(is_active=True)
        if self.municipality:
            return users.filter(municipality=self.municipality)
        if self.region:
            return users.filter(municipality__region=self.region)
        return users


def _latest_completed(people):
    """Each person's latest completed assessment."""
    latest = (
        Assessment.objects.filter(user=OuterRef("user"), completed_at__isnull=False)
        .order_by("-completed_at", "-pk")
        .values("pk")[:1]
    )
    return Assessment.objects.filter(
        user__in=people.values("pk"), completed_at__isnull=False
    ).filter(pk=Subquery(latest))


def _month_starts(now, months=MONTHS):
    first = now.date().replace(day=1)
    starts = []
    for _n in range(months):
        starts.append(first)
        first = (first - datetime.timedelta(days=1)).replace(day=1)
    return list(reversed(starts))


def _per_month(queryset, field, since):
    rows = (
        queryset.filter(**{f"{field}__gte": since})
        .annotate(month=TruncMonth(field))
        .values("month")
        .annotate(n=Count("pk", distinct=True))
    )
    return {
        (row["month"].date() if hasattr(row["month"], "date") else row["month"]): row[
            "n"
        ]
        for row in rows
    }


def area_picture(people):
    """The average level per DigComp area over each person's latest completed
    assessment among `people`, each figure only when it is about at least
    MIN_PEOPLE people (the programme view's and a municipality page's picture).
    Two queries, whatever the number of people."""
    latest = _latest_completed(people)
    area_rows = {
        row["competence__area__code"]: row
        for row in Rating.objects.filter(assessment__in=latest.values("pk"))
        .values("competence__area__code")
        .annotate(average=Avg("level"), people=Count("assessment__user", distinct=True))
    }
    areas = []
    for number, area in enumerate(CompetenceArea.objects.order_by("code")):
        row = area_rows.get(area.code)
        count = row["people"] if row else 0
        average = shown(count, round(row["average"], 1) if row else None)
        numeric = isinstance(average, int | float)
        areas.append(
            {
                "area": area,
                "people": shown(count),
                "average": average,
                # The chart's bar (SVG units: 60 per level), only for shown figures.
                "bar": round(average * 60) if numeric else None,
                "y": number * 28,
                "text_y": number * 28 + 16,
            }
        )

    return areas


def figures(scope, now=None):
    """Every figure of the programme view for `scope`, small groups suppressed."""
    now = now or timezone.now()
    people = scope.people()
    members = people.count()
    ambassadors = people.filter(in_directory_q()).count()
    assessed_people = (
        Assessment.objects.filter(user__in=people.values("pk"))
        .completed()
        .values("user")
        .distinct()
        .count()
    )
    assessments = (
        Assessment.objects.filter(user__in=people.values("pk")).completed().count()
    )
    follows = PathFollow.objects.filter(user__in=people.values("pk"))
    following = follows.values("user").distinct().count()
    completing = (
        follows.filter(completed_at__isnull=False).values("user").distinct().count()
    )
    paths_completed = follows.filter(completed_at__isnull=False).count()

    areas = area_picture(people)

    # Over time: per month, new members and assessments completed.
    months = _month_starts(now)
    since = datetime.datetime.combine(months[0], datetime.time(), tzinfo=datetime.UTC)
    joined = _per_month(people, "date_joined", since)
    assessed = _per_month(
        Assessment.objects.filter(user__in=people.values("pk")).completed(),
        "completed_at",
        since,
    )
    assessed_people_month = {
        row["month"].date() if hasattr(row["month"], "date") else row["month"]: row["n"]
        for row in Assessment.objects.filter(
            user__in=people.values("pk"), completed_at__gte=since
        )
        .annotate(month=TruncMonth("completed_at"))
        .values("month")
        .annotate(n=Count("user", distinct=True))
    }
    timeline = [
        (
            month,
            shown(joined.get(month, 0)),
            shown(assessed_people_month.get(month, 0), assessed.get(month, 0)),
        )
        for month in months
    ]

    # Content: stories and other catalogue pages, and events, by the place.
    pages = ClassifiedPage.objects.in_catalogue()
    if scope.municipality:
        pages = pages.filter(municipalities=scope.municipality)
    elif scope.region:
        pages = pages.filter(municipalities__region=scope.region)
    per_type = dict(
        pages.values("content_type")
        .annotate(n=Count("pk", distinct=True))
        .values_list("content_type", "n")
    )
    content = [
        (label, per_type.get(ContentType.objects.get_for_model(model).pk, 0))
        for _key, (label, model) in sorted(ClassifiedPage.catalogue_types().items())
    ]
    events = _events_in(scope)
    if events is not None:
        content.append((_("Events"), events))

    return {
        "scope": scope,
        "members": shown(members),
        "ambassadors": shown(ambassadors),
        "assessed_people": shown(assessed_people),
        "assessments": shown(assessed_people, assessments),
        "following": shown(following),
        "completing": shown(completing),
        "paths_completed": shown(completing, paths_completed),
        "areas": areas,
        "timeline": timeline,
        "content": content,
        "min_people": MIN_PEOPLE,
    }


def _events_in(scope):
    """Published events organised in the scope (by the event app's page type, found
    through the page tree so this app does not import it)."""
    from django.apps import apps

    try:
        model = apps.get_model("events", "EventPage")
    except LookupError:
        return None
    events = model.objects.live().public()
    if scope.municipality:
        events = events.filter(organiser=scope.municipality)
    elif scope.region:
        events = events.filter(organiser__region=scope.region)
    return events.count()


def csv_rows(data):
    """The figures as (section, item, value) rows for the CSV export."""
    rows = [("section", "item", "value")]
    scope = data["scope"].name
    for key, label in (
        ("members", "members"),
        ("ambassadors", "ambassadors"),
        ("assessed_people", "people assessed"),
        ("assessments", "assessments completed"),
        ("following", "people following a path"),
        ("completing", "people who completed a path"),
        ("paths_completed", "paths completed"),
    ):
        rows.append((scope, label, str(data[key])))
    for row in data["areas"]:
        area, people, average = row["area"], row["people"], row["average"]
        rows.append(
            (
                scope,
                f"average level {area.code} {area.name_en or area.name}",
                "" if average is None else str(average),
            )
        )
        rows.append((scope, f"people assessed {area.code}", str(people)))
    for month, joined, assessed in data["timeline"]:
        rows.append((scope, f"new members {month:%Y-%m}", str(joined)))
        rows.append((scope, f"assessments completed {month:%Y-%m}", str(assessed)))
    for label, count in data["content"]:
        rows.append((scope, f"published: {label}", str(count)))
    return rows
