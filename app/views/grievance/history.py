"""What a ticket's or a citizen's page shows of the citizen's other tickets: only what the
reader may see (row scope), the rest as a count. A clerk of one department never reads another
department's ticket numbers, categories or states through a shared citizen."""

from sqlalchemy import func

from app.extensions import db
from app.models.grievance.ticket import Ticket
from app.security.scope import restrict

HISTORY_LIMIT = 50


def history(citizen_id: int) -> tuple[list[Ticket], int]:
    """The citizen's tickets the reader may see, newest first, and how many others they have."""
    mine = db.session.query(Ticket).filter(Ticket.citizen_id == citizen_id)
    shown = restrict(mine, Ticket).order_by(Ticket.created_at.desc()).limit(HISTORY_LIMIT).all()
    return shown, _count(mine) - _count(restrict(mine, Ticket))


def _count(query) -> int:
    return query.with_entities(func.count(Ticket.id)).order_by(None).scalar()
