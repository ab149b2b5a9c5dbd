"""What the dashboard reads to stay exact: the ids of tickets changed since it last looked."""

from datetime import datetime

from sqlalchemy import BigInteger, DateTime, Index, Integer
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db


class TicketChange(db.Model):
    """One ticket written by one statement. Database triggers on `ticket` and `feedback` add
    the rows (see the migration), so bulk SQL, the sweep and every service are covered alike.
    On PostgreSQL `txid` is the writer's transaction id: a reader that remembers which
    transactions its last look could not see yet reads exactly what it has missed."""

    __tablename__ = "ticket_change"
    __table_args__ = (Index("ix_ticket_change_txid", "txid"), Index("ix_ticket_change_at", "at"))

    id: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True
    )
    ticket_id: Mapped[int] = mapped_column(Integer)
    txid: Mapped[int] = mapped_column(BigInteger, default=0)
    at: Mapped[datetime] = mapped_column(DateTime)
