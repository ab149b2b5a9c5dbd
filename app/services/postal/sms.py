"""What became of a delivery code's SMS, read from the outbox, never assumed: sent, queued
(waiting, being sent or to be retried), or not sent (SMS is not configured, or it failed for
good). The postman's page, the API and the public history all say what this finds."""

from sqlalchemy import select

from app.extensions import db
from app.models.grievance.outbox import MessageStatus, OutboundMessage
from app.models.postal import Article, ArticleStatus
from app.services.grievance import outbox_sending
from app.services.postal.articles import OTP_KEY, otp_key

SENT, QUEUED, NOT_CONFIGURED, NOT_SENT = "sent", "queued", "not_configured", "not_sent"
STATES = (SENT, QUEUED, NOT_CONFIGURED, NOT_SENT)


def outcome(status, last_error: str | None, channel: str = "sms") -> str:
    if status == MessageStatus.sent:
        return SENT
    if status == MessageStatus.undeliverable:
        return NOT_CONFIGURED if last_error == outbox_sending.NOT_CONFIGURED else NOT_SENT
    # Waiting for a worker, or refused for now and to be retried: it still leaves, unless no
    # gateway is configured (the worker will then give it up).
    return QUEUED if outbox_sending.can_send(channel) else NOT_CONFIGURED


def last_sends(articles: list[Article]) -> dict[int, str]:
    """Article id -> what became of the latest SMS of its current attempt (articles out for
    delivery only)."""
    keys = {
        otp_key(a.id, a.attempt, a.otp_sends): a.id
        for a in articles
        if a.status == ArticleStatus.out_for_delivery and a.otp_sends
    }
    return {keys[key]: state for key, state in _states(keys).items()}


def last_send(article: Article) -> str | None:
    return last_sends([article]).get(article.id)


def sends(article: Article) -> dict[tuple[int, int], str]:
    """(attempt, send) -> what became of each code SMS of the article, for its history."""
    prefix = f"{OTP_KEY}-{article.id}-"
    found = _states(None, prefix)
    return {tuple(int(n) for n in key[len(prefix) :].split("-")): s for key, s in found.items()}


def _states(keys, prefix: str | None = None) -> dict[str, str]:
    if keys is not None and not keys:
        return {}
    table = OutboundMessage
    query = select(table.event_key, table.status, table.last_error, table.channel).where(
        table.ticket_id.is_(None)
    )
    if keys is not None:
        query = query.where(table.event_key.in_(list(keys)))
    else:
        query = query.where(table.event_key.startswith(prefix, autoescape=True))
    return {
        key: outcome(status, error, channel)
        for key, status, error, channel in db.session.execute(query.order_by(table.id))
    }
