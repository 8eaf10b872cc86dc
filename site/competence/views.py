"""The self-assessment: a start page, one page per DigComp area, finishing, and the
result with its chart, table, gaps and progress."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from taxonomy.models import CompetenceArea, Municipality

from . import levels, municipality, overview, paths, recommendations, services
from . import programme as programme_figures
from .forms import AreaForm, CompareForm, ScopeForm
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
    gap_ids = [row.competence.pk for row in gaps]
    languages = recommendations.reader_languages(request.user)
    recommended = recommendations.for_competences(gap_ids, languages)
    events = recommendations.upcoming_events(gap_ids, languages)
    return render(
        request,
        "competence/assessment_result.html",
        {
            "assessment": assessment,
            "previous": previous,
            "areas": areas,
            "gaps": gaps,
            "recommended": recommended,
            "recommended_events": events,
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


def _programme_required(view):
    """Signed in (else to the login page) and allowed the programme view (else
    403: the page exists, it is for editors and programme leads)."""

    @login_required
    def wrapped(request, *args, **kwargs):
        if not permissions.can_see_programme(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


def _programme_scope(request):
    """The scope form and the place it names, if the reader may see that place's
    programme (403 otherwise: a programme lead asking for another place)."""
    places = permissions.programme_places(request.user)
    form = ScopeForm(request.GET or None, places=places)
    scope = form.scope()
    if not permissions.can_see_programme(request.user, scope):
        raise PermissionDenied
    return form, scope


@_programme_required
def programme(request):
    """The programme's figures for everyone, a region or a municipality: tables
    (and bars), only aggregates over at least five people."""
    form, scope = _programme_scope(request)
    data = programme_figures.figures(scope)
    query = request.GET.urlencode() if form.is_bound and form.is_valid() else ""
    return render(
        request,
        "competence/programme.html",
        {"form": form, "query": query, **data},
    )


@_programme_required
def programme_csv(request):
    import csv

    from django.http import HttpResponse

    from dela.spreadsheets import BOM, safe_cell

    form, scope = _programme_scope(request)
    if form.is_bound and not form.is_valid():
        return HttpResponse(
            " ".join(e for errors in form.errors.values() for e in errors),
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    data = programme_figures.figures(scope)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="dela-programme.csv"'
    response.write(BOM)
    writer = csv.writer(response)
    for row in programme_figures.csv_rows(data):
        writer.writerow([safe_cell(cell) for cell in row])
    return response


def municipality_page(request, slug):
    """A municipality's page: its ambassadors, stories, upcoming events, learning
    paths and its aggregate competence picture (figures over at least five people)."""
    place = get_object_or_404(Municipality.objects.with_place(), slug=slug)
    return render(
        request,
        "competence/municipality.html",
        {
            **municipality.page_of(place, request.user),
            "min_people": programme_figures.MIN_PEOPLE,
        },
    )
