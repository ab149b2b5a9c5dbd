"""SLA targets: deadlines fixed at creation; each target on track, met or breached."""

from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.extensions import db
from app.models.grievance.ticket import SlaTimer, Ticket, TicketEvent
from app.models.org import Clock, PriorityTarget
from app.services.org import calendars

ON_TRACK, MET, BREACHED, PAUSED = "on_track", "met", "breached", "paused"
STATUS_LABELS = {
    ON_TRACK: _l("On track"),
    MET: _l("Met"),
    BREACHED: _l("Breached"),
    PAUSED: _l("Paused"),
}

# target -> (deadline column, milestone column)
TARGETS = {
    "first_response": ("first_response_due", "first_response_at"),
    "primary_action": ("primary_action_due", "primary_action_at"),
    "resolution": ("resolution_due", "resolved_at"),
}
WARN_FRACTION = 0.2  # the assignee is warned when a fifth of a target's time is left
TARGET_LABELS = {
    "first_response": _l("First response"),
    "primary_action": _l("Primary action"),
    "resolution": _l("Resolution"),
}


def targets(ticket: Ticket) -> dict[str, int]:
    """The ticket's targets in minutes: its category's row for its priority (sla_target), else
    the category's own."""
    category = ticket.category
    row = db.session.scalar(
        select(PriorityTarget).where(
            PriorityTarget.category_id == category.id,
            PriorityTarget.priority == str(ticket.priority or "normal"),
        )
    )
    if row is not None:
        return {
            "first_response": row.first_response_minutes,
            "primary_action": row.primary_action_minutes,
            "resolution": row.resolution_minutes,
        }
    return {
        "first_response": category.first_response_minutes,
        "primary_action": category.primary_action_minutes,
        "resolution": category.resolution_hours * 60,
    }


def set_deadlines(ticket: Ticket) -> None:
    """Each target's deadline from the ticket's creation, on its category's clock, moved on by
    the time past pauses stopped it (a correction recomputes them; a pause keeps its credit)."""
    clock, stopped = ticket.category.clock, stopped_minutes(ticket)
    for target, minutes in targets(ticket).items():
        due = due_after(ticket.org_unit_id, clock, ticket.created_at, minutes + stopped)
        setattr(ticket, TARGETS[target][0], due)


def stopped_minutes(ticket: Ticket) -> float:
    """Minutes of the clock the ticket's finished pauses stopped it for (pauses.resume)."""
    if ticket.id is None:
        return 0
    events = db.session.scalars(
        select(TicketEvent.data).where(
            TicketEvent.ticket_id == ticket.id, TicketEvent.kind == "resumed"
        )
    )
    return sum((data or {}).get("clock_minutes", 0) for data in events)


def due_after(org_unit_id: int | None, clock: str, start: datetime, minutes: float) -> datetime:
    """The moment `minutes` of the clock (the category's: round the clock, or the unit's office
    hours) have run after `start`. A ticket with no unit runs round the clock."""
    calendar = calendars.for_unit(org_unit_id) if clock == Clock.office_hours else None
    if calendar is None:
        return start + timedelta(minutes=minutes)
    return calendar.add(start, minutes)


def minutes_between(org_unit_id: int | None, clock: str, start: datetime, end: datetime) -> float:
    """Minutes of the clock from `start` to `end` (negative when `end` comes first)."""
    calendar = calendars.for_unit(org_unit_id) if clock == Clock.office_hours else None
    if calendar is None:
        return (end - start).total_seconds() / 60
    return calendar.between(start, end)


def warn_at(
    start: datetime,
    due: datetime,
    org_unit_id: int | None = None,
    clock: str = Clock.round_the_clock,
    total: float | None = None,
) -> datetime:
    """When a fifth of the target's time (`total` minutes of the clock; by default all the
    time from `start` to `due`) is left: the assignee is warned then, or at `start` when less
    is left already."""
    left = minutes_between(org_unit_id, clock, start, due)
    total = left if total is None else total
    return due_after(org_unit_id, clock, start, max(left - total * WARN_FRACTION, 0))


def start_timers(ticket: Ticket) -> None:
    """Re-arm the sweep when a reopened ticket's resolution is unmet again."""
    db.session.query(SlaTimer).filter_by(ticket_id=ticket.id).delete()
    arm_timers(ticket)


def arm_timers(ticket: Ticket, now: datetime | None = None) -> None:
    """Arm the sweep for each target still unmet and not yet breached (a new ticket has no
    timers yet; start_timers replaces a reopened one's). A paused ticket has none; one that
    resumes at `now` is warned when a fifth of each target's time is left."""
    if ticket.paused_at is not None:
        return
    clock, unit = ticket.category.clock, ticket.org_unit_id
    totals = targets(ticket) if now else {}
    for target, (due_column, milestone_column) in TARGETS.items():
        if getattr(ticket, milestone_column) or getattr(ticket, f"{target}_breached_at"):
            continue
        due = getattr(ticket, due_column)
        if getattr(ticket, f"{target}_warned_at"):
            timer = {"ticket_id": ticket.id, "target": target, "step": "breach", "fires_at": due}
        else:
            start, total = now or ticket.created_at, totals.get(target)
            timer = first_timer(ticket.id, target, start, due, unit, clock, total)
        db.session.add(SlaTimer(**timer))


def first_timer(
    ticket_id: int,
    target: str,
    start: datetime,
    due: datetime,
    org_unit_id: int | None = None,
    clock: str = Clock.round_the_clock,
    total: float | None = None,
) -> dict:
    """A ticket's timer for one target: warn the assignee when a fifth of the time is left."""
    return {
        "ticket_id": ticket_id,
        "target": target,
        "step": "warn",
        "fires_at": warn_at(start, due, org_unit_id, clock, total),
    }


def status(ticket: Ticket, target: str, now: datetime) -> str:
    due_column, done_column = TARGETS[target]
    due, done = getattr(ticket, due_column), getattr(ticket, done_column)
    if done is not None:
        return MET if done <= due else BREACHED
    if ticket.paused_at is not None:  # the clock stopped: only a miss before the pause counts
        return BREACHED if ticket.paused_at > due else PAUSED
    return BREACHED if now > due else ON_TRACK
