"""The ticket timeline: every change, note, message and SLA event, appended with actor and time."""

from datetime import datetime

from app.extensions import db
from app.models.ticket import Ticket, TicketEvent
from app.services import bulk
from app.services.clock import utc_now


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
