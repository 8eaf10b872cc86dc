"""Wagtail's "submitted for moderation" notice to the reviewers of the editors'
review task. (What the author hears is the review's: taxonomy.signals.)"""

from wagtail.admin.mail import GroupApprovalTaskStateSubmissionEmailNotifier
from wagtail.signals import task_submitted


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
