"""Flask-AppBuilder's own screens (users, roles, groups, permissions) refuse an action they do
not have, as ours do, instead of failing with a server error."""

import pytest

from tests.conftest import csrf_token, login

SCREENS = ["users", "roles", "groups", "permissions", "viewmenus", "permissionviews"]


@pytest.mark.parametrize("screen", SCREENS)
def test_an_unknown_action_on_a_fab_screen_is_refused_not_a_server_error(app, screen):
    client = login(app, "admin")
    token = csrf_token(client, "/users/list/")
    assert client.get(f"/{screen}/list/").status_code == 200  # the screen is there
    one = client.post(f"/{screen}/action/none/1", data={"csrf_token": token})
    many = client.post(
        f"/{screen}/action_post", data={"csrf_token": token, "action": "none", "rowid": "1"}
    )
    assert (one.status_code, many.status_code) == (403, 403)
