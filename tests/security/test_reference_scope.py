"""No form or API points a record at another record outside the user's scope, nor changes
another login's department or roles (issue 18, item 3): every related field of every writable
screen and REST resource, for every role allowed to write it, tried with every record outside
that role's scope. Enumerated from the registered views, so a new field or resource is covered
without editing this file."""

import pytest

from app.extensions import db
from app.models.base import StaffUser
from app.models.grievance.ticket import Ticket
from app.models.org import Officer
from app.views.base.model_views import ScopedApi, ScopedModelView
from tests.conftest import api_headers, csrf_token, login
from tests.grievance_helpers import new_ticket
from tests.security import reference_helpers as refs

REFUSED = {400, 403, 404}


def _cases(app, kind):
    """(view, verb, column, username, record id, outside ids) for every role that may write."""
    table = refs.grants()
    cases = []
    with app.app_context():
        for view, verb, columns in refs.writable(app, kind):
            model = view.datamodel.obj
            for username in refs.DEMO_USERS:
                user = db.session.query(StaffUser).filter_by(username=username).one()
                if not refs.may(user, model.__name__, verb, table):
                    continue
                pk = refs.first_in_scope(model, user) if verb == "edit" else None
                if verb == "edit" and pk is None:
                    continue
                for column in columns:
                    targets = refs.outside(view, column, user)
                    if targets:
                        cases.append((view, verb, column, username, pk, targets))
    return cases


def _value(view, column, target):
    return [target] if view.datamodel.is_relation_many_to_many(column) else target


def test_every_api_field_refuses_records_outside_the_scope(app, restore_demo):
    tried = 0
    client = app.test_client()
    cases = _cases(app, ScopedApi)
    assert cases, "no writable resource with a related field: the enumeration is broken"
    for view, verb, column, username, pk, targets in cases:
        print(f"\n  {username} {view.resource_name} {verb} {column}: {len(targets)} outside")
        headers = api_headers(app, username)
        model = view.datamodel.obj
        base = f"/api/v1/{view.resource_name}/"
        for target in targets:
            with app.app_context():
                before = refs.snapshot(model, pk)
            body = {column: _value(view, column, target)}
            if verb == "edit":
                answer = client.put(f"{base}{pk}", headers=headers, json=body)
            else:
                answer = client.post(base, headers=headers, json=body)
            tried += 1
            where = f"{username} {verb} {base} {column}={target}"
            assert answer.status_code in REFUSED, f"{where}: {answer.status_code}"
            with app.app_context():
                assert refs.snapshot(model, pk) == before, where
    print(f"\nreference scope, API: {tried} requests refused, none changed a record or login")
    assert tried >= 20


def test_every_form_field_refuses_records_outside_the_scope(app, restore_demo):
    tried = 0
    cases = _cases(app, ScopedModelView)
    assert cases, "no writable screen with a related field: the enumeration is broken"
    for view, verb, column, username, pk, targets in cases:
        print(f"\n  {username} {view.route_base} {verb} {column}: {len(targets)} outside")
        client = login(app, username)
        model = view.datamodel.obj
        url = f"/{view.route_base.strip('/')}/" + (f"edit/{pk}" if verb == "edit" else "add")
        page = client.get(url)
        if page.status_code == 302:  # a screen whose changes go through its own verbs
            continue
        assert page.status_code == 200, f"{username} {url}: {page.status_code}"
        values = refs.form_values(page.text)
        if verb == "edit":  # the form as the page filled it is accepted: only the field differs
            assert client.post(url, data=values).status_code == 302, f"{username} {url}"
        for target in targets:
            with app.app_context():
                before = refs.snapshot(model, pk)
            answer = client.post(url, data={**values, column: [str(target)]})
            tried += 1
            where = f"{username} {url} {column}={target}"
            assert answer.status_code in {200, *REFUSED}, f"{where}: {answer.status_code}"
            with app.app_context():
                assert refs.snapshot(model, pk) == before, where
    print(f"\nreference scope, forms: {tried} posts refused, none changed a record or login")
    assert tried >= 10


def _officer_of(username):
    return (
        db.session.query(Officer.id)
        .join(StaffUser, Officer.user_id == StaffUser.id)
        .filter(StaffUser.username == username)
        .scalar()
    )


@pytest.mark.parametrize("login_name", ["admin", "clerk_roads", "clerk_water", "supervisor"])
@pytest.mark.parametrize("user", ["clerk_water", "supervisor"])
def test_an_officer_record_never_takes_a_desk_login(app, restore_demo, user, login_name):
    """The reported case: PUT /api/v1/officer/<id> with another `user` moved that login (the
    admin's, or clerk_roads') into Water."""
    with app.app_context():
        officer = _officer_of("officer_water")
        target = db.session.query(StaffUser).filter_by(username=login_name).one().id
        before = refs.snapshot(Officer, officer)
    answer = app.test_client().put(
        f"/api/v1/officer/{officer}", headers=api_headers(app, user), json={"user": target}
    )
    assert answer.status_code == 403
    assert "outside your department" in answer.json["message"]
    with app.app_context():
        assert refs.snapshot(Officer, officer) == before


def test_a_duplicate_points_only_at_a_ticket_in_scope(app):
    """Marking a ticket a duplicate of another department's ticket (by its tracking number) is
    refused, on the page and over the API; one of the same department is accepted."""
    with app.test_request_context():
        water = new_ticket("DRAIN", ward=2, phone="+919866600001")
        roads = new_ticket("POTHOLE", ward=2, phone="+919866600002")
        twin = new_ticket("DRAIN", ward=2, phone="+919866600003")
        water_id, roads_no, twin_no = water.id, roads.tracking_no, twin.tracking_no
    body = {"to": "duplicate", "duplicate_of": roads_no}
    answer = app.test_client().post(
        f"/api/v1/ticket/{water_id}/transition", headers=api_headers(app, "clerk_water"), json=body
    )
    assert answer.status_code == 403
    client = login(app, "clerk_water")
    token = csrf_token(client, f"/ticketview/show/{water_id}")
    page = client.post(
        f"/ticketview/work/{water_id}",
        data={"csrf_token": token, **body},
        follow_redirects=True,
    )
    assert "outside your department" in page.text
    with app.app_context():
        ticket = db.session.get(Ticket, water_id)
        assert ticket.state.value != "duplicate" and ticket.duplicate_of_id is None
    body["duplicate_of"] = twin_no
    client.post(f"/ticketview/work/{water_id}", data={"csrf_token": token, **body})
    with app.app_context():
        assert db.session.get(Ticket, water_id).state.value == "duplicate"
