"""What a citizen and the bot said to each other, on every channel: the ticket page's panel."""

from sqlalchemy import select

from app.extensions import db
from app.models.channels import InboundMessage
from app.models.grievance.outbox import OutboundMessage
from app.services.channels.catalogue import CHATS, POSTS


def conversation_of(citizen_id: int, limit: int = 60) -> list[dict]:
    """What the citizen said to us and we to them, on every channel, oldest first: each entry
    {at, incoming, channel, text, photos, location, status, ticket} (ticket: the id of the
    ticket it was about, None for chat before or beside one)."""
    said = db.session.scalars(
        select(InboundMessage)
        .where(InboundMessage.citizen_id == citizen_id)
        .order_by(InboundMessage.received_at.desc())
        .limit(limit)
    ).all()
    told = db.session.scalars(
        select(OutboundMessage)
        .where(OutboundMessage.citizen_id == citizen_id)
        .order_by(OutboundMessage.created_at.desc())
        .limit(limit)
    ).all()
    entries = [_said(message) for message in said] + [
        {
            "at": message.created_at,
            "incoming": False,
            "channel": message.channel,
            "text": message.body,
            "status": message.status,
            "ticket": message.ticket_id,
        }
        for message in told
    ]
    return sorted(entries, key=lambda entry: entry["at"])[-limit:]


def _said(message: InboundMessage) -> dict:
    entry = {
        "at": message.received_at,
        "incoming": True,
        "channel": message.channel,
        "ticket": message.ticket_id,
    }
    if message.channel in POSTS:
        return entry | {"text": POSTS[message.channel].words(message.payload)}
    incoming = CHATS[message.channel].incoming(message.payload)
    return entry | {
        "text": incoming.text,
        "photos": len(incoming.media),
        "location": incoming.latitude is not None,
    }
