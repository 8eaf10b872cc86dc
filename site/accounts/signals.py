"""allauth events that change a member's roles."""

from allauth.account.models import EmailAddress
from allauth.account.signals import email_confirmed, user_signed_up
from django.conf import settings
from django.db.models import F
from django.db.models.signals import m2m_changed, post_init, pre_save
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


# --- A change of roles rotates the person's session (accounts.middleware) ----------

_ROLE_FLAGS = ("is_superuser", "is_staff", "is_active")


@receiver(post_init, sender=settings.AUTH_USER_MODEL, dispatch_uid="dela-role-flags")
def remember_role_flags(sender, instance, **kwargs):
    instance._dela_role_flags = tuple(
        instance.__dict__.get(name) for name in _ROLE_FLAGS
    )


@receiver(
    pre_save, sender=settings.AUTH_USER_MODEL, dispatch_uid="dela-role-flags-save"
)
def count_flag_changes(sender, instance, raw=False, **kwargs):
    flags = tuple(getattr(instance, name) for name in _ROLE_FLAGS)
    if (
        not raw
        and instance.pk
        and flags != getattr(instance, "_dela_role_flags", flags)
    ):
        instance.roles_version += 1
    instance._dela_role_flags = flags


@receiver(m2m_changed, dispatch_uid="dela-role-groups")
def count_group_changes(sender, instance, action, reverse, pk_set, **kwargs):
    from django.contrib.auth import get_user_model

    user_model = get_user_model()
    if sender is not user_model.groups.through:
        return
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if not reverse:  # user.groups.add(...): one person
        people = [instance.pk]
        instance.roles_version += 1  # the object in hand says the same
    elif action == "post_clear":
        return  # (group.user_set.clear(): pk_set is not given; not used by Dela)
    else:  # group.user_set.add(...): the people in pk_set
        people = list(pk_set or ())
    user_model.objects.filter(pk__in=people).update(
        roles_version=F("roles_version") + 1
    )
