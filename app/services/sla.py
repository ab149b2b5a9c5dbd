"""SLA targets: deadlines fixed at creation; each target on track, met or breached."""

from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l

from app.models.ticket import Ticket

ON_TRACK, MET, BREACHED = "on_track", "met", "breached"
STATUS_LABELS = {ON_TRACK: _l("On track"), MET: _l("Met"), BREACHED: _l("Breached")}

# target -> (deadline column, milestone column)
TARGETS = {
    "first_response": ("first_response_due", "first_response_at"),
    "primary_action": ("primary_action_due", "primary_action_at"),
    "resolution": ("resolution_due", "resolved_at"),
}
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


def status(ticket: Ticket, target: str, now: datetime) -> str:
    due_column, done_column = TARGETS[target]
    due, done = getattr(ticket, due_column), getattr(ticket, done_column)
    if done is not None:
        return MET if done <= due else BREACHED
    return BREACHED if now > due else ON_TRACK
