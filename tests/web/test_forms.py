"""Blank fields of GET forms mean "not given" (they would otherwise fail validation)."""


def test_blank_optional_date_in_a_search_form_is_ignored(client):
    response = client.get("/measures", params={"country": "", "on": "", "q": ""})
    assert response.status_code == 200


def test_blank_fields_are_kept_strict_on_the_api(client):
    response = client.get("/api/v1/measures", params={"date": "nonsense"})
    assert response.status_code == 422
