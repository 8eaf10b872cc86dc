"""The editors' query report over time: the top queries of each interface language,
week by week, from the query log's days (QueryDay), with the geometry of a small
server-rendered chart. The numbers shown in the chart are the numbers of its table."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.db.models import Sum
from django.utils import timezone

from .models import QueryDay

# The chart's drawing box (SVG user units) and the room left for its axis labels.
WIDTH, HEIGHT = 560, 220
LEFT, RIGHT, TOP, BOTTOM = 44, 12, 12, 30
# Lines told apart by dash pattern and marker as well as colour (WCAG 1.4.1).
STYLES = [
    ("#1d4ed8", "", "circle"),
    ("#b45309", "6 3", "square"),
    ("#047857", "2 3", "diamond"),
    ("#7e22ce", "10 3 2 3", "circle"),
    ("#be123c", "4 4", "square"),
]


@dataclass
class Series:
    """One query's searches per week, and how its line is drawn."""

    query: str
    counts: list[int]
    colour: str = ""
    dash: str = ""
    marker: str = ""
    points: list[tuple[float, float]] = field(default_factory=list)

    @property
    def total(self):
        return sum(self.counts)

    @property
    def marks(self):
        """Each point with the corner of its square or diamond marker."""
        return [(x, y, x - 3.5, y - 3.5, x - 3, y - 3) for x, y in self.points]

    @property
    def polyline(self):
        return " ".join(f"{x:.1f},{y:.1f}" for x, y in self.points)


@dataclass
class LanguageTrend:
    """The top queries of one interface language over the report's weeks."""

    language: str
    label: str
    weeks: list[date]
    series: list[Series]
    top: int = 0  # the y axis' highest value
    ticks: list[tuple[int, float]] = field(default_factory=list)  # (value, y)
    week_ticks: list[tuple[date, float]] = field(default_factory=list)  # (week, x)

    width = WIDTH
    height = HEIGHT
    left = LEFT
    right_edge = WIDTH - RIGHT
    bottom_edge = HEIGHT - BOTTOM


def week_start(day):
    """The Monday of ``day``'s week."""
    return day - timedelta(days=day.weekday())


def top_queries_by_language(weeks=12, top=5, today=None):
    """For each interface language with searches in the last ``weeks`` weeks (this
    week included), its ``top`` most searched queries and their searches per week.
    One query per language for the top list and one for all their weeks."""
    today = today or timezone.localdate()
    first_week = week_start(today) - timedelta(weeks=weeks - 1)
    week_list = [first_week + timedelta(weeks=n) for n in range(weeks)]
    recent = QueryDay.objects.filter(day__gte=first_week, day__lte=today)
    chosen = {}
    for language, _label in settings.LANGUAGES:
        rows = (
            recent.filter(language=language)
            .values("query")
            .annotate(total=Sum("searches"))
            .filter(total__gt=0)
            .order_by("-total", "query")[:top]
        )
        queries = [row["query"] for row in rows]
        if queries:
            chosen[language] = queries
    counts = {}
    if chosen:
        rows = recent.filter(
            language__in=list(chosen),
            query__in={q for queries in chosen.values() for q in queries},
        ).values_list(
            "language", "query", "day", "searches"
        )  # one row per (day, language, query): QueryDay's unique constraint
        for language, query, day, n in rows:
            if query not in chosen[language]:
                continue
            index = (week_start(day) - first_week).days // 7
            per_week = counts.setdefault((language, query), [0] * weeks)
            per_week[index] += n
    labels = dict(settings.LANGUAGES)
    trends = []
    for language, queries in chosen.items():
        series = [
            Series(query, counts.get((language, query), [0] * weeks))
            for query in queries
        ]
        trends.append(
            _draw(LanguageTrend(language, labels[language], week_list, series))
        )
    return trends


def _draw(trend):
    """Place the lines, the y axis' ticks and the first and last week's labels."""
    highest = max((max(s.counts) for s in trend.series), default=0)
    trend.top = max(1, highest)
    plot_width = WIDTH - LEFT - RIGHT
    plot_height = HEIGHT - TOP - BOTTOM
    count = len(trend.weeks)

    def x(index):
        return LEFT + (
            plot_width * index / (count - 1) if count > 1 else plot_width / 2
        )

    def y(value):
        return TOP + plot_height * (1 - value / trend.top)

    for number, series in enumerate(trend.series):
        series.colour, series.dash, series.marker = STYLES[number % len(STYLES)]
        series.points = [(x(i), y(value)) for i, value in enumerate(series.counts)]
    values = sorted({0, trend.top // 2, trend.top})
    trend.ticks = [(value, y(value)) for value in values]
    trend.week_ticks = [(trend.weeks[0], x(0)), (trend.weeks[-1], x(count - 1))]
    return trend
