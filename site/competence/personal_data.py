"""The competence app's part of a person's data export (accounts/personal_data.py).

The self-assessments, path records and programme-lead appointments go with the
account (their foreign keys cascade)."""

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


@section("learning_paths", ["competence.PathFollow.user", "competence.StepDone.user"])
def learning_paths(user):
    from .models import PathFollow, StepDone

    done = {}
    for record in StepDone.objects.filter(user=user).select_related("step__page"):
        done.setdefault(record.step.path_id, []).append(
            {"step": record.step.page.title, "done": iso(record.done_at)}
        )
    return [
        {
            "path": follow.path.title,
            "started": iso(follow.started_at),
            "completed": iso(follow.completed_at),
            "steps_done": done.get(follow.path_id, []),
        }
        for follow in PathFollow.objects.filter(user=user)
        .select_related("path")
        .order_by("started_at", "pk")
    ]


@section("programme_leads", ["competence.ProgrammeLead.user"])
def programme_leads(user):
    from .models import ProgrammeLead

    return [
        {
            "municipality": lead.municipality.name if lead.municipality else None,
            "region": lead.region.name if lead.region else None,
        }
        for lead in ProgrammeLead.objects.of(user)
        .select_related("municipality", "region")
        .order_by("pk")
    ]
