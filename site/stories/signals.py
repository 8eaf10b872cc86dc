"""Tell the author of a case story what happens to it in review.

Wagtail's workflow signals cover what editors do in the admin as well as what the
site's services do: submitted (and resubmitted), approved and published, changes
requested. An outright rejection is Dela's own action, announced by
`submission_closed`. The e-mails go out from a background task once the transaction
that changed the workflow has committed, so a rolled-back action sends nothing.
"""

from django.dispatch import Signal, receiver
from wagtail.admin.mail import GroupApprovalTaskStateSubmissionEmailNotifier
from wagtail.signals import task_submitted, workflow_approved, workflow_rejected

from dela.tasks import enqueue_with_change

# Sent by CatalogueReviewTaskState.close(): instance is the closed task state.
submission_closed = Signal()


class Event:
    RECEIVED = "received"
    PUBLISHED = "published"
    CHANGES_REQUESTED = "changes_requested"
    REJECTED = "rejected"


def _is_story(workflow_state):
    from .models import CaseStoryPage

    model = workflow_state.content_type.model_class()
    return model is not None and issubclass(model, CaseStoryPage)


def _notify(task_state_id, event):
    from .tasks import send_story_notification

    enqueue_with_change(send_story_notification, task_state_id, event)


class ReviewSubmissionEmailNotifier(GroupApprovalTaskStateSubmissionEmailNotifier):
    """Wagtail's "submitted for moderation" notice to a task's reviewers, with
    Wagtail's own templates (it names them after the task state class)."""

    def get_template_base_prefix(self, instance, **kwargs):
        return "task_state_"


review_submission_notifier = ReviewSubmissionEmailNotifier()


def connect_wagtail_notifications():
    """Wagtail sends its notice to reviewers for plain TaskState senders only; the
    review task keeps its own task state class (it records outright rejections),
    so the same notice is connected for it here."""
    from .models import CatalogueReviewTaskState

    task_submitted.connect(
        review_submission_notifier,
        sender=CatalogueReviewTaskState,
        dispatch_uid="stories-review-submitted-email-notification",
    )


@receiver(task_submitted, dispatch_uid="stories-task-submitted")
def story_submitted(sender, instance, user=None, **kwargs):
    """A submission (or a resubmission after changes) reached the editors."""
    if _is_story(instance.workflow_state):
        _notify(instance.pk, Event.RECEIVED)


@receiver(workflow_approved, dispatch_uid="stories-workflow-approved")
def story_approved(sender, instance, user=None, **kwargs):
    if _is_story(instance) and instance.current_task_state_id:
        _notify(instance.current_task_state_id, Event.PUBLISHED)


@receiver(workflow_rejected, dispatch_uid="stories-workflow-rejected")
def story_changes_requested(sender, instance, user=None, **kwargs):
    if _is_story(instance) and instance.current_task_state_id:
        _notify(instance.current_task_state_id, Event.CHANGES_REQUESTED)


@receiver(submission_closed, dispatch_uid="stories-submission-closed")
def story_rejected(sender, instance, user=None, **kwargs):
    _notify(instance.pk, Event.REJECTED)
