"""Payments by UPI (or cash at the counter): a request with its own reference, its history,
and the bill runs that make thousands of requests at once."""

import enum
from datetime import datetime
from decimal import Decimal

from sqlalchemy import JSON, DateTime, ForeignKey, Index, Integer, Numeric, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.columns import append_only, str_enum
from app.extensions import db


class PaymentPurpose(enum.StrEnum):
    holding_tax = "holding_tax"
    trade_licence = "trade_licence"
    postage = "postage"
    cod = "cod"  # cash on delivery of a postal article
    fine = "fine"
    other = "other"


class PaymentStatus(enum.StrEnum):
    pending = "pending"
    paid = "paid"
    expired = "expired"  # not paid by its expiry: the pay page no longer offers it
    cancelled = "cancelled"
    refunded = "refunded"
    mismatch = "mismatch"  # money arrived that does not settle it (other amount, too late)


class PaymentMethod(enum.StrEnum):
    upi = "upi"
    cash = "cash"


class Payment(db.Model):
    __tablename__ = "payment"
    __table_args__ = (
        # A bill run bills each citizen once, however often its job is resumed.
        UniqueConstraint("bill_run_id", "citizen_id", name="uq_payment_bill_run_citizen"),
        Index("ix_payment_status_expires", "status", "expires_at"),
        Index("ix_payment_link", "link_kind", "link_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    ref: Mapped[str] = mapped_column(String(35), unique=True)  # the UPI `tr`, alphanumeric
    purpose: Mapped[PaymentPurpose] = mapped_column(str_enum(PaymentPurpose))
    amount: Mapped[Decimal] = mapped_column(Numeric(12, 2))
    note: Mapped[str] = mapped_column(String(50))  # the UPI `tn` the payer sees
    status: Mapped[PaymentStatus] = mapped_column(
        str_enum(PaymentStatus), default=PaymentStatus.pending
    )
    payer_name: Mapped[str | None] = mapped_column(String(120))
    payer_mobile: Mapped[str | None] = mapped_column(String(20))  # E.164: the pay link goes here
    payer_language: Mapped[str] = mapped_column(String(8), default="en")
    citizen_id: Mapped[int | None] = mapped_column(
        ForeignKey("citizen.id", name="fk_payment_citizen"), index=True
    )
    # What is paid for: ("article", 12) for a cash-on-delivery, ("ticket", 7) for a fee or fine
    # a complaint needs; None for a request made at the counter on its own.
    link_kind: Mapped[str | None] = mapped_column(String(16))
    link_id: Mapped[int | None] = mapped_column(Integer)
    bill_run_id: Mapped[int | None] = mapped_column(
        ForeignKey("bill_run.id", name="fk_payment_run")
    )
    expires_at: Mapped[datetime | None] = mapped_column(DateTime)
    method: Mapped[PaymentMethod | None] = mapped_column(str_enum(PaymentMethod))
    utr: Mapped[str | None] = mapped_column(String(12), unique=True)  # one UTR settles one bill
    paid_amount: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))
    created_at: Mapped[datetime] = mapped_column(DateTime)
    paid_at: Mapped[datetime | None] = mapped_column(DateTime)

    citizen = relationship("Citizen")
    bill_run = relationship("BillRun")
    events = relationship("PaymentEvent", order_by="PaymentEvent.id", viewonly=True)

    def __str__(self) -> str:
        return self.ref


@append_only
class PaymentEvent(db.Model):
    """The audit trail: who requested, sent, settled, cancelled or refunded a payment, and how."""

    __tablename__ = "payment_event"
    __table_args__ = (Index("ix_payment_event_payment", "payment_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    payment_id: Mapped[int] = mapped_column(ForeignKey("payment.id", name="fk_payment_event"))
    kind: Mapped[str] = mapped_column(String(24))
    at: Mapped[datetime] = mapped_column(DateTime)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("ab_user.id", name="fk_payment_actor"))
    source: Mapped[str] = mapped_column(String(16))  # counter, api, callback, statement, system
    data: Mapped[dict] = mapped_column(JSON, default=dict)

    actor = relationship("StaffUser", lazy="joined")


class BillRunStatus(enum.StrEnum):
    queued = "queued"
    running = "running"
    done = "done"


class BillRun(db.Model):
    """Bills of one purpose for every citizen of a ward, made by a worker in batches."""

    __tablename__ = "bill_run"

    id: Mapped[int] = mapped_column(primary_key=True)
    purpose: Mapped[PaymentPurpose] = mapped_column(str_enum(PaymentPurpose))
    ward_id: Mapped[int] = mapped_column(ForeignKey("ward.id", name="fk_bill_run_ward"))
    amount: Mapped[Decimal] = mapped_column(Numeric(12, 2))
    note: Mapped[str] = mapped_column(String(50))
    expires_at: Mapped[datetime] = mapped_column(DateTime)
    status: Mapped[BillRunStatus] = mapped_column(
        str_enum(BillRunStatus), default=BillRunStatus.queued
    )
    total: Mapped[int] = mapped_column(Integer, default=0)  # citizens of the ward at the start
    billed: Mapped[int] = mapped_column(Integer, default=0)
    without_address: Mapped[int] = mapped_column(Integer, default=0)  # billed, no link sent
    last_citizen_id: Mapped[int] = mapped_column(Integer, default=0)  # where a resumed job goes on
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("ab_user.id", name="fk_bill_run_actor")
    )
    created_at: Mapped[datetime] = mapped_column(DateTime)
    progressed_at: Mapped[datetime] = mapped_column(DateTime)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime)

    ward = relationship("Ward", lazy="joined")
    created_by = relationship("StaffUser")

    def __str__(self) -> str:
        return f"#{self.id}"
