"""Following a learning path: start it, mark steps done (or not). Completing the
last step completes the path. (The progress a member sees is the path's own:
LearningPathPage.progress_of.)"""

from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import LearningPathStep, PathFollow, StepDone


def follow(user, path):
    """Start following `path` (idempotent)."""
    try:
        with transaction.atomic():
            found, _created = PathFollow.objects.get_or_create(user=user, path=path)
    except IntegrityError:  # followed from two tabs at once
        found = PathFollow.objects.get(user=user, path=path)
    return found


def mark_step(user, step, done=True):
    """Mark a step done (following its path) or not done; the path is completed
    when every step is done, and completed no more when one is undone."""
    path = step.path
    with transaction.atomic():
        record = follow(user, path)
        if done:
            StepDone.objects.get_or_create(user=user, step=step)
        else:
            StepDone.objects.filter(user=user, step=step).delete()
        total = LearningPathStep.objects.filter(path=path).count()
        done_count = StepDone.objects.filter(user=user, step__path=path).count()
        completed = total > 0 and done_count >= total
        if completed and record.completed_at is None:
            record.completed_at = timezone.now()
            record.save(update_fields=["completed_at"])
        elif not completed and record.completed_at is not None:
            record.completed_at = None
            record.save(update_fields=["completed_at"])
    return record


def followed_by(user):
    """[(PathFollow, done count, total)] of the member's paths, newest first, in a
    fixed number of queries."""
    from django.db.models import Count, Q

    follows = list(
        PathFollow.objects.filter(user=user, path__live=True)
        .select_related("path")
        .annotate(
            total=Count("path__steps", distinct=True),
            done=Count(
                "path__steps__done_by",
                filter=Q(path__steps__done_by__user=user),
                distinct=True,
            ),
        )
        .order_by("-started_at", "-pk")
    )
    return follows
