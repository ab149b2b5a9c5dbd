"""The post office: articles booked at the counter, the tariff, and each article's history."""

import enum
from datetime import datetime
from decimal import Decimal

from sqlalchemy import (
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.columns import append_only, str_enum
from app.extensions import db


class ArticleType(enum.StrEnum):
    registered_letter = "registered_letter"
    speed_post = "speed_post"
    parcel = "parcel"


class ArticleStatus(enum.StrEnum):
    booked = "booked"
    in_transit = "in_transit"
    out_for_delivery = "out_for_delivery"
    delivered = "delivered"
    failed_attempt = "failed_attempt"
    returned = "returned"


class FailureReason(enum.StrEnum):
    addressee_absent = "addressee_absent"
    refused = "refused"
    address_incomplete = "address_incomplete"
    premises_locked = "premises_locked"


class Tariff(db.Model):
    """Postage of an article type up to a weight; the counter charges the first band that fits."""

    __tablename__ = "tariff"
    __table_args__ = (UniqueConstraint("article_type", "max_weight_g"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    article_type: Mapped[ArticleType] = mapped_column(str_enum(ArticleType))
    max_weight_g: Mapped[int] = mapped_column(Integer)
    postage: Mapped[Decimal] = mapped_column(Numeric(10, 2))


class Article(db.Model):
    """A registered letter, speed post item or parcel, handed over only against the OTP sent
    to the recipient's mobile. The OTP itself is never stored: only the sealed HOTP secret and
    the attempt number, which is the HOTP counter."""

    __tablename__ = "article"
    __table_args__ = (Index("ix_article_beat_status", "ward_id", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    tracking_no: Mapped[str | None] = mapped_column(String(13), unique=True)
    article_type: Mapped[ArticleType] = mapped_column(str_enum(ArticleType))
    sender_name: Mapped[str] = mapped_column(String(120))
    sender_address: Mapped[str | None] = mapped_column(String(300))
    recipient_name: Mapped[str] = mapped_column(String(120))
    address: Mapped[str] = mapped_column(String(300))
    mobile: Mapped[str] = mapped_column(String(20))  # E.164
    language: Mapped[str] = mapped_column(String(5), default="en")  # of the recipient's SMS
    ward_id: Mapped[int] = mapped_column(ForeignKey("ward.id"))  # the beat that delivers it
    weight_g: Mapped[int] = mapped_column(Integer)
    postage: Mapped[Decimal] = mapped_column(Numeric(10, 2))
    cod_amount: Mapped[Decimal | None] = mapped_column(Numeric(10, 2))
    cod_payment_id: Mapped[int | None] = mapped_column(ForeignKey("payment.id"))
    cod_paid_at: Mapped[datetime | None] = mapped_column(DateTime)
    status: Mapped[ArticleStatus] = mapped_column(
        str_enum(ArticleStatus), default=ArticleStatus.booked
    )
    booked_at: Mapped[datetime] = mapped_column(DateTime)
    booked_by_id: Mapped[int | None] = mapped_column(ForeignKey("ab_user.id"))

    # The delivery attempt under way (the HOTP counter) and its limits.
    otp_secret: Mapped[str] = mapped_column(Text)  # sealed with the app's key, never the code
    attempt: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    attempt_ends_at: Mapped[datetime | None] = mapped_column(DateTime)  # end of delivery day
    wrong_entries: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    otp_sends: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    otp_sent_at: Mapped[datetime | None] = mapped_column(DateTime)
    failure_reason: Mapped[FailureReason | None] = mapped_column(str_enum(FailureReason))

    delivered_at: Mapped[datetime | None] = mapped_column(DateTime)
    delivered_by_id: Mapped[int | None] = mapped_column(ForeignKey("ab_user.id"))
    delivered_latitude: Mapped[float | None] = mapped_column(Float)
    delivered_longitude: Mapped[float | None] = mapped_column(Float)

    ward = relationship("Ward", lazy="joined")
    cod_payment = relationship("Payment")
    events = relationship("ArticleEvent", order_by="ArticleEvent.id", viewonly=True)

    def __str__(self) -> str:
        return self.tracking_no or f"#{self.id}"


@append_only
class ArticleEvent(db.Model):
    """One line of an article's history. Append-only, like the ticket timeline."""

    __tablename__ = "article_event"
    __table_args__ = (
        Index("ix_article_event_article", "article_id", "id"),
        Index("ix_article_event_actor", "actor_id", "at"),  # wrong codes per postman and hour
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("article.id"))
    kind: Mapped[str] = mapped_column(String(32))
    at: Mapped[datetime] = mapped_column(DateTime)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("ab_user.id"))
    public: Mapped[bool] = mapped_column(Boolean, default=False)
    data: Mapped[dict] = mapped_column(db.JSON, default=dict)

    actor = relationship("StaffUser", lazy="joined")
