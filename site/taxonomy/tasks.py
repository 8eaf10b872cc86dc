"""Background work of the taxonomy app (run by `manage.py db_worker`): the review
e-mails to the authors of classified pages."""

from django.conf import settings
from django_tasks import task
from wagtail.models import Page, TaskState

from dela.mail import send_to_member
from dela.tasks import PERSON_WAITING

from .models import ClassifiedPage

EVENTS = ("received", "published", "changes_requested", "rejected")


@task(priority=PERSON_WAITING)
def send_review_notification(task_state_id, event):
    """E-mail the author what an editor did with their story or video, in the
    author's language. Only the author's own submissions: an editor's later edit of
    a published page goes through review without mailing the author."""
    if event not in EVENTS:
        raise ValueError(f"Unknown review event {event!r}")
    task_state = (
        TaskState.objects.select_related("workflow_state__requested_by")
        .filter(pk=task_state_id)
        .first()
    )
    if task_state is None:  # the page was deleted meanwhile
        return
    author = task_state.workflow_state.requested_by
    page = (
        Page.objects.filter(pk=task_state.workflow_state.object_id)
        .select_related("owner")
        .specific()
        .first()
    )
    if (
        not isinstance(page, ClassifiedPage)
        or author is None
        or page.owner_id != author.pk
        or not author.is_active
        or not author.email
    ):
        return
    context = {
        "author": author,
        "page": page,
        "title": page.draft_title or page.title,
        "comment": task_state.comment,
        "page_url": page.get_full_url() if page.live else "",
        "submissions_url": page.submissions_url() or settings.WAGTAILADMIN_BASE_URL,
    }
    send_to_member(author, f"review/email/{event}", context)
