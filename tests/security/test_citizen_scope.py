"""A citizen with tickets in two departments: each reader sees the citizen, their tickets and
their messages only as far as the reader's scope reaches (issue 18, items 1 and 2)."""

import itertools
import re
from urllib.parse import quote

import pytest

from app.core.clock import utc_now
from app.extensions import db
from app.models.base import StaffUser
from app.models.grievance.outbox import OutboundMessage
from app.models.grievance.ticket import Ticket
from app.models.org import Officer
from app.services.grievance import tickets
from tests.conftest import api_headers, login
from tests.grievance_helpers import new_ticket, register

_phones = itertools.count(1)
POLICE_NOTE = "Inspector Rao will call you about the stolen bike"
POLICE_CHAT = "Which police station is nearest to you?"


@pytest.fixture()
def two_departments(app):
    """A citizen with a Water ticket (assigned to officer_water) and, later, a Police ticket
    with a public note sent on it and the chat that led to it."""
    phone = f"+9198777{next(_phones):05d}"
    with app.test_request_context():
        water = new_ticket("DRAIN", ward=3, phone=phone, description="Drain overflowing")
        officer = (
            db.session.query(Officer)
            .join(StaffUser, Officer.user_id == StaffUser.id)
            .filter(StaffUser.username == "officer_water")
            .one()
        )
        if water.assignee_id != officer.id:
            tickets.assign(water, officer)
        db.session.add(  # the bot's question before the Police ticket: tied to no ticket yet
            OutboundMessage(
                citizen_id=water.citizen_id,
                event_key=f"chat-{phone}",
                channel="sms",
                recipient=phone,
                language="en",
                body=POLICE_CHAT,
                created_at=utc_now(),
            )
        )
        db.session.commit()
        police = new_ticket("POLICE-HELP", ward=3, phone=phone, description="Bike stolen")
        tickets.add_note(police, POLICE_NOTE, public=True)
        return {
            "citizen": water.citizen_id,
            "water": (water.id, water.tracking_no),
            "police": (police.id, police.tracking_no),
        }


def police_traces(case) -> list[str]:
    """What a reader outside Police must not read anywhere."""
    return [case["police"][1], "Police help needed", "Bike stolen", POLICE_NOTE, POLICE_CHAT]


@pytest.mark.parametrize("user", ["clerk_water", "officer_water"])
def test_ticket_page_panels_show_only_the_readers_tickets_and_messages(app, two_departments, user):
    case = two_departments
    page = login(app, user).get(f"/ticketview/show/{case['water'][0]}")
    assert page.status_code == 200
    assert case["water"][1] in page.text and "Drain overflowing" in page.text
    # the transfer form offers every category (as the public portal does): no trace of a ticket
    shown = re.sub(r'(?s)<select id="janseva-correct-category".*?</select>', "", page.text)
    assert [trace for trace in police_traces(case) if trace in shown] == []
    assert "Tickets outside your scope, not shown: 1" in page.text
    # the Police ticket's first message, its note and the chat that led to it
    assert "Messages about tickets outside your scope, not shown: 3" in page.text


def test_a_reader_of_every_department_sees_the_whole_history(app, two_departments):
    case = two_departments
    page = login(app, "supervisor").get(f"/ticketview/show/{case['water'][0]}").text
    assert all(trace in page for trace in police_traces(case) if trace != "Bike stolen")
    assert "outside your scope" not in page


def test_the_conversation_still_shows_the_chat_that_led_to_a_visible_ticket(app, two_departments):
    """The chat before the Police ticket belongs to it; a Police reader sees it."""
    case = two_departments
    page = login(app, "admin").get(f"/ticketview/show/{case['police'][0]}").text
    conversation = page.split('id="conversation"')[1].split("</ol>")[0]
    assert POLICE_CHAT in conversation and POLICE_NOTE in conversation


@pytest.mark.parametrize("user", ["clerk_water", "officer_water"])
def test_citizen_page_lists_only_the_readers_tickets(app, two_departments, user):
    case = two_departments
    client = login(app, user)
    page = client.get(f"/citizenview/show/{case['citizen']}")
    assert page.status_code == 200
    assert case["water"][1] in page.text
    assert [trace for trace in police_traces(case) if trace in page.text] == []
    assert "Tickets outside your scope, not shown: 1" in page.text


def test_a_citizen_without_a_ticket_in_scope_is_not_shown(app, two_departments):
    """clerk_roads has no ticket of this citizen: no list row, page, API record or export."""
    case = two_departments
    client = login(app, "clerk_roads")
    pk = case["citizen"]
    with app.app_context():
        phone = db.session.get(Ticket, case["water"][0]).citizen.phone
    assert client.get(f"/citizenview/show/{pk}").status_code == 404
    search = f"?_flt_0_phone={quote(phone)}"
    row_link = f'/citizenview/show/{pk}"'
    assert row_link not in client.get(f"/citizenview/list/{search}").text
    assert phone not in client.get(f"/citizenview/export.csv{search}").text
    water_clerk = login(app, "clerk_water")  # the same search finds them where they are in scope
    assert row_link in water_clerk.get(f"/citizenview/list/{search}").text
    assert phone in water_clerk.get(f"/citizenview/export.csv{search}").text
    api = app.test_client()
    headers = api_headers(app, "clerk_roads")
    assert api.get(f"/api/v1/citizen/{pk}", headers=headers).status_code == 404
    listed = api.get(
        "/api/v1/citizen/?q=(page_size:100,order_column:id,order_direction:desc)", headers=headers
    )
    assert listed.status_code == 200 and pk not in [row["id"] for row in listed.json["result"]]
    # …nor changed through the API
    moved = api.put(f"/api/v1/citizen/{pk}", headers=headers, json={"name": "Changed"})
    assert moved.status_code == 404


def test_every_clerk_sees_exactly_the_citizens_of_their_tickets(app, two_departments):
    """Over the API, for every desk role: the citizen is listed iff one of their tickets is."""
    case = two_departments
    api = app.test_client()
    for user, expected in {
        "clerk_water": True,
        "officer_water": True,
        "clerk_roads": False,
        "supervisor": True,
        "auditor": True,
    }.items():
        headers = api_headers(app, user)
        answer = api.get(f"/api/v1/citizen/{case['citizen']}", headers=headers)
        assert (answer.status_code == 200) is expected, user


def test_a_walk_in_registered_for_another_department_stays_visible_to_its_clerk(app):
    """clerk_roads registers a Police complaint at the desk: they find the citizen again, but
    not the Police ticket."""
    phone = f"+9198777{next(_phones):05d}"
    client = login(app, "clerk_roads")
    done = register(
        app, client, category="POLICE-HELP", ward=4, phone=phone, description="Chain snatched"
    )
    assert "Complaint registered" in done.text
    with app.app_context():
        ticket = db.session.query(Ticket).order_by(Ticket.id.desc()).first()
        pk, tracking_no = ticket.citizen_id, ticket.tracking_no
    page = client.get(f"/citizenview/show/{pk}")
    assert page.status_code == 200 and phone in page.text
    assert tracking_no not in page.text and "Chain snatched" not in page.text
    assert "Tickets outside your scope, not shown: 1" in page.text
    assert login(app, "clerk_water").get(f"/citizenview/show/{pk}").status_code == 404
