"""A note typed with a state change reaches the citizen (tracking page, message) only when the
clerk marks it so; a rejection still tells the citizen its reason."""

from app.extensions import db
from app.models.grievance.outbox import OutboundMessage
from app.models.grievance.ticket import Ticket, TicketEvent
from tests.conftest import api_headers, csrf_token, login, new_client
from tests.grievance_helpers import new_ticket
from tests.i18n_helpers import visible_text


def _ticket(app, phone: str) -> tuple[int, str]:
    with app.test_request_context():
        ticket = new_ticket("DRAIN", ward=4, phone=phone)
        return ticket.id, ticket.tracking_no


def _citizen_sees(app, pk: int, tracking_no: str) -> str:
    """The public tracking page and every message queued for the citizen, as one text."""
    page = new_client(app).get(f"/track/{tracking_no}").text
    with app.app_context():
        bodies = [m.body for m in db.session.query(OutboundMessage).filter_by(ticket_id=pk)]
    return page + "\n".join(bodies)


def _work(client, pk: int, **fields):
    token = csrf_token(client, f"/ticketview/show/{pk}")
    return client.post(
        f"/ticketview/work/{pk}", data={"csrf_token": token, **fields}, follow_redirects=True
    )


def test_the_state_change_form_says_who_sees_the_note_and_keeps_it_internal(app):
    pk, tracking_no = _ticket(app, "+919811177001")
    client = login(app, "clerk_water")
    form = client.get(f"/ticketview/show/{pk}").text
    assert "Internal note (staff only)" in form and "Visible to the citizen (tracking" in form
    assert 'value="internal" checked' in form  # what a clerk types stays with the staff
    _work(
        client,
        pk,
        to="in_progress",
        note="Contractor Verma drags his feet",
        note_visibility="internal",
    )
    _work(client, pk, to="resolved", note="Pipe replaced at the corner", note_visibility="public")
    seen = _citizen_sees(app, pk, tracking_no)
    assert "Pipe replaced at the corner" in seen
    assert "Verma" not in seen
    staff = visible_text(client.get(f"/ticketview/show/{pk}").text)
    assert "Internal note: Contractor Verma drags his feet" in staff


def test_the_api_note_is_internal_unless_marked_public(app):
    pk, tracking_no = _ticket(app, "+919811177002")
    headers, client = api_headers(app, "clerk_water"), new_client(app)

    def move(body):
        return client.post(f"/api/v1/ticket/{pk}/transition", headers=headers, json=body)

    assert move({"to": "in_progress", "note": "Officer on leave until Monday"}).status_code == 200
    assert move({"to": "resolved", "note": "Drain cleared", "public": True}).status_code == 200
    seen = _citizen_sees(app, pk, tracking_no)
    assert "Drain cleared" in seen and "on leave" not in seen
    with app.app_context():
        events = db.session.query(TicketEvent).filter_by(ticket_id=pk).count()
    for wrong in ("yes", 1, "", [], {}):
        answer = move({"to": "closed", "note": "x", "public": wrong})
        assert answer.status_code == 400 and "true or false" in answer.text, answer.text
    with app.app_context():
        assert db.session.get(Ticket, pk).state.value == "resolved"
        assert db.session.query(TicketEvent).filter_by(ticket_id=pk).count() == events


def test_a_rejection_tells_the_citizen_its_reason_and_nothing_internal(app):
    by_note, by_note_no = _ticket(app, "+919811177003")
    by_reason, by_reason_no = _ticket(app, "+919811177004")
    internal, _ = _ticket(app, "+919811177005")
    headers, client = api_headers(app, "clerk_water"), new_client(app)
    # The API's {"to", "note"} is kept: a note given alone with a rejection is its reason.
    answer = client.post(
        f"/api/v1/ticket/{by_note}/transition",
        headers=headers,
        json={"to": "rejected", "note": "Private land, not the city's drain"},
    )
    assert answer.status_code == 200, answer.text
    assert "Private land, not the city" in _citizen_sees(app, by_note, by_note_no)

    browser = login(app, "clerk_water")
    _work(
        browser,
        by_reason,
        to="rejected",
        reason="The drain belongs to the railway",
        note="Citizen shouted at the counter",
        note_visibility="internal",
    )
    seen = _citizen_sees(app, by_reason, by_reason_no)
    assert "The drain belongs to the railway" in seen and "shouted" not in seen

    refused = _work(
        browser, internal, to="rejected", note="Duplicate caller", note_visibility="internal"
    )
    assert "please write the reason for the citizen" in refused.text
    with app.app_context():
        assert db.session.get(Ticket, internal).state.value == "assigned"
