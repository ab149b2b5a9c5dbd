"""SLA targets: deadlines fixed at creation; each target on track, met or breached."""

from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l

from app.extensions import db
from app.models.grievance.ticket import SlaTimer, Ticket

ON_TRACK, MET, BREACHED = "on_track", "met", "breached"
STATUS_LABELS = {ON_TRACK: _l("On track"), MET: _l("Met"), BREACHED: _l("Breached")}

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


def set_deadlines(ticket: Ticket) -> None:
    category, start = ticket.category, ticket.created_at
    ticket.first_response_due = start + timedelta(minutes=category.first_response_minutes)
    ticket.primary_action_due = start + timedelta(minutes=category.primary_action_minutes)
    ticket.resolution_due = start + timedelta(hours=category.resolution_hours)


def due_after(org_unit_id: int | None, clock: str, start: datetime, minutes: int) -> datetime:
    """The moment `minutes` of the clock (the category's: round the clock, or the unit's office
    hours) have run after `start`."""
    return start + timedelta(minutes=minutes)


def warn_at(start: datetime, due: datetime) -> datetime:
    return due - (due - start) * WARN_FRACTION


def start_timers(ticket: Ticket) -> None:
    """Re-arm the sweep when a reopened ticket's resolution is unmet again."""
    db.session.query(SlaTimer).filter_by(ticket_id=ticket.id).delete()
    arm_timers(ticket)


def arm_timers(ticket: Ticket) -> None:
    """Arm the sweep for each target still unmet and not yet breached (a new ticket has no
    timers yet; start_timers replaces a reopened one's)."""
    for target, (due_column, milestone_column) in TARGETS.items():
        if getattr(ticket, milestone_column) or getattr(ticket, f"{target}_breached_at"):
            continue
        due = getattr(ticket, due_column)
        if getattr(ticket, f"{target}_warned_at"):
            timer = {"ticket_id": ticket.id, "target": target, "step": "breach", "fires_at": due}
        else:
            timer = first_timer(ticket.id, target, ticket.created_at, due)
        db.session.add(SlaTimer(**timer))


def first_timer(ticket_id: int, target: str, start: datetime, due: datetime) -> dict:
    """A new ticket's timer for one target: warn the assignee when a fifth of the time is left."""
    return {
        "ticket_id": ticket_id,
        "target": target,
        "step": "warn",
        "fires_at": warn_at(start, due),
    }


def status(ticket: Ticket, target: str, now: datetime) -> str:
    due_column, done_column = TARGETS[target]
    due, done = getattr(ticket, due_column), getattr(ticket, done_column)
    if done is not None:
        return MET if done <= due else BREACHED
    return BREACHED if now > due else ON_TRACK
