"""Correct and transfer a ticket, as the clerk does it on the ticket page and as the citizen
and the tracking page see it; bad input is answered in the clerk's language, never a 500."""

import re
from datetime import timedelta

import pytest

from app.extensions import db
from app.models.grievance.outbox import OutboundMessage
from app.models.grievance.ticket import Ticket, TicketState
from app.models.org import OrgUnit, Ward
from app.services.grievance import corrections, tickets
from app.services.grievance.errors import NothingToCorrect, ReasonRequired
from app.services.org import tree
from tests.conftest import csrf_token, login, new_client
from tests.grievance_helpers import category_id, new_ticket, ward_id
from tests.i18n_helpers import visible_text


def messages_of(pk: int) -> list[str]:
    query = db.session.query(OutboundMessage.body).filter_by(ticket_id=pk)
    return [body for (body,) in query.order_by(OutboundMessage.id)]


def make_unit(name: str, parent_id: int | None = None, **fields) -> int:
    unit = OrgUnit(name=name, parent_id=parent_id, **fields)
    tree.place(unit)
    db.session.commit()
    return unit.id


def post_correction(app, client, pk, **fields):
    token = csrf_token(client, f"/ticketview/show/{pk}")
    return client.post(
        f"/ticketview/correct/{pk}",
        data={"csrf_token": token, **fields},
        follow_redirects=True,
    )


def test_a_clerk_transfers_a_misfiled_ticket_and_the_citizen_is_told(app):
    with app.test_request_context():
        ticket = new_ticket("DRAIN", ward=3, phone="+919811100001", language="hi")
        pk, created_at = ticket.id, ticket.created_at
        ticket.level = 3  # it had climbed the ladder in the wrong department
        db.session.commit()
        pothole = category_id("POTHOLE")
    clerk = login(app, "clerk_water")
    page = post_correction(app, clerk, pk, category=pothole, reason="Road, not drain")
    assert page.status_code == 200
    # the ticket left the clerk's desk: they are told where it went, on their list
    assert re.search(r"JS-\d+</bdi> is transferred to <bdi>Roads", page.text)
    with app.app_context():
        ticket = db.session.get(Ticket, pk)
        assert ticket.category.code == "POTHOLE" and ticket.department.code == "ROADS"
        assert ticket.level == 1
        assert ticket.resolution_due - created_at == timedelta(hours=72)  # the new category's
        told = messages_of(pk)[-1]
        assert "सड़क में गड्ढा" in told and ticket.tracking_no in told  # in Hindi, by SMS
    page = visible_text(login(app, "supervisor").get(f"/ticketview/show/{pk}").text)
    assert "Transferred from Water & Drainage to Roads." in page
    assert "Category changed from Blocked drain to Pothole." in page
    assert "Reason: Road, not drain" in page
    public = visible_text(new_client(app).get(f"/track/{ticket.tracking_no}").text)
    assert "Transferred from Water & Drainage to Roads." in public
    assert "Road, not drain" not in public  # the reason stays with the staff


def test_an_internal_priority_change_is_not_sent_to_the_citizen(app):
    with app.test_request_context():
        ticket = new_ticket("DRAIN", ward=3, phone="+919811100002")
        pk, sent = ticket.id, len(messages_of(ticket.id))
    clerk = login(app, "clerk_water")
    page = post_correction(app, clerk, pk, priority="urgent", reason="Near a school")
    assert "Corrected." in page.text
    assert "Priority changed from Normal to Urgent." in visible_text(page.text)
    with app.app_context():
        assert db.session.get(Ticket, pk).priority == "urgent"
        assert len(messages_of(pk)) == sent


def test_a_new_ward_moves_the_ticket_and_its_officer(app):
    with app.test_request_context():
        ticket = new_ticket("DRAIN", ward=3, phone="+919811100003")
        assert ticket.assignee.user.username == "officer_water"  # serves wards 1-6
        corrections.correct(ticket, None, "Citizen gave the wrong ward", ward_id=ward_id(9))
        assert ticket.ward.number == 9 and ticket.assignee_id is None  # nobody serves ward 9
        assert ticket.state == TicketState.new
        event = [e for e in ticket.events if e.kind == "corrected"][-1]
        assert event.data["ward"] == [3, 9] and event.public


def test_bad_corrections_are_refused_in_the_clerks_language(app):
    with app.test_request_context():
        pk = new_ticket("DRAIN", ward=3, phone="+919811100004").id
        closed = new_ticket("DRAIN", ward=3, phone="+919811100004")
        tickets.transition(closed, "resolved")
        tickets.transition(closed, "closed")
    clerk = login(app, "clerk_water", "hi")
    page = post_correction(app, clerk, pk, priority="high", reason="  ")
    assert page.status_code == 200 and "कृपया कारण बताएँ" in page.text  # a reason, please
    page = post_correction(app, clerk, pk, category="999999", reason="x")
    assert page.status_code == 200 and "999999" in page.text
    assert "कोई श्रेणी नहीं" in page.text  # no category has that id
    page = post_correction(app, clerk, pk, category="abc", ward="0", reason="x")
    assert page.status_code == 200 and "कोई श्रेणी नहीं" in page.text
    page = post_correction(app, clerk, pk, description="x" * 5000, reason="x")
    assert page.status_code == 200 and "description" in page.text  # too long: named, no 500
    page = post_correction(app, clerk, pk, priority="normal", reason="x")
    assert "कुछ नहीं बदला" in page.text  # nothing changed
    page = post_correction(app, clerk, closed.id, priority="high", reason="x")
    assert page.status_code == 200 and "फिर से खोलें" in page.text  # reopen it first
    client = login(app, "clerk_water")
    assert client.post(f"/ticketview/correct/{pk}", data={"reason": "x"}).status_code == 400
    with app.app_context():
        ticket = db.session.get(Ticket, pk)
        assert ticket.priority == "normal" and ticket.category.code == "DRAIN"
        assert "corrected" not in [e.kind for e in ticket.events]


def test_a_ward_or_office_outside_the_clerks_scope_is_refused(app, restore_demo):
    with app.test_request_context():
        pk = new_ticket("DRAIN", ward=3, phone="+919811100005").id
        unit_id = make_unit("Zone 9")
    rules = app.extensions["janseva_rules"]
    saved = rules["Ward"]["Clerk"], rules["OrgUnit"]["Clerk"]
    rules["Ward"]["Clerk"] = lambda user: Ward.number <= 6  # a clerk of the first six wards
    rules["OrgUnit"]["Clerk"] = lambda user: OrgUnit.id != unit_id  # and not of Zone 9
    try:
        clerk = login(app, "clerk_water")
        with app.app_context():
            far = ward_id(9)
        page = post_correction(app, clerk, pk, ward=far, reason="Moved")
        assert "outside your department or beat" in page.text
        page = post_correction(app, clerk, pk, org_unit=unit_id, reason="Zone 9 handles it")
        assert "outside your department or beat" in page.text
    finally:
        rules["Ward"]["Clerk"], rules["OrgUnit"]["Clerk"] = saved
    with app.app_context():
        ticket = db.session.get(Ticket, pk)
        assert ticket.ward.number == 3 and ticket.org_unit_id != unit_id


def test_an_admin_transfers_to_another_office(app):
    with app.test_request_context():
        pk = new_ticket("DRAIN", ward=3, phone="+919811100006").id
        unit_id = make_unit("East zone", make_unit("Corporation"))
    page = post_correction(app, login(app, "admin"), pk, org_unit=unit_id, reason="East zone")
    assert "Transferred from the office" in visible_text(page.text)
    with app.app_context():
        assert db.session.get(Ticket, pk).org_unit_id == unit_id
        assert "East zone" in messages_of(pk)[-1]


def test_the_ticket_pages_have_no_edit_button_that_goes_nowhere(app):
    with app.test_request_context():
        pk = new_ticket("DRAIN", ward=3, phone="+919811100007").id
    clerk = login(app, "clerk_water")
    assert "/ticketview/edit/" not in clerk.get("/ticketview/list/").text
    page = clerk.get(f"/ticketview/show/{pk}").text
    assert "/ticketview/edit/" not in page and "Correct or transfer" in page
    assert clerk.get(f"/ticketview/edit/{pk}").status_code == 404


def test_not_our_department_is_a_correction(app_ctx):
    ticket = new_ticket("DRAIN", ward=3, description="Actually a pothole")
    tickets.transition(
        ticket, "rejected", reason="wrong_department", category_id=category_id("POTHOLE")
    )
    assert ticket.department.code == "ROADS" and ticket.state != TicketState.rejected
    event = [e for e in ticket.events if e.kind == "corrected"][-1]
    assert event.data["department"] == ["WATER", "ROADS"] and event.data["transfer"]


def test_the_service_refuses_a_missing_reason_and_a_change_of_nothing(app_ctx):
    ticket = new_ticket("DRAIN", ward=3)
    with pytest.raises(ReasonRequired):
        corrections.correct(ticket, None, "", priority="high")
    with pytest.raises(NothingToCorrect):
        corrections.correct(ticket, None, "x", category_id=ticket.category_id)
