"""Notifications through a transactional outbox.

The message row is written in the same transaction as the change (queue), a job is enqueued
after commit (dispatch), a worker claims and sends it once (outbox_sending), and a relay
re-enqueues whatever never reached Redis (relay). Chat replies join one Redis list for one job
instead (outbox_gathering). Without REDIS_URL the same send runs in-process.
"""

import logging
from datetime import timedelta

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from redis.exceptions import RedisError
from rq import Retry
from sqlalchemy import or_

from app.core import bidi, jobs, languages
from app.core.clock import utc_now
from app.extensions import db
from app.models.grievance.outbox import MessageStatus, OutboundMessage
from app.models.grievance.ticket import Channel, Ticket
from app.services.grievance import claims, sms

log = logging.getLogger(__name__)
LEASE = timedelta(minutes=5)  # a claimed message not sent by then: its worker is taken as lost
RELAY_AFTER = timedelta(seconds=30)
MAX_ATTEMPTS = 8
JOB_SIZE = 50  # messages per RQ job
SEND_MESSAGES = "app.services.grievance.jobs.send_messages"  # jobs by dotted name
RETRY = Retry(max=5, interval=[10, 30, 60, 300, 900])
# Where a citizen who came by this channel hears back.
SAME_CHANNEL = {
    Channel.sms: "sms",
    Channel.email: "email",
    Channel.telegram: "telegram",
    Channel.whatsapp: "whatsapp",
    Channel.messenger: "messenger",
}
ADDRESS = {
    "sms": "phone",
    "email": "email",
    "telegram": "telegram_chat_id",
    "whatsapp": "whatsapp_id",
    "messenger": "messenger_id",
}


def reply_route(ticket: Ticket) -> tuple[str, str | None]:
    citizen = ticket.citizen
    channel = SAME_CHANNEL.get(Channel(ticket.channel))
    if channel and getattr(citizen, ADDRESS[channel]):
        return channel, getattr(citizen, ADDRESS[channel])
    return first_address(citizen)


def first_address(citizen) -> tuple[str, str | None]:
    """Where to reach a citizen who has not written to us: SMS, then e-mail, then Telegram."""
    for channel in ("sms", "email", "telegram"):
        if getattr(citizen, ADDRESS[channel]):
            return channel, getattr(citizen, ADDRESS[channel])
    return "sms", None


def render(language: str, text, **params) -> str:
    """A message in `language`; in a right-to-left one each placeholder (a phone, a tracking
    number, a name) is isolated so the reader's phone keeps it whole."""
    language = languages.usable(language)
    params = bidi.isolate_params(params, languages.is_rtl(language))
    with force_locale(language):
        return _(str(text), **params) if params else _(str(text))


def queue(ticket: Ticket, event_key: str, body: str) -> OutboundMessage:
    """Write the citizen's message beside the change; the caller's commit makes both or neither."""
    channel, recipient = reply_route(ticket)
    return queue_to(
        ticket.id,
        channel,
        recipient,
        ticket.citizen.language,
        event_key,
        fit_channel(channel, body),
        citizen_id=ticket.citizen_id,
    )


def fit_channel(channel: str, body: str) -> str:
    """A citizen's SMS costs at most SMS_MAX_SEGMENTS parts (staff alerts are sent whole)."""
    if channel == "sms":
        return sms.fit(body, current_app.config["SMS_MAX_SEGMENTS"])
    return body


def queue_to(
    ticket_id: int | None,
    channel: str,
    recipient: str | None,
    language: str,
    event_key: str,
    body: str,
    citizen_id: int | None = None,
) -> OutboundMessage:
    """Write a message to anyone (a citizen, an officer, a supervisor) about a ticket, or about
    several (ticket_id None)."""
    message = OutboundMessage(
        ticket_id=ticket_id,
        citizen_id=citizen_id,
        event_key=event_key,
        channel=channel,
        recipient=recipient,
        language=language,
        body=body,
        status=MessageStatus.pending if recipient else MessageStatus.undeliverable,
        last_error=None if recipient else "undeliverable: no address for the recipient",
    )
    db.session.add(message)
    return message


def dispatch(messages: list[OutboundMessage]) -> None:
    """After commit: hand each message to the queue; Redis down means the relay sends it later."""
    dispatch_ids(dispatchable(messages))


def dispatchable(messages: list[OutboundMessage]) -> list[int]:
    """The ids dispatch() would queue. Read before the commit, they cost nothing; after it,
    each message would be loaded again."""
    if any(message.id is None for message in messages):
        db.session.flush()
    return [
        message.id
        for message in messages
        if message.status not in (MessageStatus.sent, MessageStatus.undeliverable)
    ]


def dispatch_ids(ids: list[int]) -> None:
    """Enqueue the sending of these committed messages in one round trip to Redis, JOB_SIZE
    messages per job (a bill run queues thousands at once)."""
    chunks = [ids[start : start + JOB_SIZE] for start in range(0, len(ids), JOB_SIZE)]
    calls = [(f"outbound-{chunk[0]}-{len(chunk)}", (chunk,)) for chunk in chunks]
    try:
        jobs.enqueue_many(SEND_MESSAGES, calls, retry=RETRY)
    except RedisError as error:
        log.warning("%d outbox messages stay pending (Redis unavailable: %s)", len(ids), error)


def relay() -> int:
    """Re-enqueue messages that never reached a worker, failed (until MAX_ATTEMPTS), or lost
    their worker mid-send (claims: as soon as it is gone, else after LEASE). `send` claims
    each once, so a message queued twice is sent once."""
    now = utc_now()
    stuck = (
        db.session.query(OutboundMessage)
        .filter(
            or_(
                (OutboundMessage.status == MessageStatus.pending)
                & (OutboundMessage.created_at < now - RELAY_AFTER),
                (OutboundMessage.status == MessageStatus.failed)
                & (OutboundMessage.claimed_at < now - RELAY_AFTER)
                & (OutboundMessage.attempts < MAX_ATTEMPTS),
                OutboundMessage.status == MessageStatus.sending,  # its holder may be gone
            )
        )
        .order_by(OutboundMessage.id)
        .limit(1000)
        .all()
    )
    sending = [message for message in stuck if message.status == MessageStatus.sending]
    dead = claims.abandoned(sending, lambda message: message.claimed_at < now - LEASE)
    stuck = [message for message in stuck if message.status != MessageStatus.sending] + dead
    for message in dead:  # its worker died holding it
        message.status, message.last_error = MessageStatus.failed, "worker lost mid-send"
    db.session.commit()
    dispatch(stuck)
    return len(stuck)
