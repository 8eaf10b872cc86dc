"""Background work of the accounts app (run by `manage.py db_worker`)."""

from django.conf import settings
from django_tasks import task

from dela.mail import send_to_member
from dela.tasks import PERSON_WAITING


@task(priority=PERSON_WAITING)
def send_ambassador_decision(request_id, replaced_municipality_id=None):
    """E-mail a member the editor's decision, in the member's own language; when the
    approval changed the municipality their profile named, the e-mail says so."""
    from taxonomy.models import Municipality

    from .models import AmbassadorRequest

    ambassador_request = AmbassadorRequest.objects.select_related(
        "user", "municipality"
    ).get(pk=request_id)
    user = ambassador_request.user
    context = {
        "request": ambassador_request,
        "user": user,
        "base_url": settings.WAGTAILADMIN_BASE_URL,
        "replaced_municipality": (
            Municipality.objects.filter(pk=replaced_municipality_id).first()
            if replaced_municipality_id
            else None
        ),
    }
    send_to_member(user, "accounts/email/ambassador_decision", context)
