"""Background work of the network (run by `manage.py db_worker`; immediate in tests)."""

from django_tasks import task

from dela.tasks import PERSON_WAITING


@task(priority=PERSON_WAITING)
def notify_new_post(post_id):
    """Notify mentioned, quoted and watching members of a new post."""
    from .models import Post
    from .notifications import notify_new_post as notify

    post = Post.objects.select_related("thread", "author").filter(pk=post_id).first()
    if post is None or post.deleted_on is not None:
        return 0
    return len(notify(post))


@task(priority=PERSON_WAITING)
def email_notification(notification_id):
    """E-mail one notification to a member who asked for one e-mail each."""
    from .models import Notification
    from .notifications import email_one

    notification = (
        Notification.objects.select_related(
            "recipient", "actor", "thread", "group", "post"
        )
        .current()
        .filter(pk=notification_id)
        .first()
    )
    return bool(notification and email_one(notification))


@task()
def send_digests(mode):
    """The daily or weekly digest; `manage.py send_network_digests daily` enqueues it
    (from cron or a systemd timer)."""
    from .notifications import send_digests as send

    return send(mode)
