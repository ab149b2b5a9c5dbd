"""The ticket page's conversation panel: what the citizen and the bot said on every channel,
only about tickets the reader may see (row scope), the rest as a count. A clerk of one
department never reads another department's messages through a shared citizen."""

from bisect import bisect_left

from app.extensions import db
from app.models.grievance.ticket import Ticket
from app.security.scope import restrict
from app.services.channels import conversations
from app.views.grievance.outbox import status_label as message_status_label
from app.views.grievance.panels import TicketPanel
from app.views.grievance.texts import channel_label


def conversation(citizen_id: int) -> tuple[list[dict], int]:
    """The citizen's messages about tickets the reader may see, and how many others there are.

    A message tied to no ticket (the chat that led to one) belongs with the citizen's next
    ticket; one after their last ticket is shown only to a reader who sees all their tickets."""
    entries = conversations.conversation_of(citizen_id)
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


def ticket_conversation(ticket) -> dict:
    shown, hidden = conversation(ticket.citizen_id)
    return {
        "entries": shown,
        "hidden": hidden,
        "channel_label": channel_label,
        "message_status": message_status_label,
    }


CONVERSATION = TicketPanel("channels/conversation.html", ticket_conversation, "main")
