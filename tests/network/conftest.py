"""Fixtures for the network tests: places, a group member and a thread."""

import pytest

from accounts.roles import Role, grant_role
from network.models import Visibility
from tests.factories import MunicipalityFactory, UserFactory
from tests.network.network_factories import make_category, make_group, make_thread


@pytest.fixture(autouse=True)
def _roomy_limits(settings):
    """Tests post a lot, quickly: limits are tested on their own with low values."""
    settings.NETWORK_LIMITS = {
        "posts_per_window": 1000,
        "new_member_posts_per_window": 1000,
        "ip_posts_per_window": 1000,
        "new_member_links_per_post": 100,
    }


@pytest.fixture(autouse=True)
def _tasks_at_once(monkeypatch):
    """Tests run inside one transaction that never commits: the network's tasks
    (immediate backend) run at once instead of after the commit. One test below
    checks the real on-commit path."""
    from network import notifications, services

    def at_once(task, *args):
        task.enqueue(*args)

    monkeypatch.setattr(notifications, "enqueue_with_change", at_once)
    monkeypatch.setattr(services, "enqueue_with_change", at_once)


@pytest.fixture
def laholm(db):
    return MunicipalityFactory(name="Laholm", official_code="1381", country__code="SE")


@pytest.fixture
def category(db):
    return make_category()


@pytest.fixture
def members_category(db):
    return make_category("Intern", visibility=Visibility.MEMBERS, slug="intern")


@pytest.fixture
def other_ambassador(db, laholm):
    user = UserFactory(
        email="karin@example.org", display_name="Karin Holm", municipality=laholm
    )
    grant_role(user, Role.MEMBER)
    grant_role(user, Role.AMBASSADOR)
    return user


@pytest.fixture
def group_member(db):
    """A member (not an ambassador) who belongs to the private group."""
    user = UserFactory(email="grupp@example.org", display_name="Gun Grupp")
    grant_role(user, Role.MEMBER)
    return user


@pytest.fixture
def public_group(db, other_ambassador):
    return make_group("Digga Halland", Visibility.PUBLIC, admin=other_ambassador)


@pytest.fixture
def private_group(db, other_ambassador, group_member):
    from network import services

    group = make_group("Styrgruppen", Visibility.PRIVATE, admin=other_ambassador)
    services._add_member(group, group_member)
    return group


@pytest.fixture
def thread(category, other_ambassador, member):
    return make_thread(
        other_ambassador,
        category,
        replies=[(member, "Vi använder Phoniro sedan 2019.")],
    )


@pytest.fixture
def private_thread(private_group, other_ambassador):
    return make_thread(other_ambassador, private_group, title="Budget för nästa år")


@pytest.fixture(autouse=True)
def _in_english(english):
    """These tests assert English source strings (see tests/conftest.py)."""
