"""Accounts as a person meets them: sign-up, e-mail confirmation, login, password reset,
becoming an ambassador, the profile page, rate limits and municipal single sign-on."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import translation

from accounts.models import AmbassadorRequest
from accounts.roles import Role, grant_role, roles_of
from tests.factories import PASSWORD, MunicipalityFactory, UserFactory

pytestmark = pytest.mark.django_db

User = get_user_model()
NEW_PASSWORD = "another-long-password-8642"
MOTIVATION = "I run the digital drop-in for colleagues in elderly care."


@pytest.fixture
def client():
    """A browser that asks for English, so messages can be read in the tests."""
    return Client(headers={"accept-language": "en"})


def page(response):
    return response.content.decode()


def link_in(message, path_pattern):
    found = re.search(rf"https?://[^\s/]+({path_pattern})", message.body)
    assert found, f"no {path_pattern} link in: {message.body}"
    return found.group(1)


def sign_up(client, email, password=PASSWORD):
    return client.post(
        "/accounts/signup/",
        {"email": email, "password1": password, "password2": password},
    )


def confirm(client, email):
    """Follow the confirmation link of the last e-mail sent to `email`."""
    message = [m for m in mail.outbox if email.lower() in m.to][-1]
    url = link_in(message, r"/accounts/confirm-email/[^\s/]+/")
    response = client.get(url)
    assert response.status_code == 200
    return client.post(url)


def log_in(client, email, password=PASSWORD):
    return client.post("/accounts/login/", {"login": email, "password": password})


def is_logged_in(client):
    return client.get("/accounts/profile/").status_code == 200


# --- Sign-up, confirmation, login, logout ---------------------------------------------


def test_sign_up_sends_a_verification_email(client):
    response = sign_up(client, "anna@example.org")
    assert response.status_code == 302
    assert response.url == "/accounts/confirm-email/"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["anna@example.org"]
    assert message.subject.startswith("[Dela] ")
    link_in(message, r"/accounts/confirm-email/[^\s/]+/")
    user = User.objects.get(email="anna@example.org")
    assert not EmailAddress.objects.get(user=user).verified
    assert not is_logged_in(client)


def test_sign_up_refuses_mismatched_passwords_and_creates_nobody(client):
    response = client.post(
        "/accounts/signup/",
        {"email": "anna@example.org", "password1": PASSWORD, "password2": NEW_PASSWORD},
    )
    assert response.status_code == 200
    assert "You must type the same password each time" in page(response)
    assert not User.objects.filter(email="anna@example.org").exists()
    assert mail.outbox == []


def test_sign_up_with_an_address_in_use_tells_its_owner_only(client, member):
    """The page looks the same as for a new address (nobody learns who is a member);
    the owner of the address is told by e-mail and no second account appears."""
    response = sign_up(client, member.email.upper())
    assert response.status_code == 302
    assert response.url == "/accounts/confirm-email/"
    assert User.objects.filter(email__iexact=member.email).count() == 1
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [member.email]
    assert "/accounts/confirm-email/" not in mail.outbox[0].body


def test_the_confirmation_link_shows_a_page_then_confirms_on_post(client):
    sign_up(client, "anna@example.org")
    url = link_in(mail.outbox[0], r"/accounts/confirm-email/[^\s/]+/")
    response = client.get(url)
    assert response.status_code == 200
    assert "anna@example.org" in page(response)
    assert 'method="post"' in page(response)
    # Opening the link (as mail scanners do) confirms nothing.
    assert not EmailAddress.objects.get(email="anna@example.org").verified

    response = client.post(url)
    assert response.status_code == 302
    assert EmailAddress.objects.get(email="anna@example.org").verified
    # Confirming in the browser that signed up logs the new member in.
    assert is_logged_in(client)


def test_a_wrong_confirmation_key_confirms_nothing(client):
    sign_up(client, "anna@example.org")
    response = client.post("/accounts/confirm-email/not-a-real-key/")
    assert response.status_code in (200, 404)
    assert not EmailAddress.objects.get(email="anna@example.org").verified


def test_an_unconfirmed_member_cannot_log_in(client):
    sign_up(client, "anna@example.org")
    other = Client(headers={"accept-language": "en"})
    response = log_in(other, "anna@example.org")
    assert response.status_code == 302
    assert response.url == "/accounts/confirm-email/"
    assert not is_logged_in(other)


def test_confirmed_member_logs_in_and_out(client):
    sign_up(client, "anna@example.org")
    confirm(client, "anna@example.org")
    browser = Client(headers={"accept-language": "en"})
    assert not is_logged_in(browser)

    response = log_in(browser, "anna@example.org")
    assert response.status_code == 302
    assert response.url == reverse("accounts:profile")
    assert is_logged_in(browser)

    response = browser.post("/accounts/logout/")
    assert response.status_code == 302
    assert not is_logged_in(browser)


def test_login_with_a_wrong_password_is_refused(client, member, clear_cache):
    response = log_in(client, member.email, "not-the-password")
    assert response.status_code == 200
    assert "not correct" in page(response)
    assert not is_logged_in(client)


def test_login_address_is_case_insensitive(client, member, clear_cache):
    log_in(client, member.email.upper())
    assert is_logged_in(client)


def test_logout_by_get_does_not_log_out(client, member):
    """A link or image pointing at /accounts/logout/ cannot sign a member out."""
    client.force_login(member)
    client.get("/accounts/logout/")
    assert is_logged_in(client)


# --- Password reset -------------------------------------------------------------------


def test_password_reset_by_email(client, member, clear_cache):
    response = client.post("/accounts/password/reset/", {"email": member.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [member.email]
    url = link_in(mail.outbox[0], r"/accounts/password/reset/key/[^\s/]+/")

    # The key moves into the session and out of the address bar.
    response = client.get(url)
    assert response.status_code == 302
    form_url = response.url
    assert client.get(form_url).status_code == 200
    response = client.post(
        form_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )
    assert response.status_code == 302

    browser = Client(headers={"accept-language": "en"})
    log_in(browser, member.email, PASSWORD)
    assert not is_logged_in(browser)
    log_in(browser, member.email, NEW_PASSWORD)
    assert is_logged_in(browser)

    # A reset link works once.
    response = Client(headers={"accept-language": "en"}).get(url, follow=True)
    assert response.status_code == 200
    assert response.context["token_fail"]
    assert 'name="password1"' not in page(response)


def test_password_reset_for_an_unknown_address_reveals_no_link(client):
    response = client.post("/accounts/password/reset/", {"email": "nobody@example.org"})
    assert response.status_code == 302
    assert all("/password/reset/key/" not in m.body for m in mail.outbox)


# --- What a new member gets -----------------------------------------------------------


def test_a_new_member_is_in_the_members_group(client):
    sign_up(client, "anna@example.org")
    user = User.objects.get(email="anna@example.org")
    assert list(user.groups.values_list("name", flat=True)) == ["Members"]
    assert roles_of(user) == {Role.MEMBER}


@pytest.mark.parametrize(
    ("cookie", "accept_language", "expected"),
    [
        ("nb", "", "nb"),
        ("da", "sv", "da"),
        (None, "nb-NO,nb;q=0.9", "nb"),
        (None, "da", "da"),
        (None, "en-GB", "en"),
        (None, "fr", "sv"),  # not an interface language: Dela's default
    ],
)
def test_a_new_member_gets_the_language_they_signed_up_in(
    cookie, accept_language, expected
):
    browser = Client(headers={"accept-language": accept_language})
    if cookie:
        browser.cookies["dela_language"] = cookie
    sign_up(browser, "anna@example.org")
    assert User.objects.get(email="anna@example.org").language == expected


# --- Ambassador by municipality e-mail domain -----------------------------------------


@pytest.mark.parametrize("address", ["someone@halmstad.se", "Someone@HALMSTAD.SE"])
def test_confirming_a_municipality_address_makes_an_ambassador(
    client, halmstad, address
):
    sign_up(client, address)
    user = User.objects.get(email__iexact=address)
    # Not before the address is proven.
    assert Role.AMBASSADOR not in roles_of(user)
    assert user.municipality is None

    confirm(client, address)
    user = User.objects.get(pk=user.pk)
    assert roles_of(user) == {Role.MEMBER, Role.AMBASSADOR}
    assert user.municipality == halmstad


@pytest.mark.parametrize(
    "address",
    ["someone@skola.halmstad.se", "someone@halmstad.se.example.org", "a@example.se"],
)
def test_other_domains_do_not_make_an_ambassador(client, halmstad, address):
    sign_up(client, address)
    confirm(client, address)
    user = User.objects.get(email=address)
    assert EmailAddress.objects.get(user=user).verified
    assert roles_of(user) == {Role.MEMBER}
    assert user.municipality is None


def test_a_confirmed_second_address_makes_an_ambassador_and_settles_the_request(
    client, member, halmstad, clear_cache
):
    pending = AmbassadorRequest.objects.create(
        user=member, municipality=halmstad, motivation=MOTIVATION
    )
    client.force_login(member)
    response = client.post(
        "/accounts/email/", {"action_add": "", "email": "maja@halmstad.se"}
    )
    assert response.status_code == 302
    confirm(client, "maja@halmstad.se")
    member = User.objects.get(pk=member.pk)
    assert Role.AMBASSADOR in roles_of(member)
    assert member.municipality == halmstad
    pending.refresh_from_db()
    assert pending.status == AmbassadorRequest.Status.APPROVED


# --- Asking to become an ambassador ---------------------------------------------------


def test_a_member_asks_to_become_an_ambassador(client, member, halmstad):
    client.force_login(member)
    response = client.get("/accounts/ambassador/")
    assert response.status_code == 200
    assert 'name="motivation"' in page(response)

    response = client.post(
        "/accounts/ambassador/",
        {"municipality": halmstad.pk, "motivation": MOTIVATION},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("accounts:profile")
    assert "An editor will look at your request" in page(response)
    request = AmbassadorRequest.objects.get(user=member)
    assert request.status == AmbassadorRequest.Status.PENDING
    assert request.municipality == halmstad
    assert request.motivation == MOTIVATION
    # Asking is not being: the member is not an ambassador yet.
    assert Role.AMBASSADOR not in roles_of(User.objects.get(pk=member.pk))


def test_a_second_request_is_refused_with_a_clear_message(client, member, halmstad):
    client.force_login(member)
    data = {"municipality": halmstad.pk, "motivation": MOTIVATION}
    client.post("/accounts/ambassador/", data)
    # The form sent again (back button, double click) and the form opened again.
    for response in (
        client.post("/accounts/ambassador/", data, follow=True),
        client.get("/accounts/ambassador/", follow=True),
    ):
        assert response.status_code == 200
        assert response.redirect_chain[-1][0] == reverse("accounts:profile")
        assert "You have already asked" in page(response)
    assert AmbassadorRequest.objects.filter(user=member).count() == 1


def test_a_too_short_motivation_is_a_form_error(client, member, halmstad):
    client.force_login(member)
    response = client.post(
        "/accounts/ambassador/",
        {"municipality": halmstad.pk, "motivation": "   Please!          "},
    )
    assert response.status_code == 200
    assert "at least 20 characters" in page(response)
    assert not AmbassadorRequest.objects.exists()


def test_an_unknown_municipality_is_a_form_error(client, member):
    client.force_login(member)
    response = client.post(
        "/accounts/ambassador/", {"municipality": 999999, "motivation": MOTIVATION}
    )
    assert response.status_code == 200
    assert "Select a valid choice" in page(response)
    assert not AmbassadorRequest.objects.exists()


def test_an_ambassador_is_sent_away_from_the_request_form(client, ambassador, halmstad):
    client.force_login(ambassador)
    response = client.get("/accounts/ambassador/", follow=True)
    assert response.redirect_chain[-1][0] == reverse("accounts:profile")
    assert "already an ambassador" in page(response)
    response = client.post(
        "/accounts/ambassador/",
        {"municipality": halmstad.pk, "motivation": MOTIVATION},
    )
    assert response.status_code == 302
    assert not AmbassadorRequest.objects.exists()


def test_a_visitor_must_log_in_to_ask(client, halmstad):
    response = client.post(
        "/accounts/ambassador/", {"municipality": halmstad.pk, "motivation": MOTIVATION}
    )
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/?next=/accounts/ambassador/")
    assert not AmbassadorRequest.objects.exists()


# --- Editors decide in the Wagtail admin ----------------------------------------------


@pytest.fixture
def pending_request(member, halmstad):
    return AmbassadorRequest.objects.create(
        user=member, municipality=halmstad, motivation=MOTIVATION
    )


def decide(client, ambassador_request, status, note="", capture=None):
    url = reverse("ambassador_requests:edit", args=[ambassador_request.pk])
    with capture(execute=True):
        return client.post(url, {"status": status, "decision_note": note})


def test_the_editor_sees_the_request_in_the_admin(client, editor, pending_request):
    client.force_login(editor)
    response = client.get(reverse("ambassador_requests:index"))
    assert response.status_code == 200
    assert pending_request.user.public_name in page(response)
    response = client.get(
        reverse("ambassador_requests:edit", args=[pending_request.pk])
    )
    assert response.status_code == 200
    assert pending_request.user.email in page(response)
    assert MOTIVATION in page(response)


def test_approving_makes_an_ambassador_and_tells_them_in_their_language(
    client,
    editor,
    member,
    halmstad,
    pending_request,
    django_capture_on_commit_callbacks,
):
    member.language = "nb"
    member.save()
    client.force_login(editor)
    response = decide(
        client,
        pending_request,
        "approved",
        "Welcome to the network!",
        capture=django_capture_on_commit_callbacks,
    )
    assert response.status_code == 302
    assert response.url == reverse("ambassador_requests:index")

    member = User.objects.get(pk=member.pk)
    assert roles_of(member) == {Role.MEMBER, Role.AMBASSADOR}
    assert member.municipality == halmstad
    pending_request.refresh_from_db()
    assert pending_request.status == AmbassadorRequest.Status.APPROVED
    assert pending_request.decided_by == editor
    assert pending_request.decided_at is not None

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [member.email]
    english = "You are now an ambassador on Dela"
    with translation.override("nb"):
        norwegian = translation.gettext(english)
    assert norwegian != english  # the Norwegian catalogue has it
    assert message.subject == norwegian
    assert "Halmstad" in message.body
    assert "Welcome to the network!" in message.body
    assert "http://testserver/accounts/profile/" in message.body


def test_approving_sets_the_municipality_the_member_asked_for(
    client, editor, member, pending_request, django_capture_on_commit_callbacks
):
    """The member chose the municipality in the request; the e-mail names it, so the
    profile (and the directory) must name it too."""
    member.municipality = MunicipalityFactory(name="Kalmar")
    member.save()
    client.force_login(editor)
    decide(
        client,
        pending_request,
        "approved",
        capture=django_capture_on_commit_callbacks,
    )
    assert User.objects.get(pk=member.pk).municipality == pending_request.municipality


def test_declining_keeps_a_member_and_tells_them(
    client, editor, member, pending_request, django_capture_on_commit_callbacks
):
    member.language = "en"
    member.save()
    client.force_login(editor)
    response = decide(
        client,
        pending_request,
        "declined",
        "Please ask your manager first.",
        capture=django_capture_on_commit_callbacks,
    )
    assert response.status_code == 302
    member = User.objects.get(pk=member.pk)
    assert roles_of(member) == {Role.MEMBER}
    assert member.municipality is None
    pending_request.refresh_from_db()
    assert pending_request.status == AmbassadorRequest.Status.DECLINED
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [member.email]
    assert mail.outbox[0].subject == "About your ambassador request on Dela"
    assert "could not approve" in mail.outbox[0].body
    assert "Please ask your manager first." in mail.outbox[0].body


def test_the_editor_must_choose_a_decision(
    client, editor, member, pending_request, django_capture_on_commit_callbacks
):
    client.force_login(editor)
    response = decide(
        client, pending_request, "", capture=django_capture_on_commit_callbacks
    )
    assert response.status_code == 200
    pending_request.refresh_from_db()
    assert pending_request.status == AmbassadorRequest.Status.PENDING
    assert mail.outbox == []


def test_deciding_a_decided_request_is_refused_and_changes_nothing(
    client, editor, member, pending_request, django_capture_on_commit_callbacks
):
    client.force_login(editor)
    decide(
        client, pending_request, "approved", capture=django_capture_on_commit_callbacks
    )
    mail.outbox.clear()
    # A second editor, whose page was opened before the first decided.
    second = UserFactory()
    grant_role(second, Role.EDITOR)
    browser = Client(headers={"accept-language": "en"})
    browser.force_login(second)
    response = decide(
        browser,
        pending_request,
        "declined",
        "No.",
        capture=django_capture_on_commit_callbacks,
    )
    assert response.status_code == 200
    assert "already decided" in page(response)
    # The page shows the decision that stands, not the one refused.
    assert "Approved" in page(response)
    assert "Declined" not in page(response)
    pending_request.refresh_from_db()
    assert pending_request.status == AmbassadorRequest.Status.APPROVED
    assert pending_request.decided_by == editor
    assert pending_request.decision_note == ""
    assert Role.AMBASSADOR in roles_of(User.objects.get(pk=member.pk))
    assert mail.outbox == []


@pytest.mark.parametrize("name", ["member", "ambassador", "moderator"])
def test_only_editors_open_the_decision_view(
    client, request, name, pending_request, django_capture_on_commit_callbacks
):
    client.force_login(request.getfixturevalue(name))
    url = reverse("ambassador_requests:edit", args=[pending_request.pk])
    response = client.get(url)
    assert response.status_code in (302, 403)
    assert MOTIVATION not in page(response)
    response = decide(
        client, pending_request, "approved", capture=django_capture_on_commit_callbacks
    )
    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert response.url.startswith("/admin/login/")
    pending_request.refresh_from_db()
    assert pending_request.status == AmbassadorRequest.Status.PENDING
    assert mail.outbox == []


# --- Profile --------------------------------------------------------------------------


def test_the_profile_needs_a_login(client):
    response = client.get("/accounts/profile/")
    assert response.status_code == 302
    assert response.url == "/accounts/login/?next=/accounts/profile/"


def test_a_member_saves_their_profile(client, member, halmstad):
    client.force_login(member)
    response = client.post(
        "/accounts/profile/",
        {
            "display_name": "Maja i Halmstad",
            "first_name": "Maja",
            "last_name": "Medlem",
            "municipality": halmstad.pk,
            "language": "da",
        },
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("accounts:profile")
    assert "Your profile has been saved" in page(response)
    member.refresh_from_db()
    assert member.display_name == "Maja i Halmstad"
    assert (member.first_name, member.last_name) == ("Maja", "Medlem")
    assert member.municipality == halmstad
    assert member.language == "da"


def test_an_unknown_municipality_on_the_profile_is_a_form_error(client, member):
    client.force_login(member)
    response = client.post(
        "/accounts/profile/",
        {"display_name": "Changed", "municipality": 999999, "language": "sv"},
    )
    assert response.status_code == 200
    assert "Select a valid choice" in page(response)
    member.refresh_from_db()
    assert member.display_name == "Maja Medlem"


def test_the_profile_shows_roles_and_offers_the_request_to_members(
    client, member, ambassador
):
    client.force_login(member)
    content = page(client.get("/accounts/profile/"))
    assert 'href="/accounts/ambassador/"' in content

    client.force_login(ambassador)
    content = page(client.get("/accounts/profile/"))
    assert "Ambassador" in content
    assert 'href="/accounts/ambassador/"' not in content


def test_a_profile_post_cannot_change_roles_or_address(client, member):
    client.force_login(member)
    client.post(
        "/accounts/profile/",
        {
            "display_name": "Maja",
            "language": "sv",
            "email": "evil@halmstad.se",
            "is_superuser": "on",
            "is_staff": "on",
            "groups": [1, 2, 3, 4],
        },
    )
    member.refresh_from_db()
    assert member.email == "member@example.org"
    assert not member.is_superuser and not member.is_staff
    assert roles_of(member) == {Role.MEMBER}


# --- Login rate limit -----------------------------------------------------------------


def test_repeated_failed_logins_lock_the_address(client, member, clear_cache):
    for _attempt in range(5):
        response = log_in(client, member.email, "wrong-password")
        assert "not correct" in page(response)
    response = log_in(client, member.email, PASSWORD)
    assert response.status_code == 200
    assert "Too many failed login attempts. Wait 5 minutes" in page(response)
    assert not is_logged_in(client)

    # The limit is per address: another member can still log in from here.
    other = UserFactory()
    log_in(client, other.email)
    assert is_logged_in(client)


def test_a_fresh_cache_starts_without_failed_attempts(client, member, clear_cache):
    """Guards the fixture: no attempts left over from another test lock this one out."""
    log_in(client, member.email)
    assert is_logged_in(client)


# --- Municipal single sign-on (OpenID Connect) ----------------------------------------


OIDC_APP = {
    "provider_id": "halmstad",
    "name": "Halmstads kommun",
    "client_id": "dela",
    "secret": "s3cret",
    "settings": {
        "server_url": "https://login.halmstad.example/realms/staff",
        "dela_municipality": "halmstad",
        "dela_domains": ["skola.halmstad.se"],
    },
}


@pytest.fixture
def oidc_provider(settings):
    settings.SOCIALACCOUNT_PROVIDERS = {
        "openid_connect": {"OAUTH_PKCE_ENABLED": True, "APPS": [OIDC_APP]}
    }


def test_the_login_page_offers_the_municipal_login(client, oidc_provider):
    content = page(client.get("/accounts/login/"))
    assert "Halmstads kommun" in content
    assert "/accounts/oidc/halmstad/login/" in content


def test_the_login_page_offers_no_sso_when_none_is_configured(client, settings):
    settings.SOCIALACCOUNT_PROVIDERS = {"openid_connect": {"APPS": []}}
    assert "/accounts/oidc/" not in page(client.get("/accounts/login/"))


def test_the_municipal_login_url_answers(client, oidc_provider):
    # A GET shows allauth's "continue to the provider" page; only its POST asks the
    # provider's discovery document, which needs the network, so it is not sent here.
    url = "/accounts/oidc/halmstad/login/"
    response = client.get(url)
    assert response.status_code == 200
    assert "Halmstads kommun" in page(response)
    assert 'method="post"' in page(response)


def _provider_login(rf, addresses):
    """What allauth hands the adapter after Halmstad's provider answered (the
    provider itself cannot run here: its answer is built, as allauth builds it)."""
    from allauth.account.models import EmailAddress
    from allauth.socialaccount.models import SocialAccount, SocialLogin

    from accounts.models import User

    request = rf.get("/accounts/oidc/halmstad/login/callback/")
    login = SocialLogin(
        user=User(email=addresses[0]),
        account=SocialAccount(provider="halmstad", uid="4711"),
        email_addresses=[
            EmailAddress(email=address, verified=True, primary=not n)
            for n, address in enumerate(addresses)
        ],
    )
    return request, login


def test_a_provider_vouches_only_for_its_own_municipalitys_domains(
    rf, oidc_provider, halmstad
):
    """Halmstad's login may confirm halmstad.se (registered for Halmstad) and the
    domain configured for it, never another municipality's: that address is
    confirmed by e-mail first."""
    from allauth.socialaccount.adapter import get_adapter

    MunicipalityFactory(name="Laholm", country=halmstad.country, domain="laholm.se")
    request, login = _provider_login(
        rf, ["anna@halmstad.se", "anna@skola.halmstad.se", "anna@laholm.se"]
    )
    get_adapter(request).pre_social_login(request, login)
    verified = {address.email: address.verified for address in login.email_addresses}
    assert verified == {
        "anna@halmstad.se": True,
        "anna@skola.halmstad.se": True,
        "anna@laholm.se": False,
    }


def test_an_unknown_provider_is_not_found(client, oidc_provider):
    response = client.get("/accounts/oidc/nowhere/login/")
    assert response.status_code == 404


def test_decision_email_is_plain_text_not_html_escaped(
    editor, member, django_capture_on_commit_callbacks
):
    """A note with & and an apostrophe arrives as written, not as &amp; or &#x27;."""
    from accounts.services import decide_ambassador_request

    request = AmbassadorRequest.objects.create(
        user=member, municipality=MunicipalityFactory(), motivation="x" * 30
    )
    note = "Välkommen & lycka till, it's great"
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        decide_ambassador_request(
            request, editor, AmbassadorRequest.Status.APPROVED, note
        )
    assert note in mail.outbox[-1].body
    assert "&amp;" not in mail.outbox[-1].body


def test_allauth_pages_name_the_member_by_public_name(member):
    from allauth.account.utils import user_display

    member.display_name = "Karin på Laholm"
    assert user_display(member) == "Karin på Laholm"
