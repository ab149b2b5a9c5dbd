"""Messages citizens send us: stored raw as they arrive (a provider's repeat is stored once)
and handled once. A chat message is answered in the webhook's own transaction (INBOUND_INLINE),
a job taking over whatever cannot be answered at once; a post (e-mail, X) is handled by a job.
On chat channels (WhatsApp, Telegram, Messenger, SMS) the conversation
engine answers and its replies go through the outbox on the same channel, in the citizen's
language; e-mail and X posts become tickets or go on the ticket they speak of. Providers with
an API of their own are the outbox's senders for their channel (replies.py)."""

import logging
from datetime import timedelta
from functools import cache

from flask import current_app
from redis.exceptions import RedisError
from rq import Retry
from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Integer,
    String,
    bindparam,
    select,
    text,
    update,
)
from sqlalchemy.orm import make_transient_to_detached

from app.core import jobs, records
from app.core.clock import utc_now
from app.extensions import db
from app.models.channels import Conversation, InboundMessage, InboundStatus
from app.models.grievance.outbox import MessageStatus, OutboundMessage
from app.services.channels import chatbot
from app.services.channels.catalogue import CHATS, POSTS
from app.services.grievance import citizens, outbox, outbox_gathering

log = logging.getLogger(__name__)
RELAY_AFTER = timedelta(seconds=30)
RELAY_BATCH = 500
MAX_RELAYS = 20  # about ten minutes of relays (after its job's own retries): then it failed
RETRY = Retry(max=3, interval=[5, 30, 120])
HANDLE_INBOUND = "app.services.channels.jobs.handle_inbound"  # the job, by dotted name


def receive(channel: str, items: list[dict]) -> list[int]:
    """Store each message (provider_id, sender, name, message) once and handle it: a chat
    message in this transaction when INBOUND_INLINE is on (see `_answer_now`), otherwise by a
    job. Returns the ids of the messages new to us; a repeat changes nothing."""
    rows = [
        {
            "channel": channel,
            "provider_id": item["provider_id"],
            "sender": item["sender"],
            "sender_name": records.fit(InboundMessage.sender_name, item.get("name")),
            "payload": item["message"],
            "status": InboundStatus.received.value,
            "received_at": utc_now(),
        }
        for item in items
    ]
    if not rows:
        return []
    stored = {row.provider_id: row for row in _store(rows)}
    new = [stored[row["provider_id"]].id for row in rows if row["provider_id"] in stored]
    later, queued = new, []
    if channel in CHATS and current_app.config["INBOUND_INLINE"]:
        try:
            later, queued = _answer_now(rows, stored)
        except Exception as error:  # noqa: BLE001 - their jobs answer them, with retries
            log.info("inbound messages %s left to their jobs: %r", new, error)
            db.session.rollback()
            new = later = [row.id for row in _store(rows)]
    ids = outbox.dispatchable(queued)
    db.session.commit()
    outbox_gathering.gather(ids)
    _enqueue(later)
    return new


def _store(rows: list[dict]) -> list:
    """INSERT the messages in their order, a provider's repeat skipped; for each new one, its
    id and whether an earlier message of its sender is still waiting for its job (order: this
    one must then wait too; the partial index ix_inbound_waiting finds it), in the same round
    trip."""
    inserted = (db.session.execute(_STORE, row).one_or_none() for row in rows)
    return [row for row in inserted if row is not None]


# Text, as PostgreSQL and SQLite both read it: SQLAlchemy compiles a dialect's ON CONFLICT
# insert anew for every call (it has no cache key): about a third of a plain step.
_STORE = (
    text(
        "INSERT INTO inbound_message"
        " (channel, provider_id, sender, sender_name, payload, status, received_at)"
        " VALUES (:channel, :provider_id, :sender, :sender_name, :payload, :status, :received_at)"
        " ON CONFLICT (channel, provider_id) DO NOTHING"
        " RETURNING id, provider_id, EXISTS ("
        "SELECT 1 FROM inbound_message AS earlier WHERE earlier.status = 'received'"
        " AND earlier.channel = inbound_message.channel"
        " AND earlier.sender = inbound_message.sender AND earlier.id < inbound_message.id"
        ") AS earlier_waiting"
    )
    .bindparams(bindparam("payload", type_=JSON()), bindparam("received_at", type_=DateTime()))
    .columns(id=Integer(), provider_id=String(), earlier_waiting=Boolean())
)


def _answer_now(rows: list[dict], stored: dict) -> tuple[list[int], list]:
    """Answer the chat messages just stored, in the webhook's transaction: each step, any
    ticket and the replies commit with the messages themselves. Returns the ids left to their
    jobs (an earlier message of the sender still waits for one: order) and the replies to
    dispatch after the commit. Raises when a message cannot be answered at once: another
    message holds the conversation, a photo must be fetched from the provider (the answer to
    the provider must not wait), or anything failed. The caller then rolls back and stores
    the messages again, unhandled, for their jobs (with retries) or the relay."""
    later, queued, waiting = [], [], set()
    for row in rows:
        inserted = stored.pop(row["provider_id"], None)
        if inserted is None:
            continue  # a repeat, or the same message twice in this call
        if inserted.earlier_waiting or row["sender"] in waiting:
            later.append(inserted.id)
            waiting.add(row["sender"])
            continue
        inbound = InboundMessage(**row, id=inserted.id, handled_at=None, attempts=0)
        inbound.conversation_id = inbound.citizen_id = inbound.ticket_id = None
        inbound.status = InboundStatus.received
        make_transient_to_detached(inbound)  # the row as just inserted: no SELECT of it
        db.session.add(inbound)
        queued += _handle(inbound, inline=True)[1]
    db.session.flush()  # a change the database refuses fails here, before the commit
    return later, queued


def _media_later(media_id: str):
    raise chatbot.MediaLater(f"media {media_id} to fetch")


def relay() -> int:
    """Queue again what was stored but never handled (Redis was down, a worker died, its job
    failed). A message queued MAX_RELAYS times and still unhandled has failed: it is marked so,
    with an error in the log, and no longer holds its sender's later messages behind it."""
    stale = db.session.scalars(
        select(InboundMessage.id)
        .where(
            InboundMessage.status == InboundStatus.received,
            InboundMessage.received_at < utc_now() - RELAY_AFTER,
        )
        .order_by(InboundMessage.id)
        .limit(RELAY_BATCH)
    ).all()
    if not stale:
        return 0
    failed = db.session.scalars(
        update(InboundMessage)
        .where(InboundMessage.id.in_(stale), InboundMessage.attempts >= MAX_RELAYS)
        .values(status=InboundStatus.failed)
        .returning(InboundMessage.id)
        .execution_options(synchronize_session=False)
    ).all()
    for inbound_id in failed:
        log.error("inbound message %s failed: unhandled after %d relays", inbound_id, MAX_RELAYS)
    again = sorted(set(stale) - set(failed))
    if again and _enqueue(again):
        db.session.execute(
            update(InboundMessage)
            .where(InboundMessage.id.in_(again))
            .values(attempts=InboundMessage.attempts + 1)
            .execution_options(synchronize_session=False)
        )
    db.session.commit()
    return len(again)


def _enqueue(ids: list[int]) -> bool:
    """Queue each message's job; False when Redis did not take them (the relay will)."""
    try:
        jobs.enqueue_many(HANDLE_INBOUND, [(f"inbound-{i}", (i,)) for i in ids], retry=RETRY)
    except RedisError as error:
        log.warning(
            "%d inbound messages wait for the relay (Redis unavailable: %s)", len(ids), error
        )
        return False
    return True


def handle(inbound_id: int) -> str:
    """The job: answer one stored message; a message is handled once."""
    inbound = db.session.get(InboundMessage, inbound_id)
    if inbound is None or inbound.status == InboundStatus.handled:
        return "skipped"
    outcome, messages = _handle(inbound)
    ids = outbox.dispatchable(messages)
    db.session.commit()
    outbox_gathering.gather(ids)
    return outcome


def _handle(inbound: InboundMessage, inline: bool = False) -> tuple[str, list]:
    """Mark the message handled and answer it, in the caller's transaction."""
    if inbound.channel in POSTS:
        inbound.status, inbound.handled_at = InboundStatus.handled, utc_now()
        return POSTS[inbound.channel].handle(inbound)
    return _converse(inbound, inline)


def _converse(inbound: InboundMessage, inline: bool) -> tuple[str, list]:
    provider = CHATS[inbound.channel]
    conversation = chatbot.conversation_for(inbound.channel, inbound.sender, wait=not inline)
    contact = {"ids": provider.contact(inbound.sender), "name": inbound.sender_name}
    if conversation.citizen_id is None and conversation.step == "idle":
        # Someone we know from another channel or the counter, looked up as a complaint or a
        # command starts (not at each of its steps); a ticket makes them known in any case.
        known = citizens.find(contact["ids"])
        conversation.citizen_id = known.id if known else None
    # Set after the lookups, so the message and the conversation are written once each, and
    # before the answer, whose ticket or rating may commit them.
    inbound.status, inbound.handled_at = InboundStatus.handled, utc_now()
    inbound.conversation_id, inbound.citizen_id = conversation.id, conversation.citizen_id
    conversation.last_inbound_at = inbound.received_at
    fetch_media = _media_later if inline else provider.fetch_media
    answer = chatbot.answer(conversation, provider.incoming(inbound.payload), contact, fetch_media)
    if answer.ticket is not None:
        inbound.ticket_id, inbound.citizen_id = answer.ticket.id, conversation.citizen_id
        _own_conversation(conversation)
    # A registered ticket's own first message tells the tracking number: no reply of ours.
    messages = answer.outbox + [
        outbox.queue_to(
            None,
            inbound.channel,
            inbound.sender,
            conversation.language,
            f"chat-{inbound.id}-{n}",
            outbox.fit_channel(inbound.channel, text),
            citizen_id=conversation.citizen_id,
        )
        for n, text in enumerate(answer.replies)
    ]
    return ("ticket" if answer.ticket is not None else "answered"), messages


def _own_conversation(conversation: Conversation) -> None:
    """Once the citizen is known, what they and the bot said before belongs to them too.
    Updated in the database only: the session holds none of those rows but this step's own
    message, which the caller sets."""
    said, told = _owners()
    values = {
        "citizen": conversation.citizen_id,
        "conversation": conversation.id,
        "channel_name": conversation.channel,
        "address": conversation.address,
    }
    db.session.execute(said, values)
    db.session.execute(told, values)


@cache
def _owners():
    """The two UPDATEs of _own_conversation, built once (each ticket by chat runs them)."""
    said = (
        update(InboundMessage)
        .where(
            InboundMessage.conversation_id == bindparam("conversation"),
            InboundMessage.citizen_id.is_(None),
        )
        .values(citizen_id=bindparam("citizen"))
        .execution_options(synchronize_session=False)
    )
    told = (
        update(OutboundMessage)
        .where(
            OutboundMessage.channel == bindparam("channel_name"),
            OutboundMessage.recipient == bindparam("address"),
            OutboundMessage.citizen_id.is_(None),
        )
        .values(citizen_id=bindparam("citizen"))
        .execution_options(synchronize_session=False)
    )
    return said, told


def record_statuses(statuses: list[dict]) -> int:
    """The provider's status reports: a failed one is kept on our message with its error."""
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
