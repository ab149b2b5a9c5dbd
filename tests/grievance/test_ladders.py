"""The escalation ladder: a ticket of a station under a district under HQ climbs assignee →
station head → district head → HQ head → supervisors, each level holding it for its ladder
step's time; each new holder hears on their own channel, and the timeline says who held it
before and for how long."""

import re
from datetime import timedelta
from types import SimpleNamespace

from app import modules
from app.extensions import db
from app.models.grievance.ticket import Ticket, TicketEvent
from app.services.grievance import sla_sweep
from tests.conftest import login
from tests.i18n_helpers import visible_text
from workers import periodic

HINDI, BENGALI, PERSIAN = "[\u0900-\u097f]", "[\u0980-\u09ff]", "[\u0600-\u06ff]"


def escalations(ticket_id):
    found = db.session.query(TicketEvent).filter_by(ticket_id=ticket_id, kind="escalated")
    return [event.data for event in found.order_by(TicketEvent.id)]


def level_of(ticket_id) -> int:
    return db.session.scalar(db.select(Ticket.level).where(Ticket.id == ticket_id))


def mails_to(mail, address, tracking_no):
    return [
        m.get_body().get_content()
        for m in mail.messages
        if m["To"] == address and tracking_no in m.get_body().get_content()
    ]


def test_a_breach_climbs_the_tree_with_each_levels_own_time(
    app, police_tree, gateways, inline_jobs
):
    sms, mail = gateways
    with app.test_request_context():
        ticket = police_tree.ticket("+919844400501")
        pk, tracking_no, start = ticket.id, ticket.tracking_no, ticket.created_at
        assignee = str(ticket.assignee)
        station, district, hq = (
            police_tree.user(police_tree.station_head),
            police_tree.user(police_tree.district_head),
            police_tree.user(police_tree.hq_head),
        )

        # first response (30 min) missed: the station head holds it, told by SMS in Hindi
        sla_sweep.sweep(start + timedelta(minutes=31))
        assert level_of(pk) == 2
        texts = [m["text"] for m in sms.received if m["to"] == police_tree.station_phone]
        assert any(tracking_no in text and re.search(HINDI, text) for text in texts)
        # the station's ladder step is 15 min: not yet after 14, climbed after 15
        sla_sweep.sweep(start + timedelta(minutes=45))
        assert level_of(pk) == 2
        sla_sweep.sweep(start + timedelta(minutes=46, seconds=1))
        assert level_of(pk) == 3
        assert any(re.search(BENGALI, body) for body in mails_to(mail, district.email, tracking_no))
        # the district holds it 45 min (its category step), HQ 60 (the default ladder)
        sla_sweep.sweep(start + timedelta(minutes=90))
        assert level_of(pk) == 3
        sla_sweep.sweep(start + timedelta(minutes=92))
        assert level_of(pk) == 4
        assert any(re.search(PERSIAN, body) for body in mails_to(mail, hq.email, tracking_no))
        sla_sweep.sweep(start + timedelta(minutes=151))
        assert level_of(pk) == 4
        sla_sweep.sweep(start + timedelta(minutes=153))
        assert level_of(pk) == 5  # past the root: the supervisors, the top
        sla_sweep.sweep(start + timedelta(minutes=600))
        assert level_of(pk) == 5

        climbs = escalations(pk)
        assert [e["level"] for e in climbs] == [2, 3, 4, 5]
        assert [e["people"] for e in climbs[:3]] == [
            [station.get_full_name()],
            [district.get_full_name()],
            [hq.get_full_name()],
        ]
        assert "supervisor" in climbs[3]["to"].split(", ")
        assert [e["held_by"] for e in climbs] == [
            [assignee],
            [station.get_full_name()],
            [district.get_full_name()],
            [hq.get_full_name()],
        ]
        assert [e["held_seconds"] // 60 for e in climbs[1:]] == [15, 45, 61]

    page = visible_text(login(app, "supervisor").get(f"/ticketview/show/{pk}").text)
    assert (
        f"Escalated (level 3) to {district.get_full_name()}. Held before by "
        f"{station.get_full_name()} (level 2) for 15 minutes." in page
    )
    assert f"Held before by {district.get_full_name()} (level 3) for 45 minutes." in page
    assert f"Held before by {hq.get_full_name()} (level 4) for 1 h 1 min." in page
    hindi = visible_text(login(app, "supervisor", "hi").get(f"/ticketview/show/{pk}").text)
    assert station.get_full_name() in hindi and "Held before" not in hindi


def test_a_unit_without_a_head_is_skipped(app_ctx, police_tree, gateways, inline_jobs):
    from app.models.org import OrgUnit

    db.session.get(OrgUnit, police_tree.station).head_id = None
    db.session.commit()
    ticket = police_tree.ticket("+919844400502")
    sla_sweep.sweep(ticket.created_at + timedelta(minutes=31))
    (climb,) = escalations(ticket.id)
    district = police_tree.user(police_tree.district_head)
    assert climb["level"] == 3 and climb["people"] == [district.get_full_name()]


def test_the_next_level_is_alerted_within_a_minute_of_the_deadline(
    app, police_tree, gateways, inline_jobs, monkeypatch
):
    """The workers' real schedule on an injected clock: the sweep every N seconds (from the
    manifest), time moving one second per tick of the periodic loop."""
    sms, _mail = gateways
    with app.app_context():
        ticket = police_tree.ticket("+919844400503")
        pk, tracking_no, due = ticket.id, ticket.tracking_no, ticket.first_response_due
    sweep_job = "app.services.grievance.jobs:sweep_sla"
    every = dict(modules.available()["grievance"].periodic)[sweep_job]
    schedule = [(job, n) for job, n in periodic.tasks(app) if job is modules.load(sweep_job)]
    assert schedule == [(modules.load(sweep_job), every)]
    monkeypatch.setattr(periodic, "tasks", lambda app: schedule)

    class Clock:  # seconds since the start; the loop's one-second waits move it
        elapsed, end = 0.0, 120.0

        def is_set(self):
            return self.elapsed >= self.end

        def wait(self, seconds):
            self.elapsed += seconds
            return self.is_set()

    clock = Clock()
    start = due - timedelta(seconds=every - 3)  # an unlucky phase: a sweep just before the due
    monkeypatch.setattr(periodic, "time", SimpleNamespace(monotonic=lambda: clock.elapsed))
    monkeypatch.setattr(sla_sweep, "utc_now", lambda: start + timedelta(seconds=clock.elapsed))
    periodic.start(app, clock).join(timeout=60)
    with app.app_context():
        moved = db.session.get(Ticket, pk)
        assert moved.level == 2
        assert timedelta(0) <= moved.escalated_at - due <= timedelta(seconds=60)
    texts = [m["text"] for m in sms.received if m["to"] == police_tree.station_phone]
    assert any(tracking_no in text for text in texts)
