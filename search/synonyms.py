"""The editors' synonym groups for the analysis (cached; a change bumps a version)."""

from django.core.cache import cache

VERSION_KEY = "dela_search:synonyms:version"


def version():
    value = cache.get(VERSION_KEY)
    if value is None:
        from .models import Synonym

        latest = (
            Synonym.objects.order_by("-updated_at")
            .values_list("updated_at", flat=True)
            .first()
        )
        value = f"{Synonym.objects.count()}:{latest}"
        cache.set(VERSION_KEY, value, 300)
    return value


def groups():
    from .models import Synonym

    return [(synonym.pk, synonym.term_list()) for synonym in Synonym.objects.all()]


def changed():
    cache.delete(VERSION_KEY)
