"""What settles, closes or reverses a payment request, and its append-only history.

Money is matched three ways: the UTR a payer reads out at the counter (reconcile, here), the
provider's signed callback and the bank statement (receipts.py). Each settles a request once: a
repeated notice changes nothing, another amount or a request no longer open marks it
`mismatch` (never paid), and a UTR settles only one request. Every step is written to the
payment's append-only history. Modules that wait for a payment (cash on delivery) add a hook
at the `payments.on_paid` point, keyed by the payment's purpose.
"""

import re
from datetime import datetime
from decimal import Decimal

from sqlalchemy import select

from app import modules
from app.core import bulk
from app.core.clock import utc_now
from app.core.digits import to_ascii_digits
from app.extensions import db
from app.models.payments import Payment, PaymentEvent, PaymentMethod, PaymentPurpose, PaymentStatus
from app.security.scope import is_supervisor
from app.services.payments.errors import (
    BadUtr,
    NotPending,
    NotRefundable,
    RefundBySupervisor,
    UtrUsed,
)
from app.services.payments.locks import locked, take_utr
from app.services.payments.texts import status_label

MONEY_EVENTS = ("paid", "mismatch", "paid_again")


def is_open(payment: Payment, now: datetime | None = None) -> bool:
    """Still waiting for money: pending and not past its pay-by date."""
    now = now or utc_now()
    return payment.status == PaymentStatus.pending and (
        payment.expires_at is None or now < payment.expires_at
    )


def current_status(payment: Payment) -> PaymentStatus:
    """The status as the payer sees it: a pending request past its pay-by date has expired,
    whether or not the periodic job has marked it yet."""
    if payment.status == PaymentStatus.pending and not is_open(payment):
        return PaymentStatus.expired
    return PaymentStatus(payment.status)


def _require_open(payment: Payment) -> None:
    if not is_open(payment):
        raise NotPending(status=status_label(current_status(payment)))


def reconcile(payment: Payment, utr: str, actor=None, source: str = "counter") -> Payment:
    """A clerk records the UTR the payer reads out of their UPI app."""
    utr = "".join(to_ascii_digits(str(utr or "")).split())
    if not re.fullmatch(r"\d{12}", utr):
        raise BadUtr(value=utr)
    locked(payment)
    if payment.utr == utr and payment.status == PaymentStatus.paid:
        return payment  # told twice (a double tap, or the provider's notice came first)
    _require_open(payment)
    if utr_taken(utr) or not take_utr(payment, utr):
        raise UtrUsed(utr=utr)
    settle(payment, PaymentMethod.upi, utr, payment.amount, actor, source)
    db.session.commit()
    return payment


def record_cash(payment: Payment, actor, source: str = "counter") -> Payment:
    """The payer paid the exact amount in cash at the counter."""
    _require_open(locked(payment))
    settle(payment, PaymentMethod.cash, None, payment.amount, actor, source)
    db.session.commit()
    return payment


def cancel(payment: Payment, actor, source: str = "counter") -> Payment:
    if locked(payment).status != PaymentStatus.pending:
        raise NotPending(status=status_label(payment.status))
    payment.status = PaymentStatus.cancelled
    record_event(payment, "cancelled", actor, source)
    db.session.commit()
    return payment


def refund(payment: Payment, actor, note: str, source: str = "counter") -> Payment:
    """A supervisor records that the money went back to the payer (outside JanSeva)."""
    if not is_supervisor(actor):
        raise RefundBySupervisor()
    if locked(payment).status not in (PaymentStatus.paid, PaymentStatus.mismatch):
        raise NotRefundable()
    payment.status = PaymentStatus.refunded
    record_event(payment, "refunded", actor, source, note=(note or "")[:200])
    db.session.commit()
    return payment


def expire_due(now: datetime | None = None, limit: int = 5000) -> int:
    """Close the pending requests whose pay-by date has passed (a periodic job)."""
    now = now or utc_now()
    due = (
        db.session.execute(
            select(Payment.id)
            .where(Payment.status == PaymentStatus.pending, Payment.expires_at <= now)
            .order_by(Payment.id)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        .scalars()
        .all()
    )
    bulk.update_rows(Payment.__table__, ("id",), [{"id": id_, "status": "expired"} for id_ in due])
    bulk.insert_rows(
        PaymentEvent.__table__,
        [event_row(id_, "expired", now, None, "system") for id_ in due],
    )
    db.session.commit()
    return len(due)


def event_row(payment_id: int, kind: str, at: datetime, actor_id, source: str, **data) -> dict:
    """One history line as a table row, for the jobs that write thousands at once."""
    return {
        "payment_id": payment_id,
        "kind": kind,
        "at": at,
        "actor_id": actor_id,
        "source": source,
        "data": data,
    }


def told_before(payment: Payment, utr: str, kinds=MONEY_EVENTS) -> bool:
    """Whether this UTR was already heard of for the payment (as one of `kinds`)."""
    return payment.utr == utr or any(
        event.kind in kinds and (event.data or {}).get("utr") == utr for event in payment.events
    )


def utr_taken(utr: str) -> bool:
    """Whether a request already holds this UTR."""
    return db.session.query(Payment.id).filter_by(utr=utr).first() is not None


def settle(payment: Payment, method, utr: str | None, amount: Decimal, actor, source) -> None:
    """Mark the request paid and tell the module waiting for it (the caller commits)."""
    payment.status, payment.method, payment.utr = PaymentStatus.paid, method, utr
    payment.paid_amount, payment.paid_at = amount, utc_now()
    record_event(payment, "paid", actor, source, method=method.value, utr=utr, amount=str(amount))
    hook = modules.additions("payments.on_paid").get(PaymentPurpose(payment.purpose).value)
    if hook is not None:
        hook(payment)


def record_event(payment: Payment, kind: str, actor, source: str, **data) -> None:
    """One line of the payment's history, in the caller's transaction."""
    db.session.add(
        PaymentEvent(
            payment_id=payment.id,
            kind=kind,
            at=utc_now(),
            actor_id=getattr(actor, "id", None),
            source=source,
            data={key: value for key, value in data.items() if value is not None},
        )
    )
    db.session.expire(payment, ["events"])
