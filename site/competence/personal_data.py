"""The competence app's part of a person's data export (accounts/personal_data.py).

The self-assessments go with the account (their foreign key cascades)."""

from accounts.personal_data import iso, section


@section("competence_self_assessments", ["competence.Assessment.user"])
def self_assessments(user):
    from .models import Assessment

    return [
        {
            "started": iso(a.started_at),
            "last_saved": iso(a.updated_at),
            "completed": iso(a.completed_at),
            "levels": {
                r.competence.code: r.level
                for r in sorted(a.ratings.all(), key=lambda r: r.competence.code)
            },
        }
        for a in Assessment.objects.filter(user=user)
        .prefetch_related("ratings__competence")
        .order_by("started_at", "pk")
    ]
