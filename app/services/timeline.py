"""The ticket timeline: every change, note, message and SLA event, appended with actor and time."""

from app.extensions import db
from app.models.ticket import Ticket, TicketEvent
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
