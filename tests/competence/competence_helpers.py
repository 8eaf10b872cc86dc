"""Learning paths built as an editor builds them in the admin."""

from competence.models import LearningPathIndexPage, LearningPathPage, LearningPathStep
from home.models import HomePage
from taxonomy.models import Competence


def paths_index():
    found = LearningPathIndexPage.objects.first()
    if found:
        return found
    index = LearningPathIndexPage(title="Lärvägar", slug="paths")
    HomePage.objects.first().add_child(instance=index)
    index.save_revision().publish()
    return index


def make_path(title, pages, *, competences=(), language="sv", live=True, **fields):
    """A path whose steps are `pages` in order, published unless live=False."""
    index = paths_index()
    path = LearningPathPage(
        title=title,
        summary=fields.pop("summary", f"Om {title}."),
        language=language,
        live=False,
        **fields,
    )
    path.competences = list(Competence.objects.filter(code__in=competences))
    path.steps = [
        LearningPathStep(page=page, note=f"Läs {page.title}.") for page in pages
    ]
    index.add_child(instance=path)
    revision = path.save_revision()
    if live:
        revision.publish()
    return LearningPathPage.objects.get(pk=path.pk)
