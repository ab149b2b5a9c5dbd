"""Notifications through a transactional outbox.

The message row is written in the same transaction as the change (queue), a job is enqueued
after commit (dispatch), a worker claims and sends it once (send), and a relay re-enqueues
whatever never reached Redis (relay). Without REDIS_URL the same send runs in-process.
"""

import logging
import os
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import timedelta

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from redis.exceptions import RedisError
from rq import Retry
from sqlalchemy import bindparam, or_, update

from app import modules
from app.core import bidi, jobs, languages
from app.core.clock import utc_now
from app.extensions import db
from app.models.grievance.outbox import MessageStatus, OutboundMessage
from app.models.grievance.ticket import Channel, Ticket
from app.services.grievance import claims, sms
from app.services.grievance import senders as delivery

log = logging.getLogger(__name__)
LEASE = timedelta(minutes=5)  # a claimed message not sent by then: its worker is taken as lost
RELAY_AFTER = timedelta(seconds=30)
MAX_ATTEMPTS = 8
JOB_SIZE = 50  # messages per RQ job
SEND_MESSAGES = "app.services.grievance.jobs.send_messages"  # jobs by dotted name
SEND_GATHERED = "app.services.grievance.jobs.send_gathered"
SEND_THREADS = 8  # a batch's provider calls in flight at once
RETRY = Retry(max=5, interval=[10, 30, 60, 300, 900])
# Chat replies wait on this Redis list for the one job that sends them (GATHER_ARMED set).
GATHERED, GATHER_ARMED = "janseva:outbox:gathered", "janseva:outbox:gather-armed"
GATHER_ARM_TTL = 30  # seconds: a job lost after arming delays the next one this long at most
GATHER_FOR = 10  # seconds one job sends what gathers before it hands over to its successor
GATHER_LINGER = 0.05  # seconds between two batches that were not full: fewer, larger batches
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


@dataclass(frozen=True)
class Sender:
    """A provider's own API for a channel, added at the `grievance.sender` point (key: the
    channel). When `setting` is configured a message goes through it: send(message, body,
    context) returns the provider's message id, where context is what prepare(messages) read
    once for a batch's messages of that channel (when each citizen last wrote). Otherwise the
    message goes through the channel's Apprise URL."""

    setting: str
    send: Callable
    prepare: Callable


def senders() -> dict[str, Sender]:
    return modules.additions("grievance.sender")


def late_fillers() -> dict[str, Callable]:
    """Event-key prefix -> function(message) giving the body to send, for messages whose secret
    (a delivery OTP) must never be stored: the outbox keeps a masked body. None: do not send.
    Added at the `grievance.late_filler` point."""
    return modules.additions("grievance.late_filler")


NOT_CONFIGURED = "undeliverable: channel not configured"


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


def gather(ids: list[int]) -> None:
    """After commit, for replies that come one or two at a time (chat; `ids` from
    dispatchable, read before the commit): they join one Redis list, and one job at a time
    sends what the list holds (send_gathered), so a burst of replies costs one RQ job, not one
    each (most of a one-message job's cost is RQ's own). The message rows stay the record:
    Redis down or a job lost, the relay sends them."""
    connection = jobs.redis_connection()
    if connection is None or not ids:
        dispatch_ids(ids)
        return
    try:
        with connection.pipeline() as pipe:  # one transaction: see take_gathered
            pipe.rpush(GATHERED, *ids)
            pipe.set(GATHER_ARMED, 1, nx=True, ex=GATHER_ARM_TTL)
            armed = pipe.execute()[1]
        if armed:
            jobs.enqueue_many(SEND_GATHERED, [(f"outbound-gathered-{ids[0]}", ())])
    except RedisError as error:
        log.warning("%d outbox messages stay pending (Redis unavailable: %s)", len(ids), error)


def send_gathered() -> int:
    """The job: send what the list holds, then what gathered meanwhile, until the list is
    empty (take_gathered then disarms it, and the next reply queues the next job) or
    GATHER_FOR has passed (it then queues its successor, still armed). One sender at a time,
    waiting GATHER_LINGER between batches, takes larger batches as replies come faster, so a
    busy hour costs few jobs and few commits. A batch that failed is left to the relay.
    Returns how many were taken."""
    started, taken = time.monotonic(), 0
    while ids := take_gathered():
        taken += len(ids)
        try:
            send_all(ids)
        except delivery.DeliveryFailed as error:
            log.warning("gathered replies left to the relay: %s", error)
        if time.monotonic() - started > GATHER_FOR:
            jobs.enqueue_many(SEND_GATHERED, [(f"outbound-gathered-{ids[0]}-more", ())])
            break
        if len(ids) < JOB_SIZE:
            time.sleep(GATHER_LINGER)  # let the next batch fill a little: a reply waits no more
    return taken


# The gathered list's share for one batch, atomically: what it holds (at most ARGV[1] ids);
# an empty list disarms it, so a reply pushed after that queues the next job, and one pushed
# before was taken here; a taken batch keeps it armed for ARGV[2] seconds more.
_TAKE = """
local taken = redis.call('LRANGE', KEYS[1], 0, tonumber(ARGV[1]) - 1)
if #taken == 0 then
  redis.call('DEL', KEYS[2])
else
  redis.call('LTRIM', KEYS[1], #taken, -1)
  redis.call('EXPIRE', KEYS[2], tonumber(ARGV[2]))
end
return taken
"""


def take_gathered() -> list[int]:
    """The next batch of gathered ids (at most JOB_SIZE); [] disarms the list."""
    connection = jobs.redis_connection()
    take = connection.register_script(_TAKE)
    taken = take(keys=[GATHERED, GATHER_ARMED], args=[JOB_SIZE, GATHER_ARM_TTL])
    return [int(message_id) for message_id in taken]


def send_all(ids: list[int]) -> dict:
    """Send each message; a message is sent at most once per claim. The batch is claimed in
    one statement and its outcomes recorded in one, so a job of fifty replies costs two
    commits, not a hundred. When some failed, raise after the others went, so the job's retry
    sends only those (a message already sent is skipped). A worker that dies mid-batch leaves
    its messages "sending": the relay sends them again after LEASE."""
    messages = _claim(ids)
    outcomes = {message_id: "skipped" for message_id in ids}
    contexts = {
        channel: sender.prepare([m for m in messages if m.channel == channel])
        for channel, sender in senders().items()
        if current_app.config.get(sender.setting) and any(m.channel == channel for m in messages)
    }
    results, sends = [], []
    for message in messages:
        try:  # what needs the database is read here, before any thread sends
            ready = _ready(message, contexts)
        except Exception as error:  # noqa: BLE001 - one message's failure keeps the others'
            results.append(_failed(message, error))
            continue
        if callable(ready):
            sends.append((message, ready))
        else:
            results.append(ready)
    results += _run(sends)
    _record(results)
    for result in results:
        outcomes[result["message_id"]] = result["new_status"].value
    failed = [r["message_id"] for r in results if r["new_status"] == MessageStatus.failed]
    if failed:
        raise delivery.DeliveryFailed(f"{len(failed)} of {len(ids)} messages failed: {failed}")
    return outcomes


def send(message_id: int) -> str:
    """Claim one message, send it, record the outcome (see send_all)."""
    return send_all([message_id])[message_id]


def _claim(ids: list[int]) -> list:
    """Mark the messages still to send as ours, committed before any leaves; returns their
    rows, with the job holding them. Only the relay decides that a holder is gone (see relay)."""
    if not ids:
        return []
    table = OutboundMessage.__table__
    claimable = table.c.status.in_([MessageStatus.pending, MessageStatus.failed])
    claimed = db.session.execute(
        update(table)
        .where(table.c.id.in_(ids), claimable)
        .values(
            status=MessageStatus.sending,
            claimed_at=utc_now(),
            claimed_by=claims.holder(),
            attempts=table.c.attempts + 1,
        )
        .returning(*table.c)
    ).all()
    db.session.commit()
    return sorted(claimed, key=lambda message: message.id)


def can_send(channel: str) -> bool:
    """Whether `channel` has a way out (its provider's API or its Apprise URL): the one test
    that decides a message's fate, read also by the screens that say what became of one."""
    sender = senders().get(channel)
    if sender is not None and current_app.config.get(sender.setting):
        return True
    return bool(current_app.config.get(delivery.SETTINGS.get(channel, "")))


def _ready(message, contexts: dict):
    """One claimed message made ready to leave: the call that hands it to its provider and
    returns its outcome, or at once the outcome of one that cannot be sent."""
    if not can_send(message.channel) or not message.recipient:
        return _outcome(message, MessageStatus.undeliverable, error=NOT_CONFIGURED)
    sender = senders().get(message.channel)
    api = sender.send if sender and current_app.config.get(sender.setting) else None
    url = delivery.target_url(message.channel, message.recipient, message.id)
    body = _final_body(message)
    if body is None:
        reason = "undeliverable: superseded before it could be sent"
        return _outcome(message, MessageStatus.undeliverable, error=reason)
    context = contexts.get(message.channel)
    email = message.channel == "email" and message.ticket_id
    ticket = db.session.get(Ticket, message.ticket_id) if email else None
    title = f"JanSeva {ticket.tracking_no if ticket else ''}".strip()

    def send() -> dict:
        if api is not None:
            provider_id = api(message, body, context)
            return _outcome(message, MessageStatus.sent, provider_id=provider_id)
        delivery.deliver(url, body, title=title)
        return _outcome(message, MessageStatus.sent)

    return send


def _run(sends: list) -> list[dict]:
    """Make each (message, call): up to SEND_THREADS at once, since a provider takes a good
    part of a second to answer and one slow answer must not hold the batch's other citizens."""
    app = current_app._get_current_object()

    def attempt(message, call) -> dict:
        try:
            with app.app_context():
                return call()
        except Exception as error:  # noqa: BLE001 - one message's failure keeps the others'
            return _failed(message, error)

    if len(sends) < 2:
        return [attempt(message, call) for message, call in sends]
    return list(_sending_threads().map(lambda send: attempt(*send), sends))


_threads: dict[int, ThreadPoolExecutor] = {}


def _sending_threads() -> ThreadPoolExecutor:
    """This process's pool (a forked RQ horse makes its own: threads do not survive a fork)."""
    pid = os.getpid()
    if pid not in _threads:
        _threads[pid] = ThreadPoolExecutor(SEND_THREADS, thread_name_prefix="outbox-send")
    return _threads[pid]


def _failed(message, error: Exception) -> dict:
    if not isinstance(error, delivery.DeliveryFailed):
        log.error("outbox message %s failed", message.id, exc_info=error)
    return _outcome(message, MessageStatus.failed, error=str(error) or repr(error))


def _outcome(message, status: MessageStatus, provider_id=None, error=None) -> dict:
    sent_at = utc_now() if status == MessageStatus.sent else None
    return {
        "message_id": message.id,
        "new_status": status,
        "new_provider_id": provider_id,
        "new_sent_at": sent_at,
        "new_error": error,
    }


def _record(outcomes: list[dict]) -> None:
    """Each message's outcome, in one statement run for all (psycopg pipelines it), one commit."""
    if outcomes:
        table = OutboundMessage.__table__
        db.session.execute(
            update(table)
            .where(table.c.id == bindparam("message_id"))
            .values(
                status=bindparam("new_status"),
                provider_id=bindparam("new_provider_id"),
                sent_at=bindparam("new_sent_at"),
                last_error=bindparam("new_error"),
            ),
            outcomes,
        )
    db.session.commit()


def _final_body(message) -> str | None:
    filler = late_fillers().get(message.event_key.split("-", 1)[0])
    return filler(message) if filler else message.body


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
