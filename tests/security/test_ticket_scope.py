"""Tickets follow the same scope everywhere: a clerk sees their department's, an officer the
ones assigned to them; UI list and show, export, REST list/get, create and transition."""

import pytest

from tests.conftest import api_headers, csrf_token, login
from tests.grievance_helpers import category_id, new_ticket


@pytest.fixture(scope="module")
def desk(app):
    """One water ticket for officer_water, one unassigned water ticket, one roads ticket."""
    with app.test_request_context():
        water = new_ticket("DRAIN", ward=2, phone="+919811100001")
        queued = new_ticket("WATER-SUPPLY", ward=10, phone="+919811100002")
        roads = new_ticket("POTHOLE", ward=4, phone="+919811100003")
        return {
            "water": (water.id, water.tracking_no),
            "queued": (queued.id, queued.tracking_no),
            "roads": (roads.id, roads.tracking_no),
        }


SEES = {
    "admin": {"water", "queued", "roads"},
    "supervisor": {"water", "queued", "roads"},
    "auditor": {"water", "queued", "roads"},
    "clerk_water": {"water", "queued"},
    "clerk_roads": {"roads"},
    "officer_water": {"water"},
    "counter": None,
    "postman1": None,
}


@pytest.mark.parametrize("user", sorted(SEES))
def test_list_show_export_and_api_follow_scope(app, desk, user):
    client, headers = login(app, user), api_headers(app, user)
    expected = SEES[user]
    listing = client.get("/ticketview/list/?psize_TicketView=100")
    newest = "/api/v1/ticket/?q=(page_size:100,order_column:id,order_direction:desc)"
    api = app.test_client().get(newest, headers=headers)  # the desk's, whatever came before
    if expected is None:
        assert listing.status_code == api.status_code == 403
        return
    seen_api = {row["tracking_no"] for row in api.json["result"]}
    export = client.get("/ticketview/export.csv").get_data(as_text=True)
    for name, (pk, tracking_no) in desk.items():
        visible = name in expected
        assert (tracking_no in listing.text) is visible, (name, "list")
        assert (tracking_no in seen_api) is visible, (name, "api")
        assert (tracking_no in export) is visible, (name, "export")
        assert client.get(f"/ticketview/show/{pk}").status_code == (200 if visible else 404)
        assert app.test_client().get(f"/api/v1/ticket/{pk}", headers=headers).status_code == (
            200 if visible else 404
        )


def test_officer_moves_only_their_own_tickets(app, desk):
    headers = api_headers(app, "officer_water")
    client = app.test_client()
    other = client.post(
        f"/api/v1/ticket/{desk['roads'][0]}/transition", headers=headers, json={"to": "in_progress"}
    )
    assert other.status_code == 404
    own = client.post(
        f"/api/v1/ticket/{desk['water'][0]}/transition",
        headers=headers,
        json={"to": "in_progress", "note": "On site"},
    )
    assert own.status_code == 200 and own.json["state"] == "in_progress"
    refused = client.post(
        f"/api/v1/ticket/{desk['water'][0]}/transition", headers=headers, json={"to": "closed"}
    )
    assert refused.status_code == 409
    assert "cannot move" in refused.json["message"]


def test_auditor_reads_but_cannot_change(app, desk):
    headers = api_headers(app, "auditor")
    answer = app.test_client().post(
        f"/api/v1/ticket/{desk['water'][0]}/transition", headers=headers, json={"to": "resolved"}
    )
    assert answer.status_code == 403
    client = login(app, "auditor")
    page = client.get(f"/ticketview/show/{desk['water'][0]}").text
    assert "janseva-transition" not in page
    token = csrf_token(client, "/userinfoeditview/form")
    assert (
        client.post(
            f"/ticketview/work/{desk['water'][0]}", data={"csrf_token": token, "to": "resolved"}
        ).status_code
        == 403
    )


def test_api_creates_a_ticket_and_answers_its_tracking_number(app):
    headers = api_headers(app, "clerk_roads")
    with app.app_context():
        pothole = category_id("POTHOLE")
    answer = app.test_client().post(
        "/api/v1/ticket/",
        headers=headers,
        json={
            "category": pothole,
            "description": "Pothole near bus stand",
            "phone": "+919811100009",
            "language": "hi",
        },
    )
    assert answer.status_code == 201
    assert answer.json["tracking_no"].startswith("JS-")
    bad = app.test_client().post(
        "/api/v1/ticket/",
        headers=headers,
        json={"category": pothole, "description": "", "phone": "+919811100009"},
    )
    assert bad.status_code == 400 and "description" in bad.json["message"]


def test_officer_role_cannot_create_tickets(app):
    headers = api_headers(app, "officer_water")
    answer = app.test_client().post("/api/v1/ticket/", headers=headers, json={})
    assert answer.status_code == 403
