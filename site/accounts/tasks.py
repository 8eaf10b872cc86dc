"""Background work of the accounts app (run by `manage.py db_worker`)."""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django_tasks import task

from dela.mail import send_to


@task()
def send_ambassador_decision(request_id):
    """E-mail a member the editor's decision, in the member's own language."""
    from .models import AmbassadorRequest

    ambassador_request = AmbassadorRequest.objects.select_related(
        "user", "municipality"
    ).get(pk=request_id)
    user = ambassador_request.user
    context = {
        "request": ambassador_request,
        "user": user,
        "base_url": settings.WAGTAILADMIN_BASE_URL,
    }
    with translation.override(user.language):
        subject = render_to_string(
            "accounts/email/ambassador_decision_subject.txt", context
        )
        body = render_to_string(
            "accounts/email/ambassador_decision_message.txt", context
        )
    send_to(user.email, subject, body)
