"""A citizen: one record per person, whichever channels they write from."""

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.clock import utc_now
from app.extensions import db


class Citizen(db.Model):
    __tablename__ = "citizen"
    # A ward's citizens in id order: bill runs and ward statistics.
    __table_args__ = (Index("ix_citizen_ward", "ward_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str | None] = mapped_column(String(120))
    phone: Mapped[str | None] = mapped_column(String(20), unique=True)  # E.164
    email: Mapped[str | None] = mapped_column(String(254), unique=True)
    whatsapp_id: Mapped[str | None] = mapped_column(String(64), unique=True)
    telegram_chat_id: Mapped[str | None] = mapped_column(String(64), unique=True)
    messenger_id: Mapped[str | None] = mapped_column(String(64), unique=True)
    x_handle: Mapped[str | None] = mapped_column(String(64), unique=True)
    language: Mapped[str] = mapped_column(String(8), default="en")
    ward_id: Mapped[int | None] = mapped_column(ForeignKey("ward.id"))
    # Set when staff merged this record into another; the survivor keeps the history.
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("citizen.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utc_now)

    ward = relationship("Ward", lazy="joined")

    def __str__(self) -> str:
        return self.name or self.phone or self.email or f"#{self.id}"
