"""A programme lead's role follows their appointments: the first one grants the
Programme lead role (accounts.roles), deleting the last one takes it away."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from accounts.roles import Role, grant_role, revoke_role

from .models import ProgrammeLead


@receiver(post_save, sender=ProgrammeLead)
def grant_programme_lead_role(sender, instance, **kwargs):
    grant_role(instance.user, Role.PROGRAMME_LEAD)


@receiver(post_delete, sender=ProgrammeLead)
def revoke_programme_lead_role(sender, instance, **kwargs):
    user = instance.user
    if not ProgrammeLead.objects.of(user).exists():
        revoke_role(user, Role.PROGRAMME_LEAD)
