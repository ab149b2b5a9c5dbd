"""The desk's verbs: intake, routing, the life cycle, SLA deadlines, the timeline."""

from datetime import timedelta

import pytest
from sqlalchemy import text

from app.core.columns import AppendOnly
from app.core.errors import NotAllowed
from app.extensions import db
from app.models.grievance.ticket import TicketEvent, TicketState
from app.models.org import Category, Officer, Ward
from app.services.grievance import sla, tickets
from app.services.grievance.errors import DuplicateOfRequired, IncompleteComplaint, ReasonRequired
from tests.grievance_helpers import category_id, new_ticket, ward_id


def category_department(code: str) -> int:
    return db.session.query(Category.department_id).filter_by(code=code).scalar()


def test_intake_gives_a_tracking_number_and_routes_to_the_right_officer(app_ctx):
    ticket = new_ticket("DRAIN", ward=3)
    assert ticket.tracking_no.startswith("JS-")
    assert ticket.department.code == "WATER"
    assert ticket.assignee.user.username == "officer_water"
    assert ticket.state == TicketState.assigned and ticket.assigned_at is not None
    routed = [e for e in ticket.events if e.kind == "routed"][0]
    assert routed.data["reason"] == "fewest_open_tickets"


def test_without_an_officer_serving_the_ward_it_waits_in_the_department_queue(app_ctx):
    ticket = new_ticket("DRAIN", ward=9)  # officer_water serves wards 1-6 only
    assert ticket.assignee_id is None and ticket.state == TicketState.new
    assert [e.data["reason"] for e in ticket.events if e.kind == "routed"] == [
        "no_available_officer"
    ]


def test_with_nobody_serving_the_ward_an_officer_posted_at_its_unit_gets_it(app_ctx, restore_demo):
    unit_id = db.session.get(Ward, ward_id(9)).org_unit_id  # the demo's Khajrana ward office
    posted = db.session.query(Officer).join(Officer.user).filter_by(username="postman2").one()
    posted.department_id, posted.org_unit_id = category_department("DRAIN"), unit_id
    posted.wards = []  # serves no ward: found by its posting
    db.session.commit()
    try:
        ticket = new_ticket("DRAIN", ward=9)  # no Water officer serves ward 9
        assert unit_id is not None and ticket.org_unit_id == unit_id
        assert ticket.assignee_id == posted.id
    finally:
        posted.org_unit_id = None  # the demo puts back the rest
        db.session.commit()


def test_the_officer_with_fewest_open_tickets_gets_the_next_one(app_ctx, restore_demo):
    busy = new_ticket("DRAIN", ward=3).assignee  # officer_water now has open tickets
    idle = db.session.query(Officer).join(Officer.user).filter_by(username="postman2").one()
    idle.department_id, idle.wards = busy.department_id, [busy.wards[2]]  # ward 3
    db.session.commit()
    assert new_ticket("DRAIN", ward=3).assignee_id == idle.id


def test_one_citizen_record_per_person(app_ctx):
    first = new_ticket(phone="+91 98000 11111")
    second = new_ticket(phone="०९८०००१११११")  # the same mobile, typed in Devanagari
    assert first.citizen_id == second.citizen_id
    assert [t.id for t in tickets.history(first.citizen_id)][:2] == [second.id, first.id]


def test_incomplete_complaints_are_refused(app_ctx):
    with pytest.raises(IncompleteComplaint):
        tickets.create_ticket(
            category_id=category_id("DRAIN"),
            description="  ",
            contact={"phone": "+919800000009"},
            channel="web",
        )
    with pytest.raises(IncompleteComplaint):
        tickets.create_ticket(
            category_id=category_id("DRAIN"), description="x", contact={}, channel="web"
        )


def test_the_life_cycle_allows_only_its_own_steps(app_ctx):
    ticket = new_ticket()
    with pytest.raises(NotAllowed) as error:
        tickets.transition(ticket, "closed")
    assert "cannot move" in str(error.value)
    tickets.transition(ticket, "in_progress")
    tickets.transition(ticket, "resolved", note="Cleaned")
    assert ticket.first_response_at and ticket.primary_action_at and ticket.resolved_at
    tickets.transition(ticket, "reopened", note="Still blocked")
    assert ticket.resolved_at is None and ticket.state == TicketState.reopened
    tickets.transition(ticket, "closed_unresolved", note="Private drain")
    with pytest.raises(NotAllowed):
        tickets.transition(ticket, "no-such-state")


def test_rejection_needs_a_reason_and_duplicates_name_the_original(app_ctx):
    original, ticket = new_ticket(), new_ticket()
    with pytest.raises(ReasonRequired):
        tickets.transition(ticket, "rejected")
    with pytest.raises(DuplicateOfRequired):
        tickets.transition(ticket, "duplicate", duplicate_of=ticket.tracking_no)
    tickets.transition(ticket, "duplicate", duplicate_of=original.tracking_no)
    assert ticket.duplicate_of_id == original.id


def test_not_our_department_reroutes_instead_of_rejecting(app_ctx):
    ticket = new_ticket("DRAIN", ward=3, description="Actually a pothole")
    tickets.transition(
        ticket,
        "rejected",
        reason="wrong_department",
        category_id=category_id("POTHOLE"),
        note="Road, not drain",
    )
    assert ticket.department.code == "ROADS" and ticket.state == TicketState.new
    corrected = [e for e in ticket.events if e.kind == "corrected"][-1]  # one way: a correction
    assert corrected.data["reason"] == "Road, not drain" and corrected.data["transfer"]


def test_sla_deadlines_come_from_the_category(app_ctx):
    ticket = new_ticket("POLICE-HELP", ward=1)
    assert ticket.first_response_due - ticket.created_at == timedelta(minutes=2)
    assert ticket.primary_action_due - ticket.created_at == timedelta(minutes=5)
    now = ticket.created_at + timedelta(minutes=3)
    assert sla.status(ticket, "first_response", now) == sla.BREACHED
    assert sla.status(ticket, "resolution", now) == sla.ON_TRACK
    tickets.transition(ticket, "acknowledged")
    assert sla.status(ticket, "first_response", now) == sla.MET


def test_the_timeline_cannot_be_edited_or_deleted(app_ctx):
    ticket = new_ticket()
    entry = ticket.events[0]
    entry.kind = "forged"
    with pytest.raises(AppendOnly):
        db.session.commit()
    db.session.rollback()
    for statement in (
        "UPDATE ticket_event SET kind = 'forged' WHERE id = :id",
        "DELETE FROM ticket_event WHERE id = :id",
    ):
        with pytest.raises(Exception, match="append-only"):
            db.session.execute(text(statement), {"id": entry.id})
        db.session.rollback()
    assert db.session.get(TicketEvent, entry.id).kind == "created"
