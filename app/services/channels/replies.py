"""The outbox's senders for channels whose provider has an API of its own (WhatsApp, Telegram,
Messenger, X): the channels manifest adds one at the grievance module's `sender` point."""

from sqlalchemy import select

from app.extensions import db
from app.models.channels import Conversation
from app.models.grievance.outbox import OutboundMessage
from app.services.channels.catalogue import PROVIDERS
from app.services.grievance.outbox_sending import Sender


def send_reply(message: OutboundMessage, body: str, last_inbound: dict | None = None) -> str:
    """The outbox's sender for channels with a provider API of their own; returns the
    provider's message id. The window rules need when the citizen last wrote on the channel:
    `last_inbound` as last_inbound_times read it for the whole batch, else read here."""
    if last_inbound is None:
        last_inbound = last_inbound_times([message])
    last = last_inbound.get((message.channel, message.recipient))
    return PROVIDERS[message.channel].send(message, body, last)


def last_inbound_times(messages: list[OutboundMessage]) -> dict:
    """(channel, address) -> when that citizen last wrote to us there, for every recipient of
    `messages`, in one query."""
    rows = db.session.execute(
        select(Conversation.channel, Conversation.address, Conversation.last_inbound_at).where(
            Conversation.channel.in_({message.channel for message in messages}),
            Conversation.address.in_({message.recipient for message in messages}),
        )
    )
    return {(channel, address): last for channel, address, last in rows}


WHATSAPP = Sender("WHATSAPP_TOKEN", send_reply, last_inbound_times)
TELEGRAM = Sender("TELEGRAM_BOT_TOKEN", send_reply, last_inbound_times)
MESSENGER = Sender("MESSENGER_PAGE_TOKEN", send_reply, last_inbound_times)
X = Sender("X_BEARER_TOKEN", send_reply, last_inbound_times)
