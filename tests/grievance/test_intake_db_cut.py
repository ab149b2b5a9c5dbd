"""PostgreSQL's connections cut just after a report is stored (pg_terminate_backend, new
connections refused until the answer left): the citizen or the integrator still gets the
success page or answer with the tracking number, never an error for a stored report (they
would file it again). Every report of the burst is stored once."""

import os

import pytest

from tests.conftest import api_headers, csrf_token, new_client
from tests.fault_helpers import database_cut_after_commit, last_ticket_id, reporters_since
from tests.gateways import configured
from tests.grievance_helpers import category_id, ward_id

BURST = 10


@pytest.fixture()
def postgres_url():
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        pytest.skip("cutting connections needs PostgreSQL")
    return url


@pytest.mark.modules("portal")
def test_a_portal_report_stored_before_the_cut_is_confirmed(app, postgres_url, redis_url):
    phones = [f"+9198555{n:05d}" for n in range(BURST)]
    before = last_ticket_id(app)
    with app.app_context():
        fields = {"category": category_id("DRAIN"), "ward": ward_id(2)}
    client = new_client(app)
    token = csrf_token(client, "/report")
    answers = []
    limits = {
        "PORTAL_REPORT_LIMIT_ADDRESS": "1000 per hour",
        "PORTAL_REPORT_LIMIT_PHONE": "1000 per day",
    }
    with configured(app, **limits):
        for n, phone in enumerate(phones):
            data = {**fields, "csrf_token": token, "phone": phone, "description": "Drain"}
            if n == BURST // 2:
                with database_cut_after_commit(postgres_url) as cut:
                    answers.append(client.post("/report", data=data))
                assert cut["done"]
            else:
                answers.append(client.post("/report", data=data))
    assert [a.status_code for a in answers] == [302] * BURST
    assert all("/track/JS" in a.location for a in answers)
    assert reporters_since(app, before) == phones  # one ticket each, the cut one too


def test_an_api_ticket_stored_before_the_cut_is_answered_201(app, postgres_url, redis_url):
    headers = api_headers(app, "clerk_water")
    before = last_ticket_id(app)
    with app.app_context():
        drain = category_id("DRAIN")
    body = {"category": drain, "description": "Drain blocked", "phone": "+919855500100"}
    with database_cut_after_commit(postgres_url) as cut:
        answer = app.test_client().post("/api/v1/ticket/", headers=headers, json=body)
    assert cut["done"]
    assert answer.status_code == 201, answer.text
    assert answer.json["tracking_no"].startswith("JS")
    assert reporters_since(app, before) == ["+919855500100"]
