"""After resolution the citizen rates the result from the link in their message; "not fixed"
reopens the ticket; a link works once per resolution and cannot be forged."""

import re

from app.extensions import db
from app.models.grievance.ticket import Feedback, Ticket, TicketState
from app.services.grievance import tickets
from tests.conftest import new_client
from tests.grievance_helpers import new_ticket


def resolved_ticket(app, sms, phone):
    with app.test_request_context():
        ticket = new_ticket("DRAIN", ward=3, phone=phone, language="hi")
        tickets.transition(ticket, "resolved", note="Drain cleaned")
        text = [m["text"] for m in sms.received if m["to"] == phone][-1]
        return ticket.id, re.search(r"/feedback/(\S+)", text).group(1)


def post_feedback(client, token, **fields):
    page = client.get(f"/feedback/{token}")
    csrf = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page.text).group(1)
    return client.post(f"/feedback/{token}", data={"csrf_token": csrf, **fields})


def test_citizen_rates_in_their_language_and_the_ticket_closes(app, gateways, inline_jobs):
    sms, _ = gateways
    pk, token = resolved_ticket(app, sms, "+919855500001")
    client = new_client(app)
    page = client.get(f"/feedback/{token}")
    assert page.status_code == 200 and 'lang="hi"' in page.text and "★★★★★" in page.text
    answer = post_feedback(client, token, rating="4", comment="जल्दी काम हुआ")
    assert "धन्यवाद" in answer.text
    with app.app_context():
        ticket = db.session.get(Ticket, pk)
        assert ticket.state == TicketState.closed
        rating = db.session.query(Feedback).filter_by(ticket_id=pk).one()
        assert (rating.rating, rating.not_fixed, rating.comment) == (4, False, "जल्दी काम हुआ")
    again = new_client(app).get(f"/feedback/{token}")
    assert again.status_code == 409


def test_not_fixed_reopens_the_ticket_and_a_new_resolution_gets_a_new_link(
    app, gateways, inline_jobs
):
    sms, _ = gateways
    pk, token = resolved_ticket(app, sms, "+919855500002")
    post_feedback(new_client(app), token, rating="1", not_fixed="y", comment="Still blocked")
    with app.app_context():
        ticket = db.session.get(Ticket, pk)
        assert ticket.state == TicketState.reopened
        assert "Still blocked" in str([e.data for e in ticket.events])
    assert new_client(app).get(f"/feedback/{token}").status_code == 400  # old resolution
    with app.test_request_context():
        tickets.transition(db.session.get(Ticket, pk), "resolved")
    newest = [m["text"] for m in sms.received if m["to"] == "+919855500002"][-1]
    fresh = re.search(r"/feedback/(\S+)", newest).group(1)
    assert fresh != token and new_client(app).get(f"/feedback/{fresh}").status_code == 200


def test_a_forged_or_mangled_link_is_refused_with_a_clear_message(app):
    answer = new_client(app).get("/feedback/eyJ0aWNrZXQiOjF9.forged.signature?lang=en")
    assert answer.status_code == 400
    assert "not valid any more" in answer.text


def test_a_rating_is_required(app, gateways, inline_jobs):
    sms, _ = gateways
    pk, token = resolved_ticket(app, sms, "+919855500003")
    answer = post_feedback(new_client(app), token, comment="no stars")
    assert answer.status_code == 200 and "★" in answer.text
    with app.app_context():
        assert db.session.query(Feedback).filter_by(ticket_id=pk).count() == 0
