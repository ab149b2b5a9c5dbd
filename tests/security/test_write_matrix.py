"""Every role against every officer and ward, on the write paths: a list action, the edit form,
delete. Allowed only with the permission (access table) AND the row in scope (row rules)."""

import pytest

from app.extensions import db
from app.models.org import Officer
from tests.conftest import csrf_token, login
from tests.security.scope_cases import VISIBLE
from tests.security.write_scope_helpers import ids, officer_row

EDITS_OFFICERS = {"admin", "supervisor", "clerk_water", "clerk_roads"}  # org.csv: Officer edit
CASES = [
    (user, officer) for user in VISIBLE for officer in ("officer_water", "postman1", "postman2")
]


def expected_status(user, officer, allowed):
    if user not in allowed and user != "admin":
        return 403
    return 302 if officer in VISIBLE[user]["officer"] else 404


@pytest.mark.parametrize(("user", "officer"), CASES)
def test_list_action(app, restore_demo, user, officer):
    _, officers = ids(app)
    client = login(app, user)
    token = csrf_token(client, "/userinfoeditview/form")
    answer = client.post(
        "/officerview/action_post",
        data={"csrf_token": token, "action": "off_duty", "rowid": [str(officers[officer])]},
    )
    status = expected_status(user, officer, EDITS_OFFICERS)
    assert answer.status_code == status
    assert officer_row(app, officers[officer])[1] is (status != 302)


@pytest.mark.parametrize(("user", "officer"), CASES)
def test_edit_form(app, user, officer):
    _, officers = ids(app)
    client = login(app, user)
    status = expected_status(user, officer, EDITS_OFFICERS)
    assert client.get(f"/officerview/edit/{officers[officer]}").status_code == (
        200 if status == 302 else status
    )


@pytest.mark.parametrize(("user", "officer"), [c for c in CASES if c[0] != "admin"])
def test_delete(app, user, officer):
    """Admin's delete is proven on a scratch record (test_write_scope)."""
    _, officers = ids(app)
    client = login(app, user)
    token = csrf_token(client, "/userinfoeditview/form")
    answer = client.post(f"/officerview/delete/{officers[officer]}", data={"csrf_token": token})
    assert answer.status_code == 403
    with app.app_context():
        assert db.session.get(Officer, officers[officer]) is not None


# clerk_roads has no officer to edit: that they see none is proven in test_row_scope.
@pytest.mark.parametrize("user", sorted(u for u in EDITS_OFFICERS if VISIBLE[u]["officer"]))
def test_department_dropdown_of_every_editor(app, user):
    departments, officers = ids(app)
    own = [o for o in ("officer_water", "postman1") if o in VISIBLE[user]["officer"]]
    html = login(app, user).get(f"/officerview/edit/{officers[own[0]]}").text
    select = html.split('name="department"', 1)[1].split("</select>", 1)[0]
    offered = {code for code, pk in departments.items() if f'value="{pk}"' in select}
    assert offered == VISIBLE[user]["department"]
