"""Pause states: waiting for the citizen or another agency stops the SLA clock; leaving it
restarts the clock with the time that was left, and nothing warns or breaches meanwhile."""

from datetime import timedelta

from app.extensions import db
from app.models.grievance.outbox import OutboundMessage
from app.models.grievance.ticket import SlaTimer, TicketEvent
from app.models.org import Clock
from app.services.grievance import sla, sla_sweep, tickets
from tests.calendar_helpers import borrowed, desk_at, office, utc, ward_of
from tests.conftest import api_headers, login
from tests.grievance_helpers import category_id, new_ticket
from tests.i18n_helpers import visible_text

IST = "Asia/Kolkata"


def kinds(ticket) -> list[str]:
    found = db.session.query(TicketEvent.kind).filter_by(ticket_id=ticket.id)
    return [kind for (kind,) in found.order_by(TicketEvent.id)]


def test_a_pause_keeps_the_working_time_left_and_nothing_breaches(
    app_ctx, monkeypatch, gateways, inline_jobs
):
    ward = ward_of(office(subdivision="UP"), 911)
    desk_at(monkeypatch, utc(IST, 2025, 12, 2, 10, 0))  # Tuesday, as the office opens
    office_hours = borrowed(
        "TRADE-LICENCE",
        Clock.office_hours,
        first_response_minutes=120,
        primary_action_minutes=480,
        resolution_hours=40,
    )
    with office_hours:
        ticket = tickets.create_ticket(
            category_id=category_id("TRADE-LICENCE"),
            description="Sewer overflowing",
            contact={"phone": "+919855500101"},
            channel="walk_in",
            ward_id=ward.id,
        )
        pausing_and_resuming(ticket, monkeypatch)


def pausing_and_resuming(ticket, monkeypatch):
    assert ticket.first_response_due == utc(IST, 2025, 12, 2, 12, 0)
    tickets.transition(ticket, "assigned")
    desk_at(monkeypatch, utc(IST, 2025, 12, 2, 11, 0))  # an hour of the first response left
    tickets.transition(ticket, "waiting_citizen", note="Send a photo of the spot", public=True)
    assert ticket.paused and ticket.paused_at == utc(IST, 2025, 12, 2, 11, 0)
    assert db.session.query(SlaTimer).filter_by(ticket_id=ticket.id).count() == 0

    sla_sweep.sweep(utc(IST, 2025, 12, 5, 12, 0))  # days past every deadline: the clock stopped
    assert not {"sla_warning", "sla_breach", "escalated"} & set(kinds(ticket))

    desk_at(monkeypatch, utc(IST, 2025, 12, 6, 17, 30))  # Saturday, half an hour to closing
    tickets.transition(ticket, "assigned")
    assert not ticket.paused
    # the hour left: half an hour on Saturday, Sunday closed, half an hour on Monday
    assert ticket.first_response_due == utc(IST, 2025, 12, 8, 10, 30)
    resumed = [e for e in ticket.events if e.kind == "resumed"][-1]
    assert resumed.data["paused_minutes"] == 4 * 24 * 60 + 6 * 60 + 30
    sla.set_deadlines(ticket)  # as a correction recomputes them: the pause keeps its credit
    assert ticket.first_response_due == utc(IST, 2025, 12, 8, 10, 30)
    sla_sweep.sweep(utc(IST, 2025, 12, 8, 10, 20))  # the last fifth of the hour: a warning
    assert "sla_warning" in kinds(ticket) and "escalated" not in kinds(ticket)
    sla_sweep.sweep(utc(IST, 2025, 12, 8, 10, 31))  # and now it is late
    assert "escalated" in kinds(ticket)


def test_a_round_the_clock_pause_moves_deadlines_by_the_time_it_lasted(app_ctx, monkeypatch):
    with borrowed("HOLDING-TAX", Clock.round_the_clock):
        a_round_the_clock_pause(monkeypatch)


def a_round_the_clock_pause(monkeypatch):
    start = utc(IST, 2025, 12, 2, 22, 0)
    desk_at(monkeypatch, start)
    ticket = new_ticket("HOLDING-TAX", ward=3, phone="+919855500102")
    tickets.transition(ticket, "acknowledged")
    due = ticket.resolution_due
    desk_at(monkeypatch, start + timedelta(minutes=10))
    tickets.transition(ticket, "waiting_agency", note="Electricity board must cut the power")
    desk_at(monkeypatch, start + timedelta(hours=3, minutes=10))
    tickets.transition(ticket, "in_progress")
    assert ticket.resolution_due == due + timedelta(hours=3)
    armed = db.session.get(SlaTimer, (ticket.id, "resolution"))
    assert armed is not None and armed.fires_at < ticket.resolution_due


def test_the_ticket_page_list_api_and_citizen_see_the_pause(app, inline_jobs):
    with app.test_request_context():
        ticket = new_ticket("DRAIN", ward=3, phone="+919855500103")
        tickets.transition(ticket, "waiting_citizen", note="Which house number?", public=True)
        pk, tracking_no = ticket.id, ticket.tracking_no
        told = db.session.query(OutboundMessage).filter_by(ticket_id=pk).all()
        assert any(
            "we need something from you to go on" in m.body and "Which house number?" in m.body
            for m in told
        )
    client = login(app, "clerk_water")
    page = visible_text(client.get(f"/ticketview/show/{pk}").text)
    assert "SLA clock Paused since" in page
    assert "Resolution Paused" in page  # the targets' status
    assert "The SLA clock is stopped while the ticket is “Waiting for the citizen”." in page
    listed = visible_text(client.get("/ticketview/list/?_oc_TicketView=created_at").text)
    assert "Waiting for the citizen" in listed and "Paused since" in listed
    answer = client.get(f"/api/v1/ticket/{pk}", headers=api_headers(app, "clerk_water"))
    assert answer.json["result"]["paused"] is True
    public = visible_text(app.test_client().get(f"/track/{tracking_no}").text)
    assert "The SLA clock is stopped" in public

    with app.test_request_context():
        ticket = tickets.by_tracking_no(tracking_no)
        tickets.transition(ticket, "in_progress")
    page = visible_text(client.get(f"/ticketview/show/{pk}").text)
    assert "The SLA clock runs again (In progress) after 1 minute; its deadlines moved on." in (
        page
    )
    assert "Paused since" not in page


def test_a_persian_reader_sees_the_pause_in_persian(app):
    with app.test_request_context():
        ticket = new_ticket("DRAIN", ward=3, phone="+919855500104")
        tickets.transition(ticket, "waiting_agency")
        tickets.transition(ticket, "in_progress")
        pk = ticket.id
    page = visible_text(login(app, "clerk_water", "fa").get(f"/ticketview/show/{pk}").text)
    assert "ساعت SLA متوقف است" in page
    assert "ساعت SLA پس از ۱ دقیقه دوباره کار می‌کند" in page
