"""The self-assessment: a start page, one page per DigComp area, finishing, and the
result with its chart, table, gaps and progress."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from taxonomy.models import CompetenceArea

from . import levels, overview, paths, recommendations, services
from .forms import AreaForm, CompareForm
from .models import Assessment, LearningPathPage, LearningPathStep, RoleProfile
from .permissions import permissions


def _assessor_required(view):
    """Signed in (else to the login page) and allowed to assess."""

    @login_required
    def wrapped(request, *args, **kwargs):
        if not permissions.can_assess(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


@_assessor_required
def assessment_start(request):
    """Where the person starts or continues, finishes, and finds their results."""
    draft = services.open_assessment(request.user)
    rated = {}
    if draft:
        rated = dict(
            draft.ratings.values("competence__area__code")
            .annotate(n=Count("pk"))
            .values_list("competence__area__code", "n")
        )
    areas = CompetenceArea.objects.annotate(total=Count("competences")).order_by("code")
    area_rows = [(area, rated.get(area.code, 0), area.total) for area in areas]
    missing = services.missing_competences(draft) if draft else None
    completed = list(Assessment.objects.of(request.user).completed())
    return render(
        request,
        "competence/assessment_start.html",
        {
            "draft": draft,
            "area_rows": area_rows,
            "can_finish": draft is not None and not missing,
            "completed": completed,
            "first_area": area_rows[0][0] if area_rows else None,
        },
    )


@_assessor_required
def assessment_area(request, code):
    """One area's competences as radio groups; saving keeps what is chosen."""
    areas = list(CompetenceArea.objects.order_by("code"))
    area = next((a for a in areas if a.code == code), None)
    if area is None:
        raise Http404
    position = areas.index(area)
    following = areas[position + 1] if position + 1 < len(areas) else None
    draft = services.open_assessment(request.user)
    initial = draft.levels_by_code() if draft else {}
    if request.method == "POST":
        form = AreaForm(area, request.POST, initial_levels=initial)
        if form.is_valid():
            services.save_ratings(request.user, form.levels_by_competence())
            if "stop" in request.POST:
                messages.success(
                    request, _("Saved. You can continue where you left off later.")
                )
                return redirect("competence:assessment")
            if following is not None:
                return redirect("competence:assessment_area", code=following.code)
            return redirect(reverse("competence:assessment") + "#finish")
    else:
        form = AreaForm(area, initial_levels=initial)
    return render(
        request,
        "competence/assessment_area.html",
        {
            "area": area,
            "form": form,
            "areas": areas,
            "position": position + 1,
            "following": following,
            "previous_area": areas[position - 1] if position else None,
        },
    )


@require_POST
@_assessor_required
def assessment_finish(request):
    try:
        assessment = services.finish(request.user)
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
        return redirect("competence:assessment")
    messages.success(request, _("Your self-assessment is saved."))
    return redirect("competence:assessment_result", pk=assessment.pk)


@_assessor_required
def assessment_result(request, pk):
    """The person's profile: a chart, the same as a table, gaps and progress."""
    assessment = get_object_or_404(Assessment, pk=pk, completed_at__isnull=False)
    if not permissions.can_view_assessment(request.user, assessment):
        raise Http404
    profiles = list(RoleProfile.objects.prefetch_related("targets__competence"))
    compare = CompareForm(
        request.GET if "profile" in request.GET else None, profiles=profiles
    )
    role = compare.chosen()
    areas, previous = services.profile(
        assessment, role.target_levels() if role else None
    )
    gaps = services.gaps(areas)
    recommended = recommendations.for_competences(
        [row.competence.pk for row in gaps],
        recommendations.reader_languages(request.user),
    )
    return render(
        request,
        "competence/assessment_result.html",
        {
            "assessment": assessment,
            "previous": previous,
            "areas": areas,
            "gaps": gaps,
            "recommended": recommended,
            "chart": services.chart(areas),
            "target_label": levels.label(levels.DEFAULT_TARGET),
            "compare": compare,
            "role": role,
        },
    )


def digcomp(request):
    """DigComp 2.2 at a glance: every area and competence, what Dela holds for each
    and links to the catalogue and search filtered by it."""
    from catalogue.models import CatalogueIndexPage

    areas, type_labels = overview.holdings()
    catalogue = CatalogueIndexPage.objects.live().public().first()
    return render(
        request,
        "competence/digcomp.html",
        {
            "areas": areas,
            "type_labels": type_labels,
            "catalogue_url": catalogue.get_url(request) if catalogue else "",
            "levels": [
                (level, levels.label(level), levels.DESCRIPTIONS[level])
                for level in levels.LEVELS
            ],
        },
    )


def _followable_path(request, pk):
    path = get_object_or_404(LearningPathPage, pk=pk)
    if not permissions.can_follow_path(request.user, path):
        raise Http404
    return path


@require_POST
@_assessor_required
def path_follow(request, pk):
    path = _followable_path(request, pk)
    paths.follow(request.user, path)
    messages.success(request, _("You follow this path. Mark each step done as you go."))
    return redirect(path.get_url(request) + "#steps")


@require_POST
@_assessor_required
def path_step(request, pk, step):
    path = _followable_path(request, pk)
    step = get_object_or_404(LearningPathStep, pk=step, path=path)
    done = request.POST.get("done") != "0"
    record = paths.mark_step(request.user, step, done=done)
    if done and record.completed_at:
        messages.success(request, _("You have completed this path. Well done!"))
    return redirect(path.get_url(request) + f"#step-{step.pk}")


@_assessor_required
def my_paths(request):
    """The paths the member follows, with their progress."""
    return render(
        request,
        "competence/my_paths.html",
        {"follows": paths.followed_by(request.user)},
    )
