"""The unread count says "1 ny avisering" and "2 nya aviseringar": ngettext with each
language's plural forms, in Swedish, Norwegian Bokmål, Danish and English (issue 17)."""

import pytest
from django.urls import reverse

from network import services

pytestmark = pytest.mark.django_db

WORDS = {
    "sv": ("1 ny avisering", "2 nya aviseringar"),
    "nb": ("1 nytt varsel", "2 nye varsler"),
    "da": ("1 ny notifikation", "2 nye notifikationer"),
    "en": ("1 new notification", "2 new notifications"),
}


@pytest.mark.parametrize("language", sorted(WORDS))
def test_the_unread_count_has_the_right_plural(
    client, thread, member, other_ambassador, language
):
    one, two = WORDS[language]
    client.force_login(other_ambassador)
    url = reverse("network:notification_count")
    label = client.get(url, HTTP_ACCEPT_LANGUAGE=language).json()
    assert label == {"unread": 1, "label": one}  # the fixture's one reply
    services.reply(member, thread, "Ett till svar.")
    assert client.get(url, HTTP_ACCEPT_LANGUAGE=language).json()["label"] == two
