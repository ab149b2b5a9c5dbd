"""The ticket timeline: every change, note, message and SLA event, appended with actor and time."""

from dataclasses import dataclass, field
from datetime import datetime

from app.core import bulk
from app.core.clock import utc_now
from app.extensions import db
from app.models.grievance.ticket import Ticket, TicketEvent
from app.services.grievance import ticket_states


def record(ticket: Ticket, kind: str, actor=None, public: bool = False, **data) -> TicketEvent:
    entry = TicketEvent(
        ticket_id=ticket.id,
        kind=kind,
        at=utc_now(),
        actor_id=getattr(actor, "id", None),
        public=public,
        data=data,
    )
    db.session.add(entry)
    return entry


def record_many(kind: str, at: datetime, entries: list[tuple[int, dict]], actor=None) -> None:
    """The same kind of internal event on many tickets in one statement (SLA sweep, merges)."""
    rows = [
        {
            "ticket_id": ticket_id,
            "kind": kind,
            "at": at,
            "actor_id": getattr(actor, "id", None),
            "public": False,
            "data": data,
        }
        for ticket_id, data in entries
    ]
    bulk.insert_rows(TicketEvent.__table__, rows)


@dataclass(frozen=True)
class PublicEvent:
    """One line of the timeline as the public sees it: the staff's internal notes left out."""

    kind: str
    at: datetime
    data: dict = field(default_factory=dict)
    public: bool = True


def note_is_public(event) -> bool:
    """Whether a state change's note was marked for the citizen. Changes recorded before notes
    were marked count as public only where the note was the reason the citizen was told."""
    data = event.data or {}
    if "note_public" in data:
        return bool(data["note_public"])
    return data.get("to_state") in ticket_states.REASON_TOLD


def public_events(ticket: Ticket) -> list[PublicEvent]:
    """The ticket's public timeline (the tracking page): public events, public notes only,
    without the parts an event names `internal` (a correction's reason)."""
    shown = []
    for event in ticket.events:
        if not event.public:
            continue
        data = dict(event.data or {})
        if data.get("note") and not note_is_public(event):
            data.pop("note")
        for key in data.pop("internal", ()):  # a public event's parts kept for the staff
            data.pop(key, None)
        shown.append(PublicEvent(kind=event.kind, at=event.at, data=data))
    return shown
