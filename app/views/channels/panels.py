"""What a ticket's or a citizen's page shows of the citizen's other records: only what the
reader may see (row scope), the rest as a count. A clerk of one department never reads another
department's ticket numbers, categories, states or messages through a shared citizen."""

from bisect import bisect_left

from sqlalchemy import func

from app.extensions import db
from app.models.grievance.ticket import Ticket
from app.security.scope import restrict
from app.services.channels import inbound

HISTORY_LIMIT = 50


def history(citizen_id: int) -> tuple[list[Ticket], int]:
    """The citizen's tickets the reader may see, newest first, and how many others they have."""
    mine = db.session.query(Ticket).filter(Ticket.citizen_id == citizen_id)
    shown = restrict(mine, Ticket).order_by(Ticket.created_at.desc()).limit(HISTORY_LIMIT).all()
    return shown, _count(mine) - _count(restrict(mine, Ticket))


def conversation(citizen_id: int) -> tuple[list[dict], int]:
    """The citizen's messages about tickets the reader may see, and how many others there are.

    A message tied to no ticket (the chat that led to one) belongs with the citizen's next
    ticket; one after their last ticket is shown only to a reader who sees all their tickets."""
    entries = inbound.conversation_of(citizen_id)
    if not entries:
        return [], 0
    mine = db.session.query(Ticket.id, Ticket.created_at).filter(Ticket.citizen_id == citizen_id)
    tickets = sorted(mine.all(), key=lambda row: row.created_at)
    openable = {row.id for row in restrict(mine, Ticket)}
    sees_all = len(openable) == len(tickets)
    starts = [row.created_at for row in tickets]
    shown = []
    for entry in entries:
        ticket = entry.get("ticket")
        if ticket is None:
            following = bisect_left(starts, entry["at"])
            ticket = tickets[following].id if following < len(tickets) else None
        if (ticket in openable) if ticket is not None else sees_all:
            shown.append(entry)
    return shown, len(entries) - len(shown)


def _count(query) -> int:
    return query.with_entities(func.count(Ticket.id)).order_by(None).scalar()
