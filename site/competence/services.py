"""What the competence views share: saving an assessment area by area, finishing
it, and reading a profile with its gaps and the progress since the last one."""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from taxonomy.models import Competence, CompetenceArea

from . import levels
from .models import Assessment, Rating


def areas_with_competences():
    """The five areas, each with its competences (two queries)."""
    return list(CompetenceArea.objects.prefetch_related("competences").order_by("code"))


def open_assessment(user, create=False):
    """The person's assessment being filled in, or None (a new one with `create`)."""
    found = Assessment.objects.of(user).open().first()
    if found or not create:
        return found
    try:
        with transaction.atomic():
            return Assessment.objects.create(user=user)
    except IntegrityError:  # two tabs saved at once: the other made it
        return Assessment.objects.of(user).open().get()


def save_ratings(user, levels_by_competence):
    """Save `{Competence: level or None}` in the person's open assessment (made on
    the first save). None leaves a competence unrated (or unrates it)."""
    for competence, level in levels_by_competence.items():
        if level is not None and not levels.LOWEST <= level <= levels.HIGHEST:
            raise ValidationError(
                _("%(code)s: choose a level from 0 to 8.") % {"code": competence.code}
            )
    with transaction.atomic():
        assessment = open_assessment(user, create=True)
        for competence, level in levels_by_competence.items():
            if level is None:
                Rating.objects.filter(
                    assessment=assessment, competence=competence
                ).delete()
            else:
                Rating.objects.update_or_create(
                    assessment=assessment,
                    competence=competence,
                    defaults={"level": level},
                )
        assessment.save(update_fields=["updated_at"])
    return assessment


def missing_competences(assessment):
    """The competences not yet rated in `assessment`, in DigComp order."""
    rated = assessment.ratings.values("competence_id") if assessment else []
    return list(Competence.objects.exclude(pk__in=rated).order_by("code"))


def finish(user):
    """Complete the person's open assessment; every competence must be rated."""
    with transaction.atomic():
        assessment = open_assessment(user)
        if assessment is None:
            raise ValidationError(_("You have no self-assessment to finish."))
        missing = missing_competences(assessment)
        if missing:
            raise ValidationError(
                _("Rate every competence before you finish. Not rated yet: %(codes)s.")
                % {"codes": ", ".join(c.code for c in missing)}
            )
        assessment.completed_at = timezone.now()
        assessment.save(update_fields=["completed_at", "updated_at"])
    return assessment


@dataclass
class ProfileRow:
    competence: object
    level: int | None
    previous: int | None = None
    target: int | None = levels.DEFAULT_TARGET

    @property
    def label(self):
        return levels.label(self.level)

    @property
    def change(self):
        if self.level is None or self.previous is None:
            return None
        return self.level - self.previous

    @property
    def is_gap(self):
        return (
            self.level is not None
            and self.target is not None
            and self.level < self.target
        )


@dataclass
class ProfileArea:
    area: object
    rows: list = field(default_factory=list)

    @property
    def average(self):
        rated = [row.level for row in self.rows if row.level is not None]
        return round(sum(rated) / len(rated), 1) if rated else None


def profile(assessment, targets=None):
    """[ProfileArea] for `assessment`, each row with the level of the person's
    assessment completed before it (progress) and the target level: a role
    profile's `targets` ({code: level}; no target on the competences it leaves
    out), else DigComp's intermediate level 3 on every competence."""
    current = assessment.levels_by_code()
    previous_assessment = (
        Assessment.objects.of(assessment.user_id)
        .completed()
        .filter(completed_at__lt=assessment.completed_at or timezone.now())
        .exclude(pk=assessment.pk)
        .first()
    )
    previous = previous_assessment.levels_by_code() if previous_assessment else {}
    result = []
    for area in areas_with_competences():
        block = ProfileArea(area)
        for competence in area.competences.all():
            block.rows.append(
                ProfileRow(
                    competence,
                    current.get(competence.code),
                    previous.get(competence.code),
                    levels.DEFAULT_TARGET
                    if targets is None
                    else targets.get(competence.code),
                )
            )
        result.append(block)
    return result, previous_assessment


def gaps(profile_areas):
    """The rows below their target, the largest gap first."""
    rows = [row for area in profile_areas for row in area.rows if row.is_gap]
    return sorted(rows, key=lambda row: (row.level - row.target, row.competence.code))


# The chart's geometry (SVG user units): a code column, then one step per level.
CHART_LEFT = 44
CHART_STEP = 60
CHART_ROW = 24
CHART_AREA_GAP = 12


def chart(profile_areas):
    """The profile as horizontal bars for an inline SVG (no script, no inline
    style): {"bars": [...], "ticks": [...], "width", "height", "target_x"}."""
    bars = []
    y = 8
    for block in profile_areas:
        for row in block.rows:
            level = row.level or 0
            bars.append(
                {
                    "code": row.competence.code,
                    "y": y,
                    "text_y": y + 15,
                    "width": max(level * CHART_STEP, 2),
                    "gap": row.is_gap,
                    "target_x": (
                        CHART_LEFT + row.target * CHART_STEP
                        if row.target is not None
                        else None
                    ),
                    "previous_x": (
                        CHART_LEFT + row.previous * CHART_STEP
                        if row.previous is not None
                        else None
                    ),
                }
            )
            y += CHART_ROW
        y += CHART_AREA_GAP
    ticks = [
        {"level": level, "x": CHART_LEFT + level * CHART_STEP}
        for level in levels.LEVELS
    ]
    return {
        "bars": bars,
        "ticks": ticks,
        "left": CHART_LEFT,
        "width": CHART_LEFT + levels.HIGHEST * CHART_STEP + 16,
        "height": y + 24,
        "axis_y": y,
        "tick_y": y + 16,
        "bar_height": CHART_ROW - 6,
    }
