"""The DigComp overview: the five areas and 21 competences, with what Dela holds for
each (counted by type), for the overview page."""

from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count

from taxonomy.models import ClassifiedPage

from .services import areas_with_competences


@dataclass
class CompetenceHoldings:
    competence: object
    counts: list = field(default_factory=list)  # per type, in the columns' order

    @property
    def total(self):
        return sum(self.counts)


def holdings():
    """[(area, [CompetenceHoldings])]: published catalogue pages per competence and
    type. A fixed number of queries whatever the number of pages."""
    through = ClassifiedPage.competences.through
    counts = (
        through.objects.filter(
            classifiedpage__in=ClassifiedPage.objects.in_catalogue().values("pk")
        )
        .values("competence_id", "classifiedpage__content_type")
        .annotate(n=Count("pk"))
    )
    types = sorted(ClassifiedPage.catalogue_types().items())  # [(key, (label, model))]
    column = {model: index for index, (_key, (_label, model)) in enumerate(types)}
    per_competence = {}
    for row in counts:
        model = ContentType.objects.get_for_id(
            row["classifiedpage__content_type"]
        ).model_class()
        if model not in column:
            continue
        bucket = per_competence.setdefault(row["competence_id"], [0] * len(types))
        bucket[column[model]] += row["n"]
    result = [
        (
            area,
            [
                CompetenceHoldings(c, per_competence.get(c.pk, [0] * len(types)))
                for c in area.competences.all()
            ],
        )
        for area in areas_with_competences()
    ]
    return result, [label for _key, (label, _model) in types]
