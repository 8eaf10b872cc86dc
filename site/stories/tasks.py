"""Background work of the stories app (run by `manage.py db_worker`)."""

from django.conf import settings
from django_tasks import task

from dela.mail import send_to_member
from dela.tasks import PERSON_WAITING

EVENTS = ("received", "published", "changes_requested", "rejected")


@task(priority=PERSON_WAITING)
def send_story_notification(task_state_id, event):
    """E-mail the author what an editor did with their story, in the author's
    language. Only the author's own submissions: an editor's later edit of a
    published story goes through review without mailing the author."""
    from wagtail.models import TaskState

    from .models import CaseStoryPage, StoryIndexPage

    if event not in EVENTS:
        raise ValueError(f"Unknown story event {event!r}")
    task_state = (
        TaskState.objects.select_related("workflow_state__requested_by")
        .filter(pk=task_state_id)
        .first()
    )
    if task_state is None:  # the story was deleted meanwhile
        return
    author = task_state.workflow_state.requested_by
    story = (
        CaseStoryPage.objects.filter(pk=task_state.workflow_state.object_id)
        .select_related("owner")
        .first()
    )
    if (
        story is None
        or author is None
        or story.owner_id != author.pk
        or not author.is_active
        or not author.email
    ):
        return
    index = StoryIndexPage.objects.ancestor_of(story).first()
    context = {
        "author": author,
        "story": story,
        "title": story.draft_title or story.title,
        "comment": task_state.comment,
        "story_url": story.get_full_url() if story.live else "",
        "drafts_url": (index.get_full_url() + index.reverse_subpage("drafts"))
        if index
        else settings.WAGTAILADMIN_BASE_URL,
    }
    send_to_member(author, f"stories/email/{event}", context)
