"""What publishing an event sets off: cancellation notices, and waiting-list promotions
when an editor adds places. An account that goes (erasure, an administrator) leaves its
places to the waiting lists."""

from django.conf import settings
from django.db.models.signals import pre_delete
from django.dispatch import receiver
from wagtail.signals import page_published

from . import services
from .models import EventPage, Registration


@receiver(page_published, sender=EventPage)
def event_published(sender, instance, **kwargs):
    if instance.cancelled:
        services.notify_cancelled_event(instance)
    else:
        services.forget_cancellation(instance)
        services.fill_free_places(instance)


@receiver(pre_delete, sender=settings.AUTH_USER_MODEL)
def account_deleted(sender, instance, **kwargs):
    """The person's places and waiting-list places are cancelled as they would cancel
    them, so the first on each waiting list moves up (and is told)."""
    for registration in Registration.objects.filter(user=instance).active():
        services.cancel_registration(registration)
