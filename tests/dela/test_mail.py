"""Dela's e-mails to a member (dela.mail): a one-line subject, their language."""

import pytest

from dela.mail import language_of, send_to_member
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("chosen", "used"), [("nb", "nb"), ("da", "da"), ("en", "en"), ("", "sv")]
)
def test_a_member_reads_in_the_language_they_chose_else_the_sites(chosen, used):
    user = UserFactory()
    user.language = chosen
    assert language_of(user) == used


def test_each_kind_of_e_mail_is_written_in_the_members_language(mailoutbox):
    """The ambassador decision, one of the four senders that go through here."""
    from accounts.models import AmbassadorRequest
    from accounts.tasks import send_ambassador_decision
    from tests.factories import MunicipalityFactory

    for language, word in [
        ("sv", "Hej"),
        ("nb", "Hei"),
        ("da", "Hej"),
        ("en", "Hello"),
    ]:
        user = UserFactory(language=language)
        request = AmbassadorRequest.objects.create(
            user=user,
            municipality=MunicipalityFactory(),
            status=AmbassadorRequest.Status.APPROVED,
        )
        send_ambassador_decision.call(request.pk)
        message = mailoutbox[-1]
        assert message.to == [user.email]
        assert "\n" not in message.subject
        assert word in message.body, (language, message.body)


def test_no_address_no_e_mail(mailoutbox):
    user = UserFactory(email="")
    assert not send_to_member(user, "accounts/email/ambassador_decision", {})
    assert mailoutbox == []
