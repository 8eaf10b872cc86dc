"""Ambassadors propose learning paths from the site: a draft path under the paths
index sent to the editors' review (taxonomy.review), followed on the author's
proposals page, edited while a draft or sent back, approved in the admin. Bad input
writes nothing."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from wagtail.models import PageViewRestriction, Workflow, WorkflowState

from accounts.roles import Role, grant_role
from competence import proposals
from competence.models import LearningPathPage, ProgrammeLead
from competence.permissions import permissions
from taxonomy.models import Competence
from taxonomy.review import (
    ReviewAction,
    SubmissionStatus,
    problem_of,
    review_page,
    submission_of,
)
from tests.catalogue.catalogue_factories import make_entry, make_index
from tests.competence.competence_helpers import make_path, paths_index
from tests.events.event_helpers import events_index, make_event
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PROPOSE = "/competence/paths/propose/"
PROPOSALS = "/competence/paths/proposals/"


def edit_url(path):
    return f"/competence/paths/proposals/{path.pk}/edit/"


@pytest.fixture
def capture(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def index(db):
    return paths_index()


@pytest.fixture
def pages(index):
    catalogue = make_index()
    return [
        make_entry(catalogue, "Digitala nycklar i hemtjänsten", competences=["4.2"]),
        make_entry(catalogue, "Läsplattor på äldreboendet", competences=["2.4"]),
        make_event(events_index(), capacity=10),
    ]


@pytest.fixture
def programme_lead(halmstad):
    user = UserFactory(email="lead@example.org")
    grant_role(user, Role.MEMBER)
    ProgrammeLead.objects.create(user=user, municipality=halmstad)
    return user


def form_data(steps, **fields):
    """A POST of the proposal form with `steps` [(page, note)] in order."""
    data = {
        "title": "Digital tillsyn på fem veckor",
        "summary": "Från nycklar till läsplattor, ett steg i veckan.",
        "intro": "För dig i hemtjänsten.\n\nEtt steg i veckan.",
        "duration": "Fem veckor",
        "language": "sv",
        "competences": [str(Competence.objects.get(code="4.2").pk)],
        "steps-TOTAL_FORMS": str(len(steps)),
        "steps-INITIAL_FORMS": "0",
        "steps-MIN_NUM_FORMS": "0",
        "steps-MAX_NUM_FORMS": "1000",
        "action": "submit",
    }
    for number, (page, note) in enumerate(steps):
        data[f"steps-{number}-page"] = str(page.pk if hasattr(page, "pk") else page)
        data[f"steps-{number}-position"] = str(number + 1)
        data[f"steps-{number}-note"] = note
    data.update(fields)
    return data


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def path_input(pages, **fields):
    values = {
        "title": "Digital tillsyn",
        "summary": "Kort.",
        "language": "sv",
        "steps": [(page.pk, "") for page in pages],
    }
    values.update(fields)
    return proposals.PathInput(**values)


# --- Permissions, every role ---------------------------------------------------------


@pytest.mark.parametrize(
    "role, may_propose",
    [
        ("visitor", False),
        ("member", False),
        ("ambassador", True),
        ("moderator", True),
        ("editor", False),  # editors compose paths in the admin
        ("admin", True),
        ("programme_lead", False),
    ],
)
def test_who_may_propose_a_path(request, index, pages, role, may_propose):
    user = request.getfixturevalue(role)
    assert permissions.can_propose_path(user) is may_propose
    assert permissions.can_see_proposals(user) is (role != "visitor")
    client = Client()
    if role != "visitor":
        client.force_login(user)
    response = client.get(PROPOSE)
    if role == "visitor":
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")
        return
    assert response.status_code == 200
    html = response.content.decode()
    assert ('name="action" value="submit"' in html) is may_propose
    response = client.post(PROPOSE, form_data([(pages[0], "")]))
    assert response.status_code == (302 if may_propose else 403)
    assert LearningPathPage.objects.filter(live=False).exists() is may_propose
    if not may_propose:
        with pytest.raises(PermissionDenied):
            proposals.propose_path(user, path_input(pages[:1]), index)


def test_only_the_author_edits_and_only_while_draft_or_sent_back(
    index, pages, ambassador, editor, admin, member
):
    path = proposals.propose_path(ambassador, path_input(pages[:1]), index)
    other = UserFactory()
    grant_role(other, Role.AMBASSADOR)
    # In review: nobody's turn but the editors'.
    for user in (ambassador, other, editor, admin, member):
        assert not permissions.can_edit_proposal(user, path)
    review_page(path, editor, ReviewAction.REQUEST_CHANGES, "Fler steg, tack.")
    path = LearningPathPage.objects.get(pk=path.pk)
    assert permissions.can_edit_proposal(ambassador, path)
    for user in (other, editor, admin, member):
        assert not permissions.can_edit_proposal(user, path)
    # Someone else's proposal does not exist for them; the author's opens.
    assert signed_in(other).get(edit_url(path)).status_code == 404
    assert signed_in(editor).get(edit_url(path)).status_code == 404
    assert signed_in(ambassador).get(edit_url(path)).status_code == 200


# --- Proposing -----------------------------------------------------------------------


def test_an_ambassador_proposes_a_path_that_goes_to_review(
    index, pages, ambassador, capture
):
    client = signed_in(ambassador)
    mail.outbox.clear()
    with capture():
        response = client.post(
            PROPOSE,
            form_data([(pages[2], "Anmäl dig."), (pages[0], "Läs först.")]),
        )
    assert response.status_code == 302
    assert response["Location"] == PROPOSALS
    path = LearningPathPage.objects.get()
    assert not path.live
    assert path.owner == ambassador
    assert path.get_parent().specific == index
    draft = path.get_latest_revision_as_object()
    assert [s.page_id for s in draft.steps.all()] == [pages[2].pk, pages[0].pk]
    assert [s.note for s in draft.steps.all()] == ["Anmäl dig.", "Läs först."]
    assert draft.intro == "<p>För dig i hemtjänsten.</p><p>Ett steg i veckan.</p>"
    assert [c.code for c in draft.competences.all()] == ["4.2"]
    # The index's assigned workflow, the one every classified page uses.
    state = WorkflowState.objects.for_instance(path).get()
    assert state.workflow == index.get_workflow()
    assert submission_of(path).status == SubmissionStatus.IN_REVIEW
    # Dela's e-mail to the author, with the proposals page.
    (message,) = [m for m in mail.outbox if m.to == [ambassador.email]]
    assert PROPOSALS in message.body
    html = client.get(PROPOSALS).content.decode()
    assert "Digital tillsyn på fem veckor" in html
    assert 'status--in_review"' in html


def test_the_chooser_finds_and_adds_steps_without_javascript(
    index, pages, ambassador, english
):
    client = signed_in(ambassador)
    data = form_data([(pages[0], "Läs.")], q="läsplattor", action="find")
    html = client.post(PROPOSE, data).content.decode()
    # Found by its title, offered as a labelled checkbox; the typed form is kept.
    assert f'name="add" value="{pages[1].pk}"' in html
    assert f'name="add" value="{pages[0].pk}"' not in html  # already a step
    assert "Digital tillsyn på fem veckor" in html
    assert not LearningPathPage.objects.exists()
    data = form_data([(pages[0], "Läs.")], add=[str(pages[1].pk)], action="add")
    html = client.post(PROPOSE, data).content.decode()
    assert 'name="steps-TOTAL_FORMS" value="2"' in html
    assert f'name="steps-1-page" value="{pages[1].pk}"' in html
    assert "Läsplattor på äldreboendet" in html
    assert not LearningPathPage.objects.exists()
    # Positions reorder; a removed step goes.
    data = form_data([(pages[0], ""), (pages[1], ""), (pages[2], "")], action="add")
    data["steps-0-position"] = "3"
    data["steps-2-remove"] = "on"
    html = client.post(PROPOSE, data).content.decode()
    assert f'name="steps-0-page" value="{pages[1].pk}"' in html
    assert f'name="steps-1-page" value="{pages[0].pk}"' in html
    assert 'name="steps-TOTAL_FORMS" value="2"' in html
    # Nothing found says so.
    data = form_data([], q="ingenting sådant", action="find")
    assert "has that in its title" in client.post(PROPOSE, data).content.decode()


@pytest.fixture
def hidden_pages(index, pages):
    catalogue = pages[0].get_parent()
    draft = make_entry(catalogue, "Ett utkast", live=False)
    restricted = make_entry(catalogue, "Bara för inloggade")
    PageViewRestriction.objects.create(
        page=restricted, restriction_type=PageViewRestriction.LOGIN
    )
    not_a_step = paths_index()  # published, but not a story, video, practice, event
    return {"draft": draft, "restricted": restricted, "index": not_a_step}


@pytest.mark.parametrize(
    "steps, message",
    [
        (lambda p, h: [], "Add at least one step"),
        (lambda p, h: [p[0], p[1], p[0]], "Each page can be a step once"),
        (lambda p, h: [p[0], h["draft"]], "“Ett utkast”"),
        (lambda p, h: [h["restricted"]], "“Bara för inloggade”"),
        (lambda p, h: [h["index"]], "that everyone may read"),
        (lambda p, h: [p[0], 999999], "a page that no longer exists"),
        (lambda p, h: p * 7, "at most 20 steps"),
    ],
    ids=["none", "twice", "draft", "restricted", "wrong-type", "gone", "too-many"],
)
def test_bad_steps_are_refused_and_nothing_is_written(
    index, pages, hidden_pages, ambassador, english, steps, message
):
    chosen = steps(pages, hidden_pages)
    if len(chosen) > proposals.MAX_STEPS:
        # As many distinct published pages as it takes.
        catalogue = pages[0].get_parent()
        chosen = [
            make_entry(catalogue, f"Exempel {n}")
            for n in range(proposals.MAX_STEPS + 1)
        ]
    before = LearningPathPage.objects.count()
    response = signed_in(ambassador).post(
        PROPOSE, form_data([(page, "") for page in chosen])
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert 'role="alert"' in html
    assert LearningPathPage.objects.count() == before
    assert not WorkflowState.objects.exists()


def test_bad_input_is_refused_in_swedish_too(index, pages, ambassador):
    response = signed_in(ambassador).post(PROPOSE, form_data([]))
    assert "Lägg till minst ett steg" in response.content.decode()


def test_a_switched_off_review_keeps_nothing(index, pages, ambassador, editor):
    for workflow in Workflow.objects.filter(active=True):
        workflow.deactivate(user=editor)
    with pytest.raises(ValidationError):
        proposals.propose_path(ambassador, path_input(pages[:1]), index)
    assert not LearningPathPage.objects.exists()


# --- Review: changes, resubmission, approval, rejection ------------------------------


def test_changes_requested_edited_resubmitted_and_approved(
    index, pages, ambassador, editor, capture
):
    client = signed_in(ambassador)
    client.post(PROPOSE, form_data([(pages[0], "")]))
    path = LearningPathPage.objects.get()
    mail.outbox.clear()
    with capture():
        review_page(path, editor, ReviewAction.REQUEST_CHANGES, "Lägg till eventet.")
    (message,) = [m for m in mail.outbox if m.to == [ambassador.email]]
    assert "Lägg till eventet." in message.body and PROPOSALS in message.body
    listing = client.get(PROPOSALS).content.decode()
    assert "Lägg till eventet." in listing and edit_url(path) in listing
    form = client.get(edit_url(path)).content.decode()
    assert f'name="steps-0-page" value="{pages[0].pk}"' in form
    response = client.post(
        edit_url(path),
        form_data([(pages[0], ""), (pages[2], "Kom dit.")], title="Ny titel"),
    )
    assert response.status_code == 302
    path = LearningPathPage.objects.get(pk=path.pk)
    assert submission_of(path).status == SubmissionStatus.IN_REVIEW
    review_page(path, editor, ReviewAction.APPROVE)
    path = LearningPathPage.objects.get(pk=path.pk)
    assert path.live and path.title == "Ny titel"
    assert [s.page_id for s in path.ordered_steps()] == [pages[0].pk, pages[2].pk]
    assert submission_of(path).status == SubmissionStatus.PUBLISHED
    # Published: no longer the author's to edit; it is in the catalogue's listing.
    assert client.get(edit_url(path)).status_code == 403
    assert path in LearningPathPage.objects.in_catalogue()
    assert "Ny titel" in Client().get(index.url).content.decode()


def test_a_draft_is_edited_and_sent_to_review(index, pages, ambassador):
    path = proposals.propose_path(ambassador, path_input(pages[:1]), index)
    # The workflow cancelled (e.g. by an editor): the proposal is a draft again.
    WorkflowState.objects.for_instance(path).get().cancel()
    path = LearningPathPage.objects.get(pk=path.pk)
    assert submission_of(path).status == SubmissionStatus.DRAFT
    assert edit_url(path) in signed_in(ambassador).get(PROPOSALS).content.decode()
    response = signed_in(ambassador).post(edit_url(path), form_data([(pages[1], "")]))
    assert response.status_code == 302
    path = LearningPathPage.objects.get(pk=path.pk)
    assert submission_of(path).status == SubmissionStatus.IN_REVIEW


def test_a_step_unpublished_meanwhile_stops_the_approval(
    index, pages, ambassador, editor
):
    path = proposals.propose_path(ambassador, path_input(pages[:2]), index)
    pages[1].unpublish()
    # The publication rule names the step; the review offers no approval.
    assert "Läsplattor" in problem_of(path.get_latest_revision_as_object())
    task = path.current_workflow_task
    assert "approve" not in [name for name, *_rest in task.get_actions(path, editor)]
    with pytest.raises(PermissionDenied):
        review_page(path, editor, ReviewAction.APPROVE)
    assert not LearningPathPage.objects.get(pk=path.pk).live


def test_a_rejected_proposal_is_closed(index, pages, ambassador, editor):
    path = proposals.propose_path(ambassador, path_input(pages[:1]), index)
    review_page(path, editor, ReviewAction.REJECT, "Finns redan.")
    path = LearningPathPage.objects.get(pk=path.pk)
    assert submission_of(path).status == SubmissionStatus.REJECTED
    assert not permissions.can_edit_proposal(ambassador, path)
    assert "Finns redan." in signed_in(ambassador).get(PROPOSALS).content.decode()


def test_editors_approve_a_proposed_path_in_the_admin(
    client, index, pages, ambassador, editor
):
    path = proposals.propose_path(ambassador, path_input(pages[:2]), index)
    task_state = path.current_workflow_task_state
    client.force_login(editor)
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[path.pk]))
    assert edit.status_code == 200
    response = client.post(
        reverse(
            "wagtailadmin_pages:workflow_action",
            args=[path.pk, "approve", task_state.pk],
        ),
        {"comment": ""},
    )
    assert response.status_code == 302
    assert LearningPathPage.objects.get(pk=path.pk).live


def test_an_editors_path_with_a_draft_step_cannot_be_published(index, pages):
    draft = make_entry(pages[0].get_parent(), "Ej publicerad", live=False)
    with pytest.raises(ValidationError, match="Ej publicerad"):
        make_path("Med utkast", [pages[0], draft])


def test_the_proposals_page_takes_fixed_queries(
    index, pages, ambassador, django_assert_max_num_queries
):
    for number in range(3):
        proposals.propose_path(
            ambassador, path_input(pages[:1], title=f"Väg {number}"), index
        )
    client = signed_in(ambassador)
    client.get(PROPOSALS)
    with django_assert_max_num_queries(20):
        html = client.get(PROPOSALS).content.decode()
    assert html.count('class="submission submission--in_review"') == 3


@pytest.mark.parametrize(
    "tamper",
    [
        {"steps-0-page": "9" * 30},
        {"steps-0-page": "abc"},
        {"steps-0-position": "-4"},
        {"steps-TOTAL_FORMS": "x"},
        {"steps-TOTAL_FORMS": "100000"},
        {"action": "find", "q": "nycklar\x00"},
        {"action": "add", "add": ["9" * 30, "x", "-1"]},
    ],
    ids=["huge-id", "text-id", "bad-position", "bad-total", "many", "nul", "bad-add"],
)
def test_hostile_form_data_is_an_answer_not_a_crash(index, pages, ambassador, tamper):
    data = form_data([(pages[0], "")])
    data.update(tamper)
    response = signed_in(ambassador).post(PROPOSE, data)
    assert response.status_code == 200
    assert not LearningPathPage.objects.exists()
    if tamper.get("action") is None:
        assert 'role="alert"' in response.content.decode()
