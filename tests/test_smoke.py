"""The app starts and answers on both backends."""

from tests.factories import bearer, make_user, token_for


def test_home_page_renders_for_the_public(client):
    response = client.get("/")
    assert response.status_code == 200
    assert "Passage" in response.text


def test_authenticated_api_read(client, session):
    user = make_user(session)
    response = client.get("/api/v1/me", headers=bearer(token_for(session, user)))
    assert response.status_code == 200
    assert response.json()["email"] == user.email
