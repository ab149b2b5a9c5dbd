"""The change log of tickets (`ticket_change`, filled by database triggers): kept an hour,
which is far longer than any reader (the dashboard's copies look every few seconds) waits."""

from datetime import timedelta

from app.core.clock import utc_now
from app.extensions import db
from app.models.grievance.ticket import TicketChange

KEPT = timedelta(hours=1)


def prune() -> int:
    """Drop the rows older than KEPT."""
    removed = db.session.query(TicketChange).filter(TicketChange.at < utc_now() - KEPT).delete()
    db.session.commit()
    return removed
