import pytest

pytestmark = pytest.mark.django_db


def test_home_page_is_swedish_by_default(client):
    response = client.get("/")
    assert response.status_code == 200
    assert '<html lang="sv">' in response.content.decode()
