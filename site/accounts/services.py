"""What views, signals and the admin share about accounts: becoming an ambassador."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dela.tasks import enqueue_with_change
from taxonomy.models import Municipality

from .models import AmbassadorRequest
from .roles import Role, grant_role, has_role
from .tasks import send_ambassador_decision


def request_ambassador_status(user, municipality, motivation):
    """File a member's request; one pending request per member."""
    if has_role(user, Role.AMBASSADOR):
        raise ValidationError(_("You are already an ambassador."))
    try:
        with transaction.atomic():
            return AmbassadorRequest.objects.create(
                user=user, municipality=municipality, motivation=motivation
            )
    except IntegrityError as exc:
        raise ValidationError(
            _("You have already asked; an editor will answer your request soon.")
        ) from exc


def decide_ambassador_request(ambassador_request, editor, status, note=""):
    """Approve or decline a pending request, grant the role, and tell the member.

    Two editors deciding at once: the second finds the request no longer pending.
    The returned request's `replaced_municipality` is the municipality the member's
    profile named before an approval changed it (else None).
    """
    if status not in (
        AmbassadorRequest.Status.APPROVED,
        AmbassadorRequest.Status.DECLINED,
    ):
        raise ValidationError(_("Choose to approve or decline the request."))
    with transaction.atomic():
        locked = AmbassadorRequest.objects.select_for_update().get(
            pk=ambassador_request.pk
        )
        if locked.status != AmbassadorRequest.Status.PENDING:
            raise ValidationError(_("Another editor has already decided this request."))
        locked.status = status
        locked.decision_note = note
        locked.decided_by = editor
        locked.decided_at = timezone.now()
        locked.save()
        locked.replaced_municipality = None
        if status == AmbassadorRequest.Status.APPROVED:
            # The member named the municipality in the request and the e-mail names
            # it: the profile (and the directory) must say the same. A municipality
            # the profile named before is replaced openly: the editor saw it on the
            # form, and the admin's message and the member's e-mail say so.
            previous = locked.user.municipality
            _make_ambassador(locked.user, locked.municipality, replace=True)
            if previous is not None and previous.pk != locked.municipality_id:
                locked.replaced_municipality = previous
        replaced = locked.replaced_municipality
        enqueue_with_change(
            send_ambassador_decision, locked.pk, replaced.pk if replaced else None
        )
    return locked


def grant_ambassador_by_email_domain(user, email):
    """Make a member with a verified address on a municipality's domain its ambassador.

    Returns the municipality, or None when the domain belongs to none.
    """
    municipality = Municipality.objects.for_email(email)
    if municipality is None:
        return None
    with transaction.atomic():
        _make_ambassador(user, municipality)
        AmbassadorRequest.objects.pending().filter(user=user).update(
            status=AmbassadorRequest.Status.APPROVED, decided_at=timezone.now()
        )
    return municipality


def _make_ambassador(user, municipality, replace=False):
    """Grant the role; set the municipality when the member has none (or `replace`)."""
    grant_role(user, Role.AMBASSADOR)
    if user.municipality_id is None or (
        replace and user.municipality_id != municipality.pk
    ):
        user.municipality = municipality
        user.save(update_fields=["municipality"])
