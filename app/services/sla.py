"""SLA targets: deadlines fixed at creation; each target on track, met or breached."""

from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l

from app.extensions import db
from app.models.ticket import SLA_TARGETS, SlaTimer, Ticket

ON_TRACK, MET, BREACHED = "on_track", "met", "breached"
STATUS_LABELS = {ON_TRACK: _l("On track"), MET: _l("Met"), BREACHED: _l("Breached")}

TARGETS = SLA_TARGETS  # target -> (deadline column, milestone column)
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


def warn_at(start: datetime, due: datetime) -> datetime:
    return due - (due - start) * WARN_FRACTION


def start_timers(ticket: Ticket) -> None:
    """(Re)arm the sweep for each target still unmet and not yet breached: at creation, and
    when a reopened ticket's resolution is unmet again."""
    db.session.query(SlaTimer).filter_by(ticket_id=ticket.id).delete()
    for target, (due_column, milestone_column) in TARGETS.items():
        if getattr(ticket, milestone_column) or getattr(ticket, f"{target}_breached_at"):
            continue
        due = getattr(ticket, due_column)
        if getattr(ticket, f"{target}_warned_at"):
            step, fires_at = "breach", due
        else:
            step, fires_at = "warn", warn_at(ticket.created_at, due)
        db.session.add(SlaTimer(ticket_id=ticket.id, target=target, step=step, fires_at=fires_at))


def status(ticket: Ticket, target: str, now: datetime) -> str:
    due_column, done_column = TARGETS[target]
    due, done = getattr(ticket, due_column), getattr(ticket, done_column)
    if done is not None:
        return MET if done <= due else BREACHED
    return BREACHED if now > due else ON_TRACK
