"""The outbox: every message to a citizen, written in the same transaction as the change that
causes it, then sent by a worker. Nothing is lost when Redis or a worker fails."""

import enum
from datetime import datetime

from sqlalchemy import DateTime, Enum, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.clock import utc_now
from app.extensions import db


class MessageStatus(enum.StrEnum):
    pending = "pending"  # written, not yet handed to a worker or not yet picked up
    sending = "sending"  # a worker claimed it
    sent = "sent"
    failed = "failed"  # the last attempt failed; retried with backoff
    undeliverable = "undeliverable"  # no way to send it (channel not configured, no address)


class OutboundMessage(db.Model):
    __tablename__ = "outbound_message"
    __table_args__ = (
        # One message per (ticket, event, channel): a retried change never sends twice.
        UniqueConstraint("ticket_id", "event_key", "channel", name="uq_outbound_event_channel"),
        Index("ix_outbound_status_created", "status", "created_at"),
        # What we told one address on a channel (a chat's replies join its citizen's history).
        Index("ix_outbound_recipient", "channel", "recipient"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("ticket.id"), index=True)
    citizen_id: Mapped[int | None] = mapped_column(ForeignKey("citizen.id"), index=True)
    event_key: Mapped[str] = mapped_column(String(64))
    channel: Mapped[str] = mapped_column(String(16))
    recipient: Mapped[str | None] = mapped_column(String(254))
    language: Mapped[str] = mapped_column(String(8))
    body: Mapped[str] = mapped_column(Text)
    status: Mapped[MessageStatus] = mapped_column(
        Enum(MessageStatus, native_enum=False, length=16), default=MessageStatus.pending
    )
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    provider_id: Mapped[str | None] = mapped_column(String(128))
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utc_now)
    claimed_at: Mapped[datetime | None] = mapped_column(DateTime)
    # "<RQ worker name>/<job id>" while a worker sends it (app/services/claims.py)
    claimed_by: Mapped[str | None] = mapped_column(String(160))
    sent_at: Mapped[datetime | None] = mapped_column(DateTime)

    ticket = relationship("Ticket")
