"""A municipality's page (/municipalities/<slug>/): its ambassadors, published
stories, upcoming events and learning paths, and its aggregate competence picture.

Each part asks the rule of the app that owns it: the directory's (accounts.roles
through the network's Profile.objects.ambassadors()) and the profile visibility
rule (Profile.objects.visible_to), the catalogue's publication rule, the events'
upcoming(), and the programme view's five-person rule (programme.area_picture).
The other apps' models are found by label, so this app imports none of them. A
fixed number of queries, whatever the number of people and pages.
"""

from django.apps import apps
from django.contrib.auth import get_user_model

from taxonomy.models import ClassifiedPage

from .models import LearningPathPage
from .programme import area_picture

LIMIT = 12


def _model(label):
    try:
        return apps.get_model(label)
    except LookupError:  # that app is not installed: its part is left out
        return None


def ambassadors(municipality, reader):
    """The municipality's ambassadors whose profile `reader` may see."""
    Profile = _model("network.Profile")
    if Profile is None:
        return []
    return list(
        Profile.objects.visible_to(reader)
        .ambassadors()
        .filter(user__municipality=municipality)
        .for_listing()
        .order_by("user__display_name", "pk")
    )


def stories(municipality):
    model = ClassifiedPage.catalogue_types().get("story", (None, None))[1]
    if model is None:
        return []
    return list(
        model.objects.in_catalogue()
        .filter(municipalities=municipality)
        .for_listing()
        .newest_first()[:LIMIT]
    )


def upcoming_events(municipality):
    model = _model("events.EventPage")
    if model is None:
        return []
    return list(
        model.objects.live()
        .public()
        .filter(organiser=municipality)
        .upcoming()
        .for_listing()[:LIMIT]
    )


def learning_paths(municipality):
    return list(
        LearningPathPage.objects.in_catalogue()
        .filter(municipalities=municipality)
        .order_by("-featured", "title")[:LIMIT]
    )


def page_of(municipality, reader):
    """Everything the municipality's page shows, for `reader`."""
    people = get_user_model().objects.filter(is_active=True, municipality=municipality)
    return {
        "municipality": municipality,
        "ambassadors": ambassadors(municipality, reader),
        "stories": stories(municipality),
        "events": upcoming_events(municipality),
        "paths": learning_paths(municipality),
        "areas": area_picture(people),
    }
