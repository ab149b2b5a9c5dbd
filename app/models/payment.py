"""Payments by UPI: a request with its own reference, and what the payment provider reported."""

import enum
from datetime import datetime
from decimal import Decimal

from sqlalchemy import DateTime, Numeric, String
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db
from app.models.columns import str_enum


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
    mismatch = "mismatch"  # the provider reported another amount: never treated as paid
    failed = "failed"


class Payment(db.Model):
    __tablename__ = "payment"

    id: Mapped[int] = mapped_column(primary_key=True)
    ref: Mapped[str] = mapped_column(String(35), unique=True)  # the UPI `tr`, alphanumeric
    purpose: Mapped[PaymentPurpose] = mapped_column(str_enum(PaymentPurpose))
    amount: Mapped[Decimal] = mapped_column(Numeric(12, 2))
    note: Mapped[str] = mapped_column(String(50))  # the UPI `tn` the payer sees
    status: Mapped[PaymentStatus] = mapped_column(
        str_enum(PaymentStatus), default=PaymentStatus.pending
    )
    utr: Mapped[str | None] = mapped_column(String(12), unique=True)  # one UTR settles one bill
    paid_amount: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))
    created_at: Mapped[datetime] = mapped_column(DateTime)
    paid_at: Mapped[datetime | None] = mapped_column(DateTime)

    def __str__(self) -> str:
        return self.ref
