"""The events list, an event's page, registration and the iCalendar files.

These are the views behind the routes of EventIndexPage and EventPage (models.py).
Who may do what is asked of permissions.py; what happens to registrations is in
services.py.
"""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _

from . import services
from .forms import EventFilterForm
from .ical import calendar_for
from .models import Registration
from .permissions import permissions

CALENDAR_CONTENT_TYPE = "text/calendar; charset=utf-8"


def _filtered(request, index_page):
    events = index_page.events()
    form = EventFilterForm.for_events(request.GET, events)
    return form, form.apply(events).for_listing()


def _with_places(events):
    """Set `places_left` on each listed event from its annotated count."""
    for event in events:
        event.places_left_now = event.places_left(event.registered_total)
    return events


def event_index(request, index_page):
    """Upcoming events, soonest first, then the most recent past ones."""
    now = timezone.now()
    form, events = _filtered(request, index_page)
    page_obj = Paginator(events.upcoming(now), index_page.upcoming_per_page).get_page(
        request.GET.get("page")
    )
    _with_places(page_obj.object_list)
    preview = list(events.past(now)[: index_page.past_preview_count + 1])
    return index_page.render(
        request,
        template="events/event_index_page.html",
        context_overrides={
            "filter_form": form,
            "page_obj": page_obj,
            "events": page_obj.object_list,
            "past_events": preview[: index_page.past_preview_count],
            "more_past_events": len(preview) > index_page.past_preview_count,
            "query_string": form.query_string(),
        },
    )


def past_events(request, index_page):
    """Every past event, most recent first, a page at a time."""
    form, events = _filtered(request, index_page)
    page_obj = Paginator(events.past(), index_page.past_per_page).get_page(
        request.GET.get("page")
    )
    return index_page.render(
        request,
        template="events/past_events.html",
        context_overrides={
            "filter_form": form,
            "page_obj": page_obj,
            "events": page_obj.object_list,
            "query_string": form.query_string(),
        },
    )


def upcoming_feed(request, index_page):
    """/events/feed.ics: upcoming events (cancelled ones marked so) for calendars."""
    _form, events = _filtered(request, index_page)
    body = calendar_for(
        events.upcoming()[: index_page.feed_limit],
        request,
        name=f"{index_page.title} · Dela",
    )
    return HttpResponse(body, content_type=CALENDAR_CONTENT_TYPE)


def event_ics(request, event):
    """/events/<slug>/event.ics: one event to add to a calendar."""
    response = HttpResponse(calendar_for([event], request), CALENDAR_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{event.slug}.ics"'
    return response


def register(request, event):
    """POST: register the signed-in member, or put them on the waiting list."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    page_url = event.get_url(request)
    if not request.user.is_authenticated:
        return redirect_to_login(page_url)
    if not permissions.can_register(request.user, event):
        reason = event.registration_closed_reason()
        already = (
            Registration.objects.active()
            .filter(event_id=event.pk, user=request.user)
            .exists()
        )
        if reason is not None:
            messages.error(request, reason)
        elif already:
            messages.info(request, _("You are already registered for this event."))
        else:
            messages.error(request, _("Only members can register for events."))
        return redirect(page_url)
    try:
        registration, created = services.register(event, request.user)
    except services.RegistrationRefused as refusal:
        messages.error(request, " ".join(refusal.messages))
        return redirect(page_url)
    waiting = registration.status == Registration.Status.WAITLISTED
    if not created:
        messages.info(
            request,
            _("You are already on the waiting list for this event.")
            if waiting
            else _("You are already registered for this event."),
        )
    elif waiting:
        messages.success(
            request,
            _(
                "The event is full, so you are on the waiting list as number "
                "%(number)s. We will e-mail you if a place becomes free."
            )
            % {"number": registration.waitlist_number()},
        )
    else:
        messages.success(
            request, _("You are registered for %(title)s.") % {"title": event.title}
        )
    return redirect(page_url)


def cancel_registration(request, event):
    """POST: the signed-in member cancels their own place or waiting-list place."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    page_url = event.get_url(request)
    if not request.user.is_authenticated:
        return redirect_to_login(page_url)
    registration = (
        Registration.objects.active()
        .filter(event_id=event.pk, user=request.user)
        .first()
    )
    if registration is None:
        messages.info(request, _("You have no registration to cancel."))
        return redirect(page_url)
    registration.event = event
    if not permissions.can_cancel_registration(request.user, registration):
        messages.error(
            request,
            _("The event has started, so the registration can no longer be cancelled."),
        )
        return redirect(page_url)
    services.cancel_registration(registration)
    messages.success(request, _("Your registration is cancelled."))
    return redirect(page_url)
