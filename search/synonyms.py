"""The editors' synonym groups for the analysis (cached; a change bumps a version)."""

from django.core.cache import cache

VERSION_KEY = "dela_search:synonyms:version"


def version():
    try:
        value = cache.get(VERSION_KEY)
    except Exception:  # a broken cache: ask the database every time
        value = None
    if value is None:
        from .models import Synonym

        latest = (
            Synonym.objects.order_by("-updated_at")
            .values_list("updated_at", flat=True)
            .first()
        )
        value = f"{Synonym.objects.count()}:{latest}"
        try:
            cache.set(VERSION_KEY, value, 300)
        except Exception:
            pass
    return value


def groups():
    from .models import Synonym

    return [(synonym.pk, synonym.term_list()) for synonym in Synonym.objects.all()]


def changed():
    try:
        cache.delete(VERSION_KEY)
    except Exception:
        pass
