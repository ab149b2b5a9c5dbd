"""Signed feedback links: one per resolution of a ticket, valid for a month; and the link to
appeal that a poor rating or a second "not fixed" offers."""

from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer

from app.extensions import db
from app.models.grievance.ticket import Ticket
from app.services.grievance.errors import FeedbackLinkInvalid

MAX_AGE = 60 * 60 * 24 * 30  # a month to answer


def _signer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="janseva-feedback")


def _appeal_signer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="janseva-appeal")


def token_for(ticket: Ticket) -> str:
    return _signer().dumps({"ticket": ticket.id, "resolved": ticket.resolved_at.isoformat()})


def link_for(ticket: Ticket) -> str:
    return f"{current_app.config['PUBLIC_BASE_URL'].rstrip('/')}/feedback/{token_for(ticket)}"


def ticket_for(token: str) -> Ticket:
    """The ticket this link rates, if the link is genuine, fresh and for its current resolution."""
    try:
        data = _signer().loads(token, max_age=MAX_AGE)
    except BadSignature:
        raise FeedbackLinkInvalid() from None
    ticket = db.session.get(Ticket, data.get("ticket"))
    if (
        ticket is None
        or ticket.resolved_at is None
        or ticket.resolved_at.isoformat() != data.get("resolved")
    ):
        raise FeedbackLinkInvalid()
    return ticket


def appeal_token_for(ticket: Ticket) -> str:
    """The citizen's link to appeal against `ticket` (offered after a poor rating or a second
    "not fixed"; the appeal itself checks it is allowed)."""
    return _appeal_signer().dumps({"appeal": ticket.id})


def ticket_to_appeal(token: str) -> Ticket:
    try:
        data = _appeal_signer().loads(token, max_age=MAX_AGE)
    except BadSignature:
        raise FeedbackLinkInvalid() from None
    ticket = db.session.get(Ticket, data.get("appeal")) if isinstance(data, dict) else None
    if ticket is None:
        raise FeedbackLinkInvalid()
    return ticket
