"""Asking the network from anywhere (the search page's "ask the network" when nothing
was found): choose a place, and the question travels on to the new-thread form."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

QUESTION = "Hur får vi seniorer att använda e-tjänster?"


def test_ambassador_chooses_a_category_and_finds_the_question_in_the_form(
    client, ambassador, category, members_category
):
    client.force_login(ambassador)
    response = client.get(reverse("network:new_thread"), {"title": QUESTION})
    assert response.status_code == 200
    choose = response.content.decode()
    link = f"{category.get_absolute_url()}new/?title=Hur+f%C3%A5r+vi"
    assert link in choose
    form = client.get(f"{category.get_absolute_url()}new/", {"title": QUESTION})
    assert form.status_code == 200
    assert f'value="{QUESTION}"' in form.content.decode()


def test_group_member_may_ask_in_their_group(client, group_member, private_group):
    client.force_login(group_member)
    html = client.get(reverse("network:new_thread")).content.decode()
    assert f"{private_group.get_absolute_url()}new/" in html


def test_member_without_a_place_is_told_how_to_take_part(client, member, category):
    client.force_login(member)
    response = client.get(reverse("network:new_thread"), {"title": QUESTION})
    assert response.status_code == 200
    html = response.content.decode()
    assert f"{category.get_absolute_url()}new/" not in html
    assert reverse("network:index") in html


def test_visitor_is_asked_to_log_in_and_comes_back_with_the_question(client):
    url = reverse("network:new_thread") + "?title=Fr%C3%A5ga"
    response = client.get(url)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert "title%3DFr%25C3%25A5ga" in response["Location"]


def test_search_without_results_offers_to_ask_the_network(client, db):
    html = client.get("/search/", {"q": "ordsomintefinnsnagonstans"}).content.decode()
    assert "/network/new/?title=ordsomintefinnsnagonstans" in html
