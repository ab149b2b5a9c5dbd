"""A ticket's deadlines: an office-hours category counts its unit's working time (nights,
Sundays, Diwali), priority picks its targets from the category x priority table, and a
round-the-clock category keeps counting wall-clock time."""

from datetime import timedelta

from app.extensions import db
from app.models.grievance.ticket import SlaTimer
from app.models.org import Clock, PriorityTarget
from app.services.grievance import sla, tickets
from tests.calendar_helpers import borrowed, desk_at, office, utc, ward_of
from tests.grievance_helpers import category_id

IST = "Asia/Kolkata"


def ticket_in(ward, code: str, priority: str = "normal", phone="+919855500001"):
    return tickets.create_ticket(
        category_id=category_id(code),
        description="Drain blocked near the school",
        contact={"phone": phone},
        channel="walk_in",
        ward_id=ward.id,
        priority=priority,
    )


def test_office_hours_deadlines_skip_the_night_sunday_and_diwali(app_ctx, monkeypatch):
    ward = ward_of(office(subdivision="UP"), 901)
    desk_at(monkeypatch, utc(IST, 2025, 10, 18, 17, 0))  # Saturday evening before Diwali
    office_hours = borrowed(
        "TRADE-LICENCE",
        Clock.office_hours,
        first_response_minutes=120,
        primary_action_minutes=480,
        resolution_hours=24,
    )
    with office_hours:
        ticket = ticket_in(ward, "TRADE-LICENCE")
        timer = db.session.get(SlaTimer, (ticket.id, "first_response"))
    # Sunday, Diwali (Monday 20 October): the clock runs on Tuesday
    assert ticket.first_response_due == utc(IST, 2025, 10, 21, 11, 0)
    assert ticket.primary_action_due == utc(IST, 2025, 10, 21, 17, 0)
    # three working days: Saturday's hour, Tuesday, Friday (Govardhan Puja and Bhai Duj are
    # Uttar Pradesh holidays), and Saturday to 17:00
    assert ticket.resolution_due == utc(IST, 2025, 10, 25, 17, 0)
    assert timer.step == "warn" and timer.fires_at == utc(IST, 2025, 10, 21, 10, 36)


def test_the_priority_table_sets_the_targets(app_ctx, monkeypatch):
    ward = ward_of(office(), 902)
    start = utc(IST, 2025, 12, 6, 23, 0)  # a Saturday night: round the clock, it counts
    desk_at(monkeypatch, start)
    targets = {"first_response_minutes": 60, "primary_action_minutes": 600}
    with borrowed("HOLDING-TAX", Clock.round_the_clock, resolution_hours=48, **targets) as tax:
        db.session.add(
            PriorityTarget(
                category_id=tax.id,
                priority="urgent",
                first_response_minutes=15,
                primary_action_minutes=60,
                resolution_minutes=240,
            )
        )
        db.session.commit()
        urgent = ticket_in(ward, "HOLDING-TAX", "urgent", phone="+919855500002")
        normal = ticket_in(ward, "HOLDING-TAX", "normal", phone="+919855500003")  # its own
    assert urgent.first_response_due == start + timedelta(minutes=15)
    assert urgent.primary_action_due == start + timedelta(minutes=60)
    assert urgent.resolution_due == start + timedelta(minutes=240)
    assert normal.first_response_due == start + timedelta(minutes=60)
    assert normal.resolution_due == start + timedelta(hours=48)


def test_a_round_the_clock_category_keeps_wall_clock_deadlines(app_ctx, monkeypatch):
    ward = ward_of(office(), 903)
    start = utc(IST, 2025, 10, 19, 22, 0)  # Sunday night before Diwali
    desk_at(monkeypatch, start)
    with borrowed("HOLDING-TAX", Clock.round_the_clock):
        ticket = ticket_in(ward, "HOLDING-TAX", phone="+919855500004")
        tax = ticket.category
        assert ticket.first_response_due == start + timedelta(minutes=tax.first_response_minutes)
        assert ticket.resolution_due == start + timedelta(hours=tax.resolution_hours)


def test_no_unit_or_a_round_the_clock_category_counts_wall_clock_time(app_ctx):
    station = office()
    start = utc(IST, 2025, 12, 6, 17, 0)  # Saturday, an hour before closing
    for unit, clock in ((None, Clock.office_hours), (station.id, Clock.round_the_clock)):
        assert sla.due_after(unit, clock, start, 120) == utc(IST, 2025, 12, 6, 19, 0)
    assert sla.due_after(station.id, Clock.office_hours, start, 120) == utc(IST, 2025, 12, 8, 11)
