"""A REST write made with a logged-in browser's session cookie alone needs the page's CSRF
token (a page on another site can make the browser send the cookie, not the token); a call
with a bearer token needs none."""

import re
from io import BytesIO

import pytest
from PIL import Image
from sqlalchemy import func, select

from app.extensions import db
from app.models.grievance.ticket import Ticket, TicketPhoto
from tests.conftest import api_headers, csrf_token, login, new_client
from tests.grievance_helpers import new_ticket

REFUSAL = "security token"


def photo() -> BytesIO:
    data = BytesIO()
    Image.new("RGB", (8, 8), "blue").save(data, "PNG")
    data.seek(0)
    return data


@pytest.fixture()
def ticket(app):
    with app.test_request_context():
        created = new_ticket(phone="+919866600091", description="Drain near the school")
        return created.id


def state_and_photos(app, pk):
    with app.app_context():
        state = db.session.get(Ticket, pk).state
        return state, db.session.query(TicketPhoto).filter_by(ticket_id=pk).count()


def row_counts(app) -> dict:
    with app.app_context():
        return {
            table.name: db.session.execute(select(func.count()).select_from(table)).scalar()
            for table in db.metadata.sorted_tables
        }


def test_a_cookie_transition_without_the_token_changes_nothing(app, ticket):
    browser = login(app, "clerk_water")
    before = state_and_photos(app, ticket)
    answer = browser.post(f"/api/v1/ticket/{ticket}/transition", json={"to": "in_progress"})
    assert answer.status_code == 400 and REFUSAL in answer.json["message"]
    upload = browser.post(
        f"/api/v1/ticket/{ticket}/photos",
        data={"photo": (photo(), "drain.png")},
        content_type="multipart/form-data",
    )
    assert upload.status_code == 400 and REFUSAL in upload.json["message"]
    assert state_and_photos(app, ticket) == before


def test_the_refusal_is_in_the_users_language(app, ticket):
    browser = login(app, "clerk_water", "hi")
    answer = browser.post(f"/api/v1/ticket/{ticket}/transition", json={"to": "in_progress"})
    assert answer.status_code == 400 and REFUSAL not in answer.json["message"]


def test_a_cookie_write_with_the_pages_token_goes_through(app, ticket):
    browser = login(app, "clerk_water")
    token = csrf_token(browser, f"/ticketview/show/{ticket}")
    moved = browser.post(
        f"/api/v1/ticket/{ticket}/transition",
        json={"to": "in_progress"},
        headers={"X-CSRFToken": token},
    )
    assert moved.status_code == 200 and moved.json["state"] == "in_progress"
    upload = browser.post(
        f"/api/v1/ticket/{ticket}/photos",
        data={"photo": (photo(), "drain.png"), "csrf_token": token},
        content_type="multipart/form-data",
    )
    assert upload.status_code == 201
    assert state_and_photos(app, ticket) == ("in_progress", 1)


def test_a_bearer_call_needs_no_csrf_token(app, ticket):
    headers = api_headers(app, "clerk_water")
    moved = new_client(app).post(
        f"/api/v1/ticket/{ticket}/transition", json={"to": "in_progress"}, headers=headers
    )
    assert moved.status_code == 200


def test_every_api_write_with_the_cookie_alone_is_refused(app, ticket):
    """Every POST, PUT and DELETE route of the API, as the admin's browser: each refused before
    it runs, and no table gains or loses a row."""
    browser = login(app, "admin")
    routes = [
        (rule.rule.replace("<int:pk>", str(ticket)).replace("<pk>", str(ticket)), method)
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith("/api/") and "/security/" not in rule.rule
        for method in sorted(rule.methods & {"POST", "PUT", "PATCH", "DELETE"})
    ]
    assert len(routes) >= 25
    before, state = row_counts(app), state_and_photos(app, ticket)
    for path, method in routes:
        for body in ({"json": {}}, {"data": {"x": "1"}}):
            answer = browser.open(path, method=method, **body)
            assert answer.status_code == 400, (method, path, answer.status_code)
            assert REFUSAL in answer.json["message"]
    assert row_counts(app) == before and state_and_photos(app, ticket) == state


def test_the_swagger_page_sends_its_token_with_every_write(app, ticket):
    """The one page of ours that calls the API with the cookie: "Try it out" in /swagger/v1."""
    browser = login(app, "admin")
    page = browser.get("/swagger/v1").text
    token = re.search(r'data-csrf-token="([^"]+)"', page).group(1)
    assert 'request.headers["X-CSRFToken"]' in page
    moved = browser.post(
        f"/api/v1/ticket/{ticket}/transition",
        json={"to": "in_progress"},
        headers={"X-CSRFToken": token},
    )
    assert moved.status_code == 200
