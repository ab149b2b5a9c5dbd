"""A user cannot change what they cannot see, nor move a record out of their scope: through the
admin form, the delete link, a list action, a related-field dropdown or the REST API."""

import re

import pytest

from app.extensions import db
from app.models.base import StaffUser
from app.models.org import Ward
from tests.conftest import api_headers, csrf_token, login
from tests.security.write_scope_helpers import ids, officer_row

OUTSIDE_SCOPE = "outside your department"


def edit_form(client, officer_id):
    page = client.get(f"/officerview/edit/{officer_id}")
    assert page.status_code == 200
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page.text).group(1)
    return page.text, token


def test_clerk_cannot_move_an_officer_to_another_department_by_form(app, restore_demo):
    departments, officers = ids(app)
    client = login(app, "clerk_water")
    html, token = edit_form(client, officers["officer_water"])
    form = {
        "csrf_token": token,
        "user": str(_user_id(app, "officer_water")),
        "department": str(departments["ROADS"]),
        "phone": "+919876500005",
        "language": "hi",
        "available": "y",
    }
    answer = client.post(
        f"/officerview/edit/{officers['officer_water']}", data=form, follow_redirects=True
    )
    assert officer_row(app, officers["officer_water"])[0] == "WATER"
    # ROADS is not among the clerk's choices, so the form refuses it as an empty department.
    assert "This field is required." in answer.text


def test_clerk_edits_their_own_officer_and_phone_is_normalised(app, restore_demo):
    departments, officers = ids(app)
    client = login(app, "clerk_water")
    _, token = edit_form(client, officers["officer_water"])
    form = {
        "csrf_token": token,
        "user": str(_user_id(app, "officer_water")),
        "department": str(departments["WATER"]),
        "phone": "०९८७६५ ४३२१०",  # Devanagari digits, national format
        "language": "bn",
    }
    client.post(f"/officerview/edit/{officers['officer_water']}", data=form)
    code, available, phone = officer_row(app, officers["officer_water"])
    assert (code, available, phone) == ("WATER", False, "+919876543210")


def test_invalid_phone_is_refused_with_a_message_and_nothing_changes(app, restore_demo):
    departments, officers = ids(app)
    client = login(app, "clerk_water")
    _, token = edit_form(client, officers["officer_water"])
    form = {
        "csrf_token": token,
        "user": str(_user_id(app, "officer_water")),
        "department": str(departments["WATER"]),
        "phone": "12345",
        "language": "hi",
        "available": "y",
    }
    answer = client.post(
        f"/officerview/edit/{officers['officer_water']}", data=form, follow_redirects=True
    )
    assert "12345 is not a valid mobile number." in answer.text
    assert officer_row(app, officers["officer_water"])[2] == "+919876500005"


def test_related_dropdowns_offer_only_rows_in_scope(app):
    _, officers = ids(app)
    html, _ = edit_form(login(app, "clerk_water"), officers["officer_water"])
    department_select = re.search(r'<select[^>]*name="department".*?</select>', html, re.S).group(0)
    assert "Water &amp; Drainage" in department_select
    assert "Roads" not in department_select and "Post Office" not in department_select
    user_select = re.search(r'<select[^>]*name="user".*?</select>', html, re.S).group(0)
    assert "Sunil Yadav" in user_select and "Ramesh Patel" not in user_select


def test_search_form_dropdowns_are_scoped_too(app):
    page = login(app, "clerk_water").get("/officerview/list/")
    assert "Water &amp; Drainage" in page.text
    assert "Post Office" not in page.text


def test_clerk_cannot_open_or_edit_another_departments_officer(app):
    _, officers = ids(app)
    client = login(app, "clerk_water")
    assert client.get(f"/officerview/edit/{officers['postman1']}").status_code == 404
    token = csrf_token(client, f"/officerview/edit/{officers['officer_water']}")
    answer = client.post(f"/officerview/edit/{officers['postman1']}", data={"csrf_token": token})
    assert answer.status_code == 404


@pytest.mark.parametrize("user", ["clerk_water", "supervisor", "auditor", "postman1"])
def test_only_admin_deletes_and_never_through_a_get(app, user):
    _, officers = ids(app)
    client = login(app, user)
    pk = officers["officer_water"]
    assert client.get(f"/officerview/delete/{pk}").status_code in (302, 403, 404)
    assert client.post(f"/officerview/delete/{pk}").status_code in (400, 403)
    assert officer_row(app, pk)[0] == "WATER"


def test_admin_delete_needs_the_csrf_token(app):
    client = login(app, "admin")
    with app.app_context():
        ward = Ward(number=99, name="Temporary")
        db.session.add(ward)
        db.session.commit()
        pk = ward.id
    assert client.get(f"/wardview/delete/{pk}").status_code == 302  # refused: GET never deletes
    assert client.post(f"/wardview/delete/{pk}").status_code == 400  # no token
    token = csrf_token(client, "/wardview/list/")
    client.post(f"/wardview/delete/{pk}", data={"csrf_token": token})
    with app.app_context():
        assert db.session.get(Ward, pk) is None


def test_list_action_refuses_rows_outside_scope(app, restore_demo):
    _, officers = ids(app)
    client = login(app, "clerk_water")
    token = csrf_token(client, "/officerview/list/")
    answer = client.post(
        "/officerview/action_post",
        data={"csrf_token": token, "action": "off_duty", "rowid": [str(officers["postman1"])]},
    )
    assert answer.status_code == 404
    assert officer_row(app, officers["postman1"])[1] is True
    client.post(
        "/officerview/action_post",
        data={"csrf_token": token, "action": "off_duty", "rowid": [str(officers["officer_water"])]},
    )
    assert officer_row(app, officers["officer_water"])[1] is False


def test_action_needs_the_edit_permission(app):
    _, officers = ids(app)
    client = login(app, "auditor")
    token = csrf_token(client, "/officerview/list/")
    answer = client.post(
        "/officerview/action_post",
        data={"csrf_token": token, "action": "off_duty", "rowid": [str(officers["postman1"])]},
    )
    assert answer.status_code == 403
    assert officer_row(app, officers["postman1"])[1] is True


def test_api_refuses_to_move_an_officer_out_of_scope(app, restore_demo):
    departments, officers = ids(app)
    headers = api_headers(app, "clerk_water")
    client = app.test_client()
    moved = client.put(
        f"/api/v1/officer/{officers['officer_water']}",
        headers=headers,
        json={"department": departments["ROADS"]},
    )
    assert moved.status_code == 403
    assert OUTSIDE_SCOPE in moved.json["message"]
    assert officer_row(app, officers["officer_water"])[0] == "WATER"
    other = client.put(
        f"/api/v1/officer/{officers['postman1']}", headers=headers, json={"available": False}
    )
    assert other.status_code == 404
    own = client.put(
        f"/api/v1/officer/{officers['officer_water']}", headers=headers, json={"available": False}
    )
    assert own.status_code == 200
    assert officer_row(app, officers["officer_water"])[1] is False


@pytest.mark.parametrize("user", ["clerk_water", "officer_water", "auditor", "postman1"])
def test_api_create_and_delete_need_permission(app, user):
    headers = api_headers(app, user)
    client = app.test_client()
    created = client.post("/api/v1/ward/", headers=headers, json={"number": 77, "name": "X"})
    assert created.status_code == 403
    assert client.delete("/api/v1/ward/1", headers=headers).status_code == 403


def test_api_validation_errors_are_clear(app):
    headers = api_headers(app, "admin")
    answer = app.test_client().post(
        "/api/v1/category/",
        headers=headers,
        json={"code": "bad code!", "name": "X", "department": 1, "kind": "complaint"},
    )
    assert answer.status_code == 400
    assert "hyphens and underscores" in answer.json["message"]


def _user_id(app, username):
    with app.app_context():
        return db.session.query(StaffUser.id).filter_by(username=username).scalar()
