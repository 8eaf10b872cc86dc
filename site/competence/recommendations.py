"""What to read or watch next: published pages tagged with a person's gap
competences, in the reader's languages first."""

from django.db.models import Case, Count, IntegerField, Prefetch, Q, Value, When
from django.utils.translation import get_language

from taxonomy.models import ClassifiedPage, Competence

LIMIT = 12


def reader_languages(user):
    """The languages a reader reads, most preferred first: the interface language,
    the account's language, then the languages on their network profile (read as
    an attribute, so this app does not import the network)."""
    found = []

    def add(code):
        code = (code or "").split("-")[0].lower()
        if code and code not in found:
            found.append(code)

    add(get_language())
    if getattr(user, "is_authenticated", False):
        add(getattr(user, "language", ""))
        try:
            profile = user.network_profile
        except Exception:  # no profile yet (or no network app): nothing more to add
            profile = None
        for code in getattr(profile, "language_codes", []) or []:
            add(code)
    return found


def language_rank(languages):
    """An annotation: 0 for content in the first language, 1 the second… and
    len(languages) for any other."""
    if not languages:
        return Value(0, output_field=IntegerField())
    return Case(
        *[When(language=code, then=Value(rank)) for rank, code in enumerate(languages)],
        default=Value(len(languages)),
        output_field=IntegerField(),
    )


def for_competences(competence_ids, languages, limit=LIMIT):
    """Published catalogue pages (stories, practices, videos) tagged with any of
    `competence_ids`: the reader's languages first, then those covering the most of
    them, featured and newer first. Each has `gap_competences` (the ones it covers)
    and `type_label`. A fixed number of queries, whatever the number of pages."""
    competence_ids = list(competence_ids)
    if not competence_ids:
        return []
    pages = list(
        ClassifiedPage.objects.in_catalogue()
        .filter(competences__in=competence_ids)
        .annotate(
            covers=Count(
                "competences",
                filter=Q(competences__in=competence_ids),
                distinct=True,
            ),
            language_rank=language_rank(languages),
        )
        .order_by("language_rank", "-covers", "-featured", "-first_published_at", "pk")
        .select_related("content_type")
        .prefetch_related(
            Prefetch(
                "competences",
                queryset=Competence.objects.filter(pk__in=competence_ids).order_by(
                    "code"
                ),
                to_attr="gap_competences",
            )
        )[:limit]
    )
    for page in pages:
        model = page.content_type.model_class()
        page.type_label = getattr(model, "catalogue_type_label", "")
    return pages


EVENT_LIMIT = 4


def upcoming_events(competence_ids, languages, limit=EVENT_LIMIT, now=None):
    """Published, public events that have not ended, tagged with any of
    `competence_ids`: the reader's languages first, then the soonest. Cancelled ones
    are left out. Each has `gap_competences`. The events app's page type is found by
    its label, so this app does not import it; without that app, none. A fixed number
    of queries, whatever the number of events."""
    from django.apps import apps

    competence_ids = list(competence_ids)
    if not competence_ids:
        return []
    try:
        model = apps.get_model("events", "EventPage")
    except LookupError:
        return []
    return list(
        model.objects.live()
        .public()
        .upcoming(now)
        .filter(cancelled=False, competences__in=competence_ids)
        .distinct()
        .annotate(language_rank=language_rank(languages))
        .order_by("language_rank", "starts_at", "pk")
        .select_related("organiser")
        .prefetch_related(
            Prefetch(
                "competences",
                queryset=Competence.objects.filter(pk__in=competence_ids).order_by(
                    "code"
                ),
                to_attr="gap_competences",
            )
        )[:limit]
    )
