"""allauth events that change a member's roles."""

from allauth.account.models import EmailAddress
from allauth.account.signals import email_confirmed, user_signed_up
from django.dispatch import receiver

from .roles import Role, grant_role
from .services import grant_ambassador_by_email_domain


@receiver(user_signed_up, dispatch_uid="dela-member-on-signup")
def make_member(sender, request, user, **kwargs):
    grant_role(user, Role.MEMBER)
    # Single sign-on providers vouch for the address, so no confirmation e-mail follows.
    for address in EmailAddress.objects.filter(user=user, verified=True):
        grant_ambassador_by_email_domain(user, address.email)


@receiver(email_confirmed, dispatch_uid="dela-ambassador-by-domain")
def ambassador_by_domain(sender, request, email_address, **kwargs):
    grant_ambassador_by_email_domain(email_address.user, email_address.email)
