"""The self-assessment: a start page, one page per DigComp area, finishing, and the
result with its chart, table, gaps and progress."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dela.text import html_to_text
from taxonomy.models import CompetenceArea, Municipality
from taxonomy.review import attach_submissions, submission_of

from . import (
    levels,
    municipality,
    overview,
    paths,
    proposals,
    recommendations,
    services,
)
from . import programme as programme_figures
from .forms import (
    AreaForm,
    CompareForm,
    PathProposalForm,
    ScopeForm,
    StepFormSet,
    page_id,
    step_rows,
)
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


# --- Proposing a learning path (ambassadors) -----------------------------------------

PROPOSALS_PER_PAGE = 20


def _private(response):
    """Pages about one person's proposals are never cached by anyone."""
    add_never_cache_headers(response)
    return response


def _path_form(request, path=None, initial=None):
    """The proposal form, its steps and the chooser, for a new proposal (`path`
    None) or the author's draft. POST actions: `find` (search pages for steps),
    `add` (the ticked results become steps), `submit` (send to the editors). Only
    `submit` writes; the others redraw the form with what was typed."""
    action = request.POST.get("action", "submit") if request.method == "POST" else ""
    results, query = [], ""
    if request.method != "POST":
        form = PathProposalForm(initial=initial)
        steps = StepFormSet(prefix="steps", initial=(initial or {}).get("steps", []))
    elif action in ("find", "add"):
        bound = PathProposalForm(request.POST)
        posted = StepFormSet(request.POST, prefix="steps")
        added = []
        if action == "add":
            added = [page_id(v) for v in request.POST.getlist("add")]
            added = [v for v in added if v is not None]
        rows = step_rows(posted, added)
        form = PathProposalForm(initial=bound.values())
        steps = StepFormSet(prefix="steps", initial=rows)
        if action == "find":
            query = request.POST.get("q", "").replace("\x00", "").strip()[:200]
            results = proposals.step_candidates(
                query, exclude=[row["page"] for row in rows]
            )
    else:
        form = PathProposalForm(request.POST)
        steps = StepFormSet(request.POST, prefix="steps")
        if form.is_valid() and steps.is_valid():
            rows = step_rows(steps)
            data = proposals.PathInput(
                title=form.cleaned_data["title"],
                summary=form.cleaned_data["summary"],
                intro=form.cleaned_data["intro"],
                duration=form.cleaned_data["duration"],
                language=form.cleaned_data["language"],
                competences=form.cleaned_data["competences"],
                steps=[(row["page"], row["note"]) for row in rows],
            )
            try:
                if path is None:
                    proposals.propose_path(request.user, data)
                else:
                    proposals.revise_path(request.user, path, data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                return None
    _attach_step_pages(steps)
    return {
        "form": form,
        "steps": steps,
        "results": results,
        "query": query,
        "searched": action == "find",
        "max_steps": proposals.MAX_STEPS,
    }


def _attach_step_pages(formset):
    """Each step form's page (`form.target`, specific, for its title and type) in
    a fixed number of queries."""
    from wagtail.models import Page

    ids = [page_id(form["page"].value()) for form in formset.forms]
    pages = Page.objects.filter(pk__in=[i for i in ids if i]).specific().in_bulk()
    for form, pk in zip(formset.forms, ids, strict=True):
        form.target = pages.get(pk)
        form.type_label = proposals.type_label(form.target) if form.target else ""


def _proposer_required(view):
    """Signed in (else to the login page); members who may not propose see how
    to become an ambassador (a POST is refused outright)."""

    @login_required
    def wrapped(request, *args, **kwargs):
        if not permissions.can_propose_path(request.user):
            status = 403 if request.method == "POST" else 200
            return _private(
                render(request, "competence/become_ambassador.html", status=status)
            )
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


@_proposer_required
def propose_path(request):
    """/competence/paths/propose/: an ambassador proposes a learning path."""
    if proposals.paths_index() is None:
        raise Http404
    initial = {"language": _reader_language(request.user)}
    context = _path_form(request, initial=initial)
    if context is None:
        messages.success(
            request,
            _(
                "Thank you! Your learning path has gone to the editors. We will "
                "e-mail you when they have read it."
            ),
        )
        return redirect("competence:path_proposals")
    return _private(render(request, "competence/propose_path.html", context))


def _reader_language(user):
    from django.conf import settings

    languages = dict(settings.DELA_CONTENT_LANGUAGES)
    return user.language if getattr(user, "language", "") in languages else "sv"


@login_required
def path_proposals(request):
    """/competence/paths/proposals/: the author's proposed paths and where each
    stands."""
    if not permissions.can_see_proposals(request.user):
        raise Http404
    page_obj = Paginator(
        proposals.proposals_of(request.user), PROPOSALS_PER_PAGE
    ).get_page(request.GET.get("page"))
    page_obj.object_list = attach_submissions(page_obj.object_list)
    return _private(
        render(
            request,
            "competence/path_proposals.html",
            {
                "page_obj": page_obj,
                "paths": page_obj.object_list,
                "can_propose": permissions.can_propose_path(request.user),
            },
        )
    )


@login_required
def edit_path_proposal(request, pk):
    """/competence/paths/proposals/<id>/edit/: the author changes their draft or
    a path an editor sent back, and sends it again."""
    path = LearningPathPage.objects.filter(pk=pk).first()
    if path is None or path.owner_id != request.user.pk:
        # Someone else's proposal does not exist as far as this user knows.
        raise Http404
    if not permissions.can_edit_proposal(request.user, path):
        raise PermissionDenied
    submission = submission_of(path)
    draft = path.get_latest_revision_as_object()
    context = _path_form(request, path=path, initial=_initial_from(draft))
    if context is None:
        messages.success(
            request, _("Your changes have gone back to the editors. Thank you!")
        )
        return redirect("competence:path_proposals")
    context.update(path=draft, submission=submission)
    return _private(render(request, "competence/propose_path.html", context))


def _initial_from(draft):
    steps = sorted(draft.steps.all(), key=lambda step: step.sort_order or 0)
    return {
        "title": draft.title,
        "summary": draft.summary,
        "intro": html_to_text(draft.intro),
        "duration": draft.duration,
        "language": draft.language,
        "competences": [c.pk for c in draft.competences.all()],
        "steps": [
            {"page": step.page_id, "position": number, "note": step.note}
            for number, step in enumerate(steps, 1)
        ],
    }
