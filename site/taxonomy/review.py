"""The editors' review of classified pages (case stories and videos): the one place
that decides.

- **Which workflow**: the one an administrator assigned to the page (Wagtail's
  `get_workflow()`: the page's or its nearest ancestor's active workflow). Nothing
  here looks a workflow up by name or switches one back on.
- **Where a submission stands**: one vocabulary (`SubmissionStatus`) for every kind,
  read for a whole list in one query (`attach_submissions`).
- **The publication rule**: `ClassifiedPage.publication_problem()` (a video needs
  captions in its language). `problem_of` asks it; sending to review, approving and
  publishing all refuse with its sentence.
- **What the author hears**: Dela's e-mails in the author's language
  (`taxonomy.signals` and `taxonomy.tasks`), for every kind; Wagtail's admin e-mails
  are switched off for authors who cannot open the admin.
"""

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.dispatch import Signal
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.models import Page, TaskState, WorkflowState
from wagtail.users.models import UserProfile

# Sent when an editor rejects a submission outright (the review task's "Reject"):
# instance is the closed task state. Wagtail has no signal of its own for it.
submission_closed = Signal()

# --- The publication rule ------------------------------------------------------------


def problem_of(page):
    """Why the page may not be published yet (a translated sentence), or None."""
    check = getattr(page, "publication_problem", None)
    return check() if check is not None else None


def check_publishable(page):
    """Raise ValidationError with the page's publication problem, if it has one."""
    problem = problem_of(page)
    if problem:
        raise ValidationError(problem)


# --- Where a submission stands -------------------------------------------------------


class SubmissionStatus(models.TextChoices):
    DRAFT = "draft", gettext_lazy("Draft")
    IN_REVIEW = "in_review", gettext_lazy("In review")
    CHANGES_REQUESTED = "changes_requested", gettext_lazy("Changes requested")
    PUBLISHED = "published", gettext_lazy("Published")
    REJECTED = "rejected", gettext_lazy("Rejected")


@dataclass(frozen=True)
class Submission:
    """A page as its author sees it: its status and the editor's last word."""

    status: str
    comment: str = ""

    @property
    def label(self):
        return SubmissionStatus(self.status).label


def _submission(page, state, closed_ids):
    task_state = state.current_task_state if state else None
    comment = task_state.comment if task_state else ""
    status = state.status if state else None
    if status == WorkflowState.STATUS_IN_PROGRESS:
        return Submission(SubmissionStatus.IN_REVIEW)
    if status == WorkflowState.STATUS_NEEDS_CHANGES:
        return Submission(SubmissionStatus.CHANGES_REQUESTED, comment)
    if page.live:
        return Submission(SubmissionStatus.PUBLISHED)
    if task_state is not None and task_state.pk in closed_ids:
        return Submission(SubmissionStatus.REJECTED, comment)
    return Submission(SubmissionStatus.DRAFT)


def _closed_task_states(states):
    """The ids of task states that rejected a submission outright. A cancelled
    workflow whose last task state refused is either that or an author's cancel
    after a change request; the review task's own state (`closed`) tells them
    apart, read only for those few, in one query per task state class."""
    candidates = [
        state.current_task_state_id
        for state in states
        if state.status == WorkflowState.STATUS_CANCELLED
        and state.current_task_state is not None
        and state.current_task_state.status == TaskState.STATUS_REJECTED
    ]
    if not candidates:
        return set()
    return {
        task_state.pk
        for task_state in TaskState.objects.filter(pk__in=candidates).specific()
        if getattr(task_state, "closed", False)
    }


def attach_submissions(pages):
    """Set `.submission` on each page with one query (two when some were
    cancelled after a refusal), whatever their number and kind."""
    pages = list(pages)
    if not pages:
        return pages
    states = (
        WorkflowState.objects.filter(
            base_content_type=ContentType.objects.get_for_model(Page),
            object_id__in=[str(page.pk) for page in pages],
        )
        .select_related("current_task_state")
        .order_by("created_at", "pk")
    )
    latest = {state.object_id: state for state in states}
    closed_ids = _closed_task_states(latest.values())
    for page in pages:
        page.submission = _submission(page, latest.get(str(page.pk)), closed_ids)
    return pages


def submission_of(page):
    """The page's Submission (computed once per page object)."""
    if getattr(page, "submission", None) is None:
        attach_submissions([page])
    return page.submission


# --- Sending to review ---------------------------------------------------------------


def start_review(page, author):
    """Send a page the author made on the site to the workflow assigned to it.

    Refused with a sentence the author can act on when the page could not be
    published anyway, or when no active workflow covers it (an administrator
    switched the review off): the caller's transaction then keeps nothing."""
    check_publishable(page)
    workflow = page.get_workflow()
    if workflow is None:
        raise ValidationError(
            _(
                "The editors are not taking submissions here at the moment. "
                "Nothing was saved; please try again later."
            )
        )
    workflow.start(page, author)
    prefer_dela_notifications(author)
    return workflow


def resume_review(page, author):
    """Hand a page the editors sent back to them again (the workflow resumes at the
    task that asked for changes). Call inside the transaction that saved the
    author's new revision."""
    state = (
        WorkflowState.objects.for_instance(page)
        .select_for_update()
        .filter(status=WorkflowState.STATUS_NEEDS_CHANGES)
        .first()
    )
    if state is None:
        raise ValidationError(_("This is no longer waiting for your changes."))
    check_publishable(page.get_latest_revision_as_object())
    state.resume(user=author)
    return state


def prefer_dela_notifications(author):
    """Authors without access to the admin hear from Dela in their own language,
    with links to the site: Wagtail's own approved/rejected mails (admin links they
    cannot open) are switched off for them. Editors keep Wagtail's mails. (Asked
    as Wagtail asks it, so that taxonomy imports no other Dela app.)"""
    if author.has_perm("wagtailadmin.access_admin"):
        return
    profile = UserProfile.get_for_user(author)
    if profile.approved_notifications or profile.rejected_notifications:
        profile.approved_notifications = False
        profile.rejected_notifications = False
        profile.save(update_fields=["approved_notifications", "rejected_notifications"])


# --- Reviewing ------------------------------------------------------------------------


class ReviewAction(models.TextChoices):
    APPROVE = "approve", gettext_lazy("Approve and publish")
    REQUEST_CHANGES = "reject", gettext_lazy("Request changes")
    REJECT = "close", gettext_lazy("Reject")


def can_review(user, page):
    """Reviewers are whoever the page's current workflow task names."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    task = page.current_workflow_task
    return bool(task and task.get_actions(page, user))


@transaction.atomic
def review_page(page, editor, action, comment=""):
    """Do what an editor does in the admin's workflow menu: approve (publishes),
    request changes or reject outright, with a comment to the author."""
    task_state = page.current_workflow_task_state
    if task_state is None:
        raise ValidationError(_("This is not waiting for review."))
    task = task_state.task.specific
    if action not in {name for name, _label, _modal in task.get_actions(page, editor)}:
        raise PermissionDenied
    if action in (ReviewAction.REQUEST_CHANGES, ReviewAction.REJECT) and not comment:
        raise ValidationError(_("Tell the author why."))
    if action == ReviewAction.APPROVE:
        check_publishable(task_state.revision.as_object())
    task.on_action(task_state, editor, str(action), comment=comment)
    return type(page).objects.get(pk=page.pk)
