"""Chat channels: every message a citizen sends us, kept raw and handled once, and the state of
each citizen's conversation with the chatbot."""

import enum
from datetime import datetime

from sqlalchemy import JSON, DateTime, ForeignKey, Index, Integer, String, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.clock import utc_now
from app.core.columns import str_enum
from app.extensions import db


class InboundStatus(enum.StrEnum):
    received = "received"  # stored; not handled yet (a job failed or never ran: the relay)
    handled = "handled"
    failed = "failed"  # still unhandled after inbound.MAX_RELAYS relays: given up, logged


class InboundMessage(db.Model):
    """A provider's message as it arrived. A provider delivers at least once: its message id
    is unique per channel, so a repeat is stored and handled once."""

    __tablename__ = "inbound_message"
    __table_args__ = (
        UniqueConstraint("channel", "provider_id", name="uq_inbound_channel_provider"),
        Index("ix_inbound_status_received", "status", "received_at"),
        # A sender's messages still waiting for their job (see inbound._store): only those rows,
        # so the look-up at each message skips the handled ones a busy hour leaves behind.
        Index(
            "ix_inbound_waiting",
            "channel",
            "sender",
            "id",
            postgresql_where=text("status = 'received'"),
            sqlite_where=text("status = 'received'"),
        ),
        # A conversation's messages not yet given their citizen (inbound._own_conversation),
        # without reading every message still unowned: each message is stored unowned first.
        Index("ix_inbound_conversation_citizen", "conversation_id", "citizen_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(String(16))
    provider_id: Mapped[str] = mapped_column(String(128))
    sender: Mapped[str] = mapped_column(String(64))  # the channel's address: wa_id, chat id…
    sender_name: Mapped[str | None] = mapped_column(String(120))
    payload: Mapped[dict] = mapped_column(JSON)  # the provider's message object, unparsed
    status: Mapped[InboundStatus] = mapped_column(
        str_enum(InboundStatus), default=InboundStatus.received
    )
    received_at: Mapped[datetime] = mapped_column(DateTime, default=utc_now)
    handled_at: Mapped[datetime | None] = mapped_column(DateTime)
    attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")  # relays
    conversation_id: Mapped[int | None] = mapped_column(
        ForeignKey("conversation.id", name="fk_inbound_conversation")
    )
    # Whose message it is and which ticket it made or speaks of, once known: the ticket page
    # shows the citizen's whole conversation across channels.
    citizen_id: Mapped[int | None] = mapped_column(
        ForeignKey("citizen.id", name="fk_inbound_citizen"), index=True
    )
    ticket_id: Mapped[int | None] = mapped_column(
        ForeignKey("ticket.id", name="fk_inbound_ticket"), index=True
    )


class Conversation(db.Model):
    """One citizen on one chat channel: where the chatbot is in its questions (`step`, with the
    answers so far in `data`) and when the citizen last wrote (WhatsApp's 24-hour window)."""

    __tablename__ = "conversation"
    __table_args__ = (UniqueConstraint("channel", "address", name="uq_conversation_address"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(String(16))
    address: Mapped[str] = mapped_column(String(64))
    citizen_id: Mapped[int | None] = mapped_column(
        ForeignKey("citizen.id", name="fk_conversation_citizen"), index=True
    )
    language: Mapped[str] = mapped_column(String(8), default="en")
    step: Mapped[str] = mapped_column(String(16), default="idle")
    data: Mapped[dict] = mapped_column(JSON, default=dict)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utc_now)
    last_inbound_at: Mapped[datetime | None] = mapped_column(DateTime)

    citizen = relationship("Citizen")


class ChannelCursor(db.Model):
    """Where a polled channel stopped (the newest X mention seen, the X account's id)."""

    __tablename__ = "channel_cursor"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(String(200))
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utc_now)
