"""Staff pages render for a user whose only grant is scoped to one point of entry."""

import pytest

from tests.factories import demo_poe, make_user, web_login


@pytest.mark.parametrize("path", ["/", "/countries/KEN", "/measures", "/overview", "/map", "/poes"])
def test_poe_scoped_officer_sees_the_page(client, session, path):
    poe = demo_poe(session)
    user = make_user(session, "border_officer", scope_type="poe", scope_value=str(poe.id))
    session.commit()
    web_login(client, user.email)
    assert client.get(path).status_code == 200
