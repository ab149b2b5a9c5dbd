"""The SLA sweep: warnings before, breaches recorded once, escalation within a sweep (every
20 s). A ticket without a unit goes straight to the top of the ladder, the supervisors; the
climb through a tree is in test_ladders.py."""

from datetime import timedelta

import pytest

from app import modules
from app.extensions import db
from app.models.grievance.outbox import OutboundMessage
from app.models.grievance.ticket import TicketEvent
from app.services.grievance import sla_alerts, sla_sweep, tickets
from tests.conftest import login
from tests.grievance_helpers import new_ticket as new_ticket_in_unit
from tests.i18n_helpers import visible_text


def new_ticket(*args, **kwargs):
    """A ticket held by no unit: its breach goes straight to the top of the ladder, the
    supervisors (the climb through the tree is in test_ladders.py)."""
    ticket = new_ticket_in_unit(*args, **kwargs)
    ticket.org_unit_id = None
    db.session.commit()
    return ticket


def events(ticket, kind):
    found = db.session.query(TicketEvent).filter_by(ticket_id=ticket.id, kind=kind)
    return found.order_by(TicketEvent.id).all()


def breached(ticket_id) -> list[str]:
    """The targets whose breach the timeline records: an `sla_breach` event, or the `escalated`
    event of a breach that escalated (it carries the missed target's `due`)."""
    found = db.session.query(TicketEvent).filter(
        TicketEvent.ticket_id == ticket_id, TicketEvent.kind.in_(("sla_breach", "escalated"))
    )
    return [e.data["target"] for e in found.order_by(TicketEvent.id) if "due" in e.data]


def mail_about(mail, ticket):
    return [
        m
        for m in mail.messages
        if any(
            line.startswith(f"{ticket.tracking_no} (")
            for line in m.get_body().get_content().splitlines()
        )
    ]


def test_the_sweep_runs_at_least_every_thirty_seconds():
    periodic = dict(modules.available()["grievance"].periodic)
    assert periodic["app.services.grievance.jobs:sweep_sla"] <= 30


def full(alert: str) -> bool:
    """An alert whose list is full: LISTED tickets named, the rest counted on a last line."""
    return len(alert.strip().splitlines()) == sla_alerts.LISTED + 1


def test_warning_breach_and_escalation_to_the_supervisors(app_ctx, gateways, inline_jobs):
    sms, mail = gateways
    ticket = new_ticket("DRAIN", ward=3, phone="+919844400001")  # first response: 30 min
    start = ticket.created_at

    sla_sweep.sweep(start + timedelta(minutes=10))
    assert events(ticket, "sla_warning") == []
    officer = ticket.assignee.phone
    before = len([m for m in sms.received if m["to"] == officer])
    sla_sweep.sweep(start + timedelta(minutes=25))  # the last fifth of the time: warn
    assert [e.data["target"] for e in events(ticket, "sla_warning")] == ["first_response"]
    # The officer hears of the ticket among their others, or has it counted when other tests'
    # tickets fill the list (a backlog is swept in several rounds, each with its own SMS).
    warnings = [m["text"] for m in sms.received if m["to"] == officer][before:]
    assert any(f"{ticket.tracking_no}:" in text or full(text) for text in warnings)

    supervisor = ticket.department.supervisor.email  # the demo's only supervisor

    def new_alerts(sweep_at) -> str:
        """What the supervisor gets from a sweep: an alert naming the ticket, unless other
        tests' tickets escalated with it fill the list (those are counted at its end)."""
        before = len([m for m in mail.messages if m["To"] == supervisor])
        sla_sweep.sweep(sweep_at)
        alerts = [m for m in mail.messages if m["To"] == supervisor][before:]
        words = [alert.get_body().get_content() for alert in alerts]
        assert any(f"{ticket.tracking_no} (" in text or full(text) for text in words)
        return "\n".join(words)

    assert "missed" in new_alerts(start + timedelta(minutes=31))
    sla_sweep.sweep(start + timedelta(minutes=31, seconds=20))  # the next round changes nothing
    db.session.refresh(ticket)
    assert breached(ticket.id) == ["first_response"]
    assert ticket.level == 2
    assert len(mail_about(mail, ticket)) <= 1

    sla_sweep.sweep(start + timedelta(minutes=62))  # still unmet, but nobody above them
    db.session.refresh(ticket)
    assert ticket.level == 2
    assert [e.data["level"] for e in events(ticket, "escalated")] == [2]


def test_a_target_met_in_time_is_never_breached(app_ctx, gateways, inline_jobs):
    ticket = new_ticket("DRAIN", ward=3, phone="+919844400002")
    tickets.transition(ticket, "acknowledged")
    sla_sweep.sweep(ticket.created_at + timedelta(minutes=45))
    targets = breached(ticket.id)
    assert "first_response" not in targets


def test_closed_tickets_are_left_alone(app_ctx, gateways, inline_jobs):
    ticket = new_ticket("DRAIN", ward=3, phone="+919844400003")
    tickets.transition(ticket, "rejected", note="Private property")
    sla_sweep.sweep(ticket.created_at + timedelta(days=5))
    assert breached(ticket.id) == [] and ticket.level == 1


def test_supervisor_sees_escalations_with_the_breach_on_the_timeline(app, gateways, inline_jobs):
    with app.test_request_context():
        ticket = new_ticket("DRAIN", ward=3, phone="+919844400004")
        sla_sweep.sweep(ticket.created_at + timedelta(minutes=31))
        pk, tracking_no = ticket.id, ticket.tracking_no
        alerts = (
            db.session.query(OutboundMessage)
            .filter(OutboundMessage.event_key.like("sla-breach-user-%"))
            .all()
        )
        assert [tracking_no in m.body for m in alerts].count(True) == 1
    client = login(app, "supervisor")
    assert tracking_no in client.get("/escalationview/list/").text
    page = visible_text(client.get(f"/ticketview/show/{pk}").text)
    assert "SLA breached: First response was due at" in page
    assert "Escalated (level 2) to Rakesh Sharma." in page  # the supervisor, by name


def test_one_round_alerts_each_person_once_listing_all_their_tickets(
    app_ctx, gateways, inline_jobs, monkeypatch
):
    sms, mail = gateways
    monkeypatch.setattr(sla_alerts, "LISTED", 10_000)  # other tests' open tickets breach too
    late = [new_ticket("DRAIN", ward=3, phone=f"+91984440011{n}") for n in range(3)]
    start = max(t.created_at for t in late)
    before = len(mail.messages)
    done = sla_sweep.sweep(start + timedelta(minutes=31))
    assert done["breaches"] >= 3
    supervisor = late[0].department.supervisor.email
    alerts = [m for m in mail.messages[before:] if m["To"] == supervisor]
    assert len(alerts) == 1
    body = alerts[0].get_body().get_content()
    assert all(f"{t.tracking_no} (" in body for t in late)


def test_a_long_list_names_the_first_tickets_and_counts_the_rest(
    app_ctx, gateways, inline_jobs, monkeypatch
):
    sms, mail = gateways
    monkeypatch.setattr(sla_alerts, "LISTED", 2)
    late = [new_ticket("DRAIN", ward=3, phone=f"+91984440012{n}") for n in range(4)]
    before = len(mail.messages)
    sla_sweep.sweep(max(t.created_at for t in late) + timedelta(minutes=31))
    (alert,) = [m for m in mail.messages[before:] if m["To"] == late[0].department.supervisor.email]
    lines = alert.get_body().get_content().strip().splitlines()
    assert len(lines) == 3
    assert lines[-1].startswith("More tickets: ")
    assert lines[-1].endswith("See the Escalations screen.")


def test_two_sweeps_at_once_record_each_breach_once(app, gateways, inline_jobs):
    """Each worker sweeps; the second must skip what the first holds and then find it done."""
    import threading

    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        pytest.skip("SQLite deployments run one sweeper; CI runs this on PostgreSQL")
    with app.app_context():
        ticket = new_ticket("DRAIN", ward=3, phone="+919844400130")
        pk, when = ticket.id, ticket.created_at + timedelta(minutes=31)
    barrier = threading.Barrier(2)

    def run():
        with app.app_context():
            barrier.wait()
            sla_sweep.sweep(when)
            db.session.remove()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    with app.app_context():
        assert breached(pk) == ["first_response"]


def test_a_backlog_is_shared_by_the_sweepers_and_each_breach_recorded_once(
    app_ctx, gateways, inline_jobs, monkeypatch
):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("SQLite deployments run one sweeper; CI runs this on PostgreSQL")
    monkeypatch.setattr(sla_sweep, "BATCH", 2)  # five late tickets are a backlog of rounds
    late = [new_ticket("DRAIN", ward=3, phone=f"+91984440015{n}") for n in range(5)]
    done = sla_sweep.sweep(max(t.created_at for t in late) + timedelta(minutes=31))
    assert done["breaches"] >= 5 and done["escalations"] >= 5
    for ticket in late:
        assert breached(ticket.id) == ["first_response"]
        assert ticket.level == 2  # the caller's session sees the sweepers' work


def test_a_reopened_ticket_is_timed_again(app_ctx, gateways, inline_jobs):
    ticket = new_ticket("DRAIN", ward=3, phone="+919844400140")
    tickets.transition(ticket, "resolved", note="Cleared")
    sla_sweep.sweep(ticket.resolution_due + timedelta(minutes=1))  # met: the timer is dropped
    assert breached(ticket.id) == []
    tickets.transition(ticket, "reopened", note="Not fixed")
    sla_sweep.sweep(ticket.resolution_due + timedelta(minutes=2))
    assert breached(ticket.id) == ["resolution"]


def test_a_ticket_escalates_once_however_many_targets_it_misses(app_ctx, gateways, inline_jobs):
    ticket = new_ticket("DRAIN", ward=3, phone="+919844400160")
    sla_sweep.sweep(ticket.resolution_due + timedelta(minutes=1))  # every target missed at once
    db.session.refresh(ticket)
    assert sorted(breached(ticket.id)) == ["first_response", "primary_action", "resolution"]
    assert [e.data["level"] for e in events(ticket, "escalated")] == [2]
    assert len(events(ticket, "sla_breach")) == 2 and ticket.level == 2
