"""Feedback after resolution: 1-5 stars, a comment, and "not fixed", which reopens the ticket."""

from app.core import records
from app.core.clock import utc_now
from app.extensions import db
from app.models.grievance.ticket import Feedback, Ticket
from app.models.grievance.ticket import TicketState as S
from app.services.grievance import feedback_links, tickets
from app.services.grievance.errors import FeedbackTaken


def open_for(token: str) -> Ticket:
    """The ticket a link rates, refusing links already answered for this resolution."""
    ticket = feedback_links.ticket_for(token)
    if (
        db.session.query(Feedback.id)
        .filter_by(ticket_id=ticket.id, resolved_at=ticket.resolved_at)
        .first()
    ):
        raise FeedbackTaken()
    return ticket


def record(token: str, rating: int, comment: str | None, not_fixed: bool) -> Feedback:
    return record_for(open_for(token), rating, comment, not_fixed)


def awaiting(citizen_id: int) -> Ticket | None:
    """The citizen's latest resolved ticket not yet rated for this resolution (chat's
    "feedback" command)."""
    rated = db.session.query(Feedback.id).filter(
        Feedback.ticket_id == Ticket.id, Feedback.resolved_at == Ticket.resolved_at
    )
    return (
        db.session.query(Ticket)
        .filter(Ticket.citizen_id == citizen_id, Ticket.state == S.resolved, ~rated.exists())
        .order_by(Ticket.resolved_at.desc())
        .first()
    )


def record_for(ticket: Ticket, rating: int, comment: str | None, not_fixed: bool) -> Feedback:
    entry = Feedback(
        ticket_id=ticket.id,
        resolved_at=ticket.resolved_at,
        rating=rating,
        comment=(comment or "").strip() or None,
        not_fixed=not_fixed,
        created_at=utc_now(),
    )
    records.check_columns(entry)  # a comment its column cannot keep
    db.session.add(entry)
    db.session.flush()
    note = entry.comment
    if not_fixed:
        tickets.transition(ticket, S.reopened, note=note)  # commits, tells the citizen
    elif S(ticket.state) == S.resolved:
        tickets.transition(ticket, S.closed, note=note)
    else:
        db.session.commit()
    return entry
