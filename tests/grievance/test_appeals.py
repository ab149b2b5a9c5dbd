"""Appeals as citizens and staff meet them: offered on the feedback page after a poor rating or
a second "not fixed", opened at the counter, heard by the appellate office with its own SLA,
its outcome on the original's timeline; refused, in the reader's language, before it is due."""

import re
from datetime import timedelta

import pytest

from app.extensions import db
from app.models.grievance.outbox import OutboundMessage
from app.models.grievance.ticket import Feedback, Ticket, TicketState
from app.models.org import OrgUnit, Ward
from app.services.grievance import appeals, feedback, tickets
from app.services.grievance.errors import AppealAlreadyOpen, AppealNotAllowed, ReasonRequired
from app.services.org import tree
from tests.conftest import csrf_token, login, new_client
from tests.grievance_helpers import new_ticket
from tests.i18n_helpers import visible_text


def resolved(phone: str, **extra) -> Ticket:
    ticket = new_ticket("DRAIN", ward=3, phone=phone, **extra)
    tickets.transition(ticket, "resolved", note="Cleaned")
    return ticket


def rate(ticket: Ticket, rating: int, not_fixed: bool = False) -> None:
    feedback.record_for(ticket, rating, None, not_fixed)


def last_message(pk: int) -> str:
    query = db.session.query(OutboundMessage.body).filter_by(ticket_id=pk)
    return query.order_by(OutboundMessage.id.desc()).first()[0]


def feedback_token(ticket: Ticket) -> str:
    return re.search(r"/feedback/(\S+)", last_message(ticket.id)).group(1)


def post_form(client, url: str, **fields):
    page = client.get(url)
    csrf = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page.text).group(1)
    return client.post(url, data={"csrf_token": csrf, **fields})


@pytest.fixture()
def units(app):
    """District (appellate) > circle > station, the ward's office the station."""
    with app.app_context():
        district = OrgUnit(name="District", appellate=True)
        tree.place(district)
        circle = OrgUnit(name="Circle", parent_id=district.id)
        tree.place(circle)
        station = OrgUnit(name="Station", parent_id=circle.id)
        tree.place(station)
        ward = db.session.query(Ward).filter_by(number=3).one()
        saved, ward.org_unit_id = ward.org_unit_id, station.id
        db.session.commit()
        ids = {"district": district.id, "circle": circle.id, "station": station.id}
    yield ids
    with app.app_context():
        db.session.query(Ward).filter_by(number=3).one().org_unit_id = saved
        db.session.commit()


def test_a_poor_rating_offers_the_appeal_and_the_district_hears_it(app, units):
    with app.test_request_context():
        ticket = resolved("+919811300001", language="hi")
        pk, token = ticket.id, feedback_token(ticket)
    citizen = new_client(app)
    done = post_form(citizen, f"/feedback/{token}", rating="1", comment="Nothing was done")
    assert "अपील" in done.text  # offered, in Hindi
    appeal_url = re.search(r'href="(/appeal/[^"]+)"', done.text).group(1)
    empty = post_form(citizen, appeal_url, reason="  ")
    assert "कृपया कारण बताएँ" in empty.text  # a reason, please
    page = post_form(citizen, appeal_url, reason="The drain is still blocked")
    number = re.search(r"(JS-[0-9-]+)", visible_text(page.text)).group(1)
    assert "अपील" in page.text
    with app.app_context():
        appeal = db.session.query(Ticket).filter_by(tracking_no=number).one()
        original = db.session.get(Ticket, pk)
        assert appeal.appeal_of_id == pk and appeal.citizen_id == original.citizen_id
        assert appeal.category_id == original.category_id
        assert appeal.org_unit_id == units["district"]  # the nearest appellate office above
        assert appeal.resolution_due - appeal.created_at == timedelta(days=30)
        told = last_message(appeal.id)
        assert number in told and original.tracking_no in told and "अपील" in told
        assert "appealed" in [e.kind for e in original.events]
    public = visible_text(new_client(app).get(f"/track/{number}?lang=en").text)
    assert f"Appeal against {original.tracking_no}." in public and "still blocked" not in public
    again = post_form(citizen, appeal_url, reason="Again")
    assert again.status_code == 409 and number in again.text  # one open appeal at a time

    supervisor = login(app, "supervisor")
    page = visible_text(supervisor.get(f"/ticketview/show/{appeal.id}").text)
    assert f"This is an appeal against {original.tracking_no}" in page
    page = visible_text(supervisor.get(f"/ticketview/show/{pk}").text)
    assert f"Appealed as {number}" in page and "The citizen appealed" in page
    with app.test_request_context():
        tickets.transition(db.session.get(Ticket, appeal.id), "rejected", reason="Work was done")
    page = visible_text(supervisor.get(f"/ticketview/show/{pk}").text)
    assert f"The appeal {number} was dismissed." in page
    public = visible_text(new_client(app).get(f"/track/{original.tracking_no}").text)
    assert f"The appeal {number} was dismissed." in public


def test_a_second_not_fixed_opens_the_way_to_appeal(app_ctx):
    ticket = resolved("+919811300002")
    with pytest.raises(AppealNotAllowed):
        appeals.open_appeal(ticket, "Bad work")
    rate(ticket, 3, not_fixed=True)
    assert not appeals.may_appeal(ticket)
    tickets.transition(ticket, "resolved")
    rate(ticket, 2, not_fixed=True)
    assert ticket.state == TicketState.reopened and appeals.may_appeal(ticket)
    appeal = appeals.open_appeal(ticket, "Twice not fixed")
    # the demo's ward office sits under a zone: the nearest appellate office above, else the zone
    assert appeal.org_unit_id == appeals.appellate_unit(ticket) != ticket.org_unit_id
    assert appeal.org_unit_id in tree.ancestor_ids(ticket.org_unit.path)
    with pytest.raises(AppealAlreadyOpen):
        appeals.open_appeal(ticket, "Again")
    with pytest.raises(ReasonRequired):
        appeals.open_appeal(resolved("+919811300003"), " ")
    tickets.transition(appeal, "resolved", note="Officer told to redo it")
    decided = [e for e in ticket.events if e.kind == "appeal_decided"]
    assert decided[-1].data == {"appeal": appeal.tracking_no, "outcome": "upheld"}


def test_a_clerk_opens_an_appeal_at_the_counter(app):
    with app.test_request_context():
        ticket = resolved("+919811300004")
        pk, resolved_at = ticket.id, ticket.resolved_at
    clerk = login(app, "clerk_water", "hi")
    page = clerk.get(f"/ticketview/show/{pk}").text
    assert "/ticketview/appeal/" not in page  # nothing to appeal yet: not offered
    token = csrf_token(clerk, f"/ticketview/show/{pk}")
    early = clerk.post(
        f"/ticketview/appeal/{pk}", data={"csrf_token": token, "reason": "x"}, follow_redirects=True
    )
    assert early.status_code == 200 and "अभी अपील नहीं" in early.text  # not yet, in Hindi
    with app.test_request_context():
        ticket = db.session.get(Ticket, pk)
        db.session.add(
            Feedback(ticket_id=pk, resolved_at=resolved_at, rating=2, created_at=resolved_at)
        )
        tickets.transition(ticket, "closed")
    assert "/ticketview/appeal/" in clerk.get(f"/ticketview/show/{pk}").text
    done = clerk.post(
        f"/ticketview/appeal/{pk}",
        data={"csrf_token": token, "reason": "Came to the counter"},
        follow_redirects=True,
    )
    assert "अपील दर्ज हुई" in done.text and re.search(r"JS-[0-9-]+", done.text)
    with app.app_context():
        assert db.session.query(Ticket).filter_by(appeal_of_id=pk).count() == 1
