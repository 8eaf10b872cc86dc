"""What publishing an event sets off: cancellation notices, and waiting-list promotions
when an editor adds places."""

from django.dispatch import receiver
from wagtail.signals import page_published

from . import services
from .models import EventPage


@receiver(page_published, sender=EventPage)
def event_published(sender, instance, **kwargs):
    if instance.cancelled:
        services.notify_cancelled_event(instance)
    else:
        services.forget_cancellation(instance)
        services.fill_free_places(instance)
