"""Messages citizens send on chat channels: stored raw as they arrive (a provider's repeat is
stored once), then handled by a job that runs the conversation engine and queues its replies
in the outbox, on the same channel, in the citizen's language. Replies to a ticket's citizen
on WhatsApp go through the Cloud API (see `send_whatsapp`)."""

import logging
from datetime import timedelta

from redis.exceptions import RedisError
from rq import Retry
from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from app.extensions import db
from app.models.conversation import Conversation, InboundMessage, InboundStatus
from app.models.messaging import MessageStatus, OutboundMessage
from app.services import chatbot, jobs, notify, whatsapp
from app.services.clock import utc_now

log = logging.getLogger(__name__)
RELAY_AFTER = timedelta(seconds=30)
RELAY_BATCH = 500
RETRY = Retry(max=3, interval=[5, 30, 120])
# Per channel: how its message objects read, where its media come from, and who the sender is.
CHANNELS = {
    "whatsapp": {
        "incoming": whatsapp.incoming,
        "fetch_media": whatsapp.fetch_media,
        "contact": lambda sender: {"whatsapp_id": sender, "phone": f"+{sender}"},
    },
}


def receive(channel: str, items: list[dict]) -> list[int]:
    """Store each message (provider_id, sender, name, message) once and queue its handling.
    Returns the ids of the messages new to us; a repeat changes nothing."""
    rows = [
        {
            "channel": channel,
            "provider_id": item["provider_id"],
            "sender": item["sender"],
            "sender_name": item.get("name"),
            "payload": item["message"],
            "status": InboundStatus.received.value,
            "received_at": utc_now(),
        }
        for item in items
    ]
    if not rows:
        return []
    insert = pg_insert if db.engine.dialect.name == "postgresql" else sqlite_insert
    statement = (
        insert(InboundMessage.__table__)
        .values(rows)
        .on_conflict_do_nothing(index_elements=["channel", "provider_id"])
        .returning(InboundMessage.__table__.c.id)
    )
    new = [row.id for row in db.session.execute(statement)]
    db.session.commit()
    _enqueue(new)
    return new


def relay() -> int:
    """Queue again what was stored but never handled (Redis was down, a worker died)."""
    stale = db.session.scalars(
        select(InboundMessage.id)
        .where(
            InboundMessage.status == InboundStatus.received,
            InboundMessage.received_at < utc_now() - RELAY_AFTER,
        )
        .order_by(InboundMessage.id)
        .limit(RELAY_BATCH)
    ).all()
    _enqueue(stale)
    return len(stale)


def _enqueue(ids: list[int]) -> None:
    from workers.jobs import handle_inbound

    try:
        jobs.enqueue_many(handle_inbound, [(f"inbound-{i}", (i,)) for i in ids], retry=RETRY)
    except RedisError as error:
        log.warning(
            "%d inbound messages wait for the relay (Redis unavailable: %s)", len(ids), error
        )


def handle(inbound_id: int) -> str:
    """Answer one stored message through the conversation engine; a message is handled once."""
    inbound = db.session.get(InboundMessage, inbound_id)
    if inbound is None or inbound.status == InboundStatus.handled:
        return "skipped"
    channel = CHANNELS[inbound.channel]
    conversation = chatbot.conversation_for(inbound.channel, inbound.sender)
    conversation.last_inbound_at = inbound.received_at
    inbound.conversation_id = conversation.id
    inbound.status, inbound.handled_at = InboundStatus.handled, utc_now()
    contact = {"ids": channel["contact"](inbound.sender), "name": inbound.sender_name}
    answer = chatbot.answer(
        conversation, channel["incoming"](inbound.payload), contact, channel["fetch_media"]
    )
    # A registered ticket's own first message tells the tracking number: no reply of ours.
    messages = [
        notify.queue_to(
            None,
            inbound.channel,
            inbound.sender,
            conversation.language,
            f"chat-{inbound.id}-{n}",
            text,
            citizen_id=conversation.citizen_id,
        )
        for n, text in enumerate(answer.replies)
    ]
    db.session.commit()
    notify.dispatch(messages)
    return "ticket" if answer.ticket is not None else "answered"


def record_statuses(statuses: list[dict]) -> int:
    """The provider's delivery reports: a failed one is kept on our message with its error."""
    failed = {s["id"]: s for s in statuses if s.get("status") == "failed" and s.get("id")}
    if not failed:
        return 0
    messages = db.session.query(OutboundMessage).filter(
        OutboundMessage.provider_id.in_(list(failed))
    )
    count = 0
    for message in messages:
        errors = failed[message.provider_id].get("errors") or [{}]
        message.status = MessageStatus.failed
        message.last_error = f"provider: {errors[0].get('code')} {errors[0].get('title', '')}"
        count += 1
    db.session.commit()
    return count


def send_whatsapp(message: OutboundMessage, body: str) -> str:
    """The outbox's sender for WhatsApp: free text inside the 24-hour window, else the
    template; returns the wamid kept as the message's provider id."""
    last = db.session.scalar(
        select(Conversation.last_inbound_at).where(
            Conversation.channel == "whatsapp", Conversation.address == message.recipient
        )
    )
    return whatsapp.send(message.recipient, body, last, message.language)


notify.SENDERS["whatsapp"] = send_whatsapp
