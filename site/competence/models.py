"""A member's DigComp self-assessments, kept over time.

An assessment is one sitting: at most one per person is open (being filled in, area by
area, savable midway); finishing it stamps `completed_at`, and the next sitting is a
new assessment, so the completed ones show progress. Nobody but the person sees them
(permissions.py); they are in the person's data export and go with the account.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import levels


class AssessmentQuerySet(models.QuerySet):
    def of(self, user):
        return self.filter(user=user)

    def completed(self):
        return self.filter(completed_at__isnull=False).order_by("-completed_at", "-pk")

    def open(self):
        return self.filter(completed_at__isnull=True)


class Assessment(models.Model):
    """One sitting of the self-assessment on the 21 DigComp competences."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="competence_assessments",
        verbose_name=_("person"),
    )
    started_at = models.DateTimeField(_("started"), default=timezone.now)
    updated_at = models.DateTimeField(_("last saved"), auto_now=True)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("self-assessment")
        verbose_name_plural = _("self-assessments")
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(completed_at__isnull=True),
                name="one_open_assessment_per_person",
            )
        ]

    def __str__(self):
        return f"{self.user} {self.started_at:%Y-%m-%d}"

    @property
    def is_completed(self):
        return self.completed_at is not None

    def levels_by_code(self):
        """{competence code: level} of what has been rated so far."""
        return dict(self.ratings.values_list("competence__code", "level"))


class Rating(models.Model):
    """The level a person gives themself on one competence in one assessment."""

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="ratings"
    )
    competence = models.ForeignKey(
        "taxonomy.Competence",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("competence"),
    )
    level = models.PositiveSmallIntegerField(
        _("level"),
        validators=[
            MinValueValidator(levels.LOWEST),
            MaxValueValidator(levels.HIGHEST),
        ],
    )

    class Meta:
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "competence"], name="one_rating_per_competence"
            ),
            models.CheckConstraint(
                condition=Q(level__gte=levels.LOWEST) & Q(level__lte=levels.HIGHEST),
                name="rating_level_in_digcomp_range",
            ),
        ]

    def __str__(self):
        return f"{self.competence.code}: {self.level}"
