"""Tell the author of a classified page (a case story, a video) what happens to it
in review.

Wagtail's workflow signals cover what editors do in the admin as well as what the
site's services do: submitted (and resubmitted), approved and published, changes
requested. An outright rejection is the review task's own action, announced by
`taxonomy.review.submission_closed`. The e-mails go out from a background task once
the transaction that changed the workflow has committed, so a rolled-back action
sends nothing.
"""

from django.dispatch import receiver
from wagtail.signals import task_submitted, workflow_approved, workflow_rejected

from dela.tasks import enqueue_with_change

from .models import ClassifiedPage
from .review import submission_closed
from .tasks import send_review_notification


class Event:
    RECEIVED = "received"
    PUBLISHED = "published"
    CHANGES_REQUESTED = "changes_requested"
    REJECTED = "rejected"


def _is_classified(workflow_state):
    model = workflow_state.content_type.model_class()
    return model is not None and issubclass(model, ClassifiedPage)


def _notify(task_state_id, event):
    enqueue_with_change(send_review_notification, task_state_id, event)


@receiver(task_submitted, dispatch_uid="review-task-submitted")
def submitted(sender, instance, user=None, **kwargs):
    """A submission (or a resubmission after changes) reached the editors."""
    if _is_classified(instance.workflow_state):
        _notify(instance.pk, Event.RECEIVED)


@receiver(workflow_approved, dispatch_uid="review-workflow-approved")
def approved(sender, instance, user=None, **kwargs):
    if _is_classified(instance) and instance.current_task_state_id:
        _notify(instance.current_task_state_id, Event.PUBLISHED)


@receiver(workflow_rejected, dispatch_uid="review-workflow-rejected")
def changes_requested(sender, instance, user=None, **kwargs):
    if _is_classified(instance) and instance.current_task_state_id:
        _notify(instance.current_task_state_id, Event.CHANGES_REQUESTED)


@receiver(submission_closed, dispatch_uid="review-submission-closed")
def rejected(sender, instance, user=None, **kwargs):
    _notify(instance.pk, Event.REJECTED)
