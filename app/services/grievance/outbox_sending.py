"""Sending what the outbox holds: a batch of messages is claimed in one statement, each goes
to its channel's provider (its own API, added at the `grievance.sender` point, or its Apprise
URL), several at once, and their outcomes are recorded in one statement. A message is sent at
most once per claim; what fails is left to the job's retry and to the relay (outbox.relay)."""

import logging
import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import bindparam, update

from app import modules
from app.core.clock import utc_now
from app.extensions import db
from app.models.grievance.outbox import MessageStatus, OutboundMessage
from app.models.grievance.ticket import Ticket
from app.services.grievance import claims, gateways

log = logging.getLogger(__name__)
SEND_THREADS = 8  # a batch's provider calls in flight at once
NOT_CONFIGURED = "undeliverable: channel not configured"


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


def send_all(ids: list[int]) -> dict:
    """Send each message; a message is sent at most once per claim. The batch is claimed in
    one statement and its outcomes recorded in one, so a job of fifty replies costs two
    commits, not a hundred. When some failed, raise after the others went, so the job's retry
    sends only those (a message already sent is skipped). A worker that dies mid-batch leaves
    its messages "sending": the relay sends them again after outbox.LEASE."""
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
        raise gateways.SendFailed(f"{len(failed)} of {len(ids)} messages failed: {failed}")
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
    return bool(current_app.config.get(gateways.SETTINGS.get(channel, "")))


def _ready(message, contexts: dict):
    """One claimed message made ready to leave: the call that hands it to its provider and
    returns its outcome, or at once the outcome of one that cannot be sent."""
    if not can_send(message.channel) or not message.recipient:
        return _outcome(message, MessageStatus.undeliverable, error=NOT_CONFIGURED)
    sender = senders().get(message.channel)
    api = sender.send if sender and current_app.config.get(sender.setting) else None
    url = gateways.target_url(message.channel, message.recipient, message.id)
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
        gateways.send(url, body, title=title)
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
    if not isinstance(error, gateways.SendFailed):
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
