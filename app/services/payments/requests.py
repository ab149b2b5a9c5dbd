"""Payment requests: what is to be paid, and the pay link sent to the payer.

A request gets a reference (the UPI `tr`), a fixed amount and usually a pay-by date; the
citizen pays by scanning its QR code or following the pay link sent to their mobile. What
settles, closes or reverses a request is in settlement.py; the provider's callback and the
bank statement in receipts.py.
"""

import re
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation

from flask import current_app
from flask_babel import lazy_gettext as _l

from app.core import dates, phones
from app.core.clock import utc_now
from app.core.digits import to_ascii_digits
from app.extensions import db
from app.models.grievance.outbox import OutboundMessage
from app.models.grievance.ticket import Ticket
from app.models.payments import Payment, PaymentPurpose, PaymentStatus
from app.security.scope import ensure_in_scope
from app.services.grievance import outbox, timeline
from app.services.payments import settlement, upi
from app.services.payments.errors import (
    BadAmount,
    BadPayBy,
    BadPaymentAmount,
    BadPurpose,
    NoPayLinkAddress,
    NotPending,
)
from app.services.payments.locks import locked
from app.services.payments.texts import PURPOSE_LABELS, status_label

# NPCI's per-transaction limits: ₹5 lakh for tax payments (MCC 9311), ₹1 lakh otherwise.
LIMITS = {PaymentPurpose.holding_tax: Decimal("500000")}
DEFAULT_LIMIT = Decimal("100000")
LINK_KEY = "paylink"  # outbox event key: paylink-<ref>-<n>
LINK_TEXT = _l("%(purpose)s: ₹%(amount)s to %(payee)s. Pay by UPI: %(link)s")
LINK_TEXT_BY = _l(
    "%(purpose)s: ₹%(amount)s to %(payee)s. Pay by UPI before the end of %(day)s: %(link)s"
)


def parse_amount(value) -> Decimal:
    """ "1,499.5" or "१४९९.५" -> Decimal("1499.50"); more than zero, at most two decimals."""
    text = to_ascii_digits(str(value)).replace(",", "").strip()
    try:
        amount = Decimal(text)
    except InvalidOperation as error:
        raise BadAmount(value=value) from error
    if not amount.is_finite() or amount <= 0 or amount != amount.quantize(Decimal("0.01")):
        raise BadAmount(value=value)
    return amount.quantize(Decimal("0.01"))


def checked_amount(purpose: PaymentPurpose, value) -> Decimal:
    amount = parse_amount(value)
    limit = LIMITS.get(purpose, DEFAULT_LIMIT)
    if amount > limit:
        raise BadPaymentAmount(limit=limit)
    return amount


def expiry(pay_by: date | None) -> datetime | None:
    """The end of the pay-by day, local time; a day already gone is refused."""
    if pay_by is None:
        return None
    if pay_by < dates.local_day(utc_now()):
        raise BadPayBy()
    return dates.end_of_local_day(pay_by)


def pay_by(payment: Payment) -> date | None:
    """The last local day on which the request can be paid."""
    if payment.expires_at is None:
        return None
    return dates.local_day(payment.expires_at - timedelta(seconds=1))


def create(
    purpose: str,
    amount,
    note: str,
    *,
    payer_name: str | None = None,
    payer_mobile: str | None = None,
    payer_language: str = "en",
    pay_by_day: date | None = None,
    ticket: Ticket | None = None,
    actor=None,
    source: str = "counter",
) -> Payment:
    """A payment request a clerk (or the API) makes, on its own or for a ticket (a fine, a
    fee the complaint needs); its reference is generated and, when the payer's mobile is
    given, the pay link goes to it by SMS. The request must fall in the actor's scope: a clerk
    requests payments only for their own department's tickets."""
    # Cash on delivery is requested by its article, never by hand.
    if purpose not in {p.value for p in PaymentPurpose} - {PaymentPurpose.cod}:
        raise BadPurpose(value=purpose)
    purpose = PaymentPurpose(purpose)
    link = {}
    if ticket is not None:
        link = {"link_kind": "ticket", "link_id": ticket.id, "citizen_id": ticket.citizen_id}
    payment = request_payment(
        purpose,
        checked_amount(purpose, amount),
        f"PAY{utc_now():%y%m%d%H%M%S%f}",
        note or PURPOSE_LABELS[purpose],
        payer_name=(payer_name or "").strip() or None,
        payer_mobile=phones.to_e164(payer_mobile) if payer_mobile else None,
        payer_language=payer_language or "en",
        expires_at=expiry(pay_by_day),
        actor=actor,
        source=source,
        **link,
    )
    payment.ref = f"PAY{payment.id:08d}"
    if actor is not None:
        ensure_in_scope(payment, actor)
    if ticket is not None:
        timeline.record(
            ticket,
            "payment_requested",
            actor,
            ref=payment.ref,
            purpose=purpose.value,
            amount=str(payment.amount),
        )
    message = queue_link(payment, actor, source) if payment.payer_mobile else None
    db.session.commit()
    outbox.dispatch([message] if message else [])
    return payment


def payer_of(ticket: Ticket) -> dict:
    """A ticket's payer is its citizen: name, mobile and language for the request."""
    citizen = ticket.citizen
    return {
        "payer_name": citizen.name,
        "payer_mobile": citizen.phone,
        "payer_language": citizen.language or "en",
    }


def for_record(kind: str, record_id: int):
    """The payment requests made for a ticket or an article, oldest first (a query the caller
    narrows to the user's scope)."""
    return (
        db.session.query(Payment)
        .filter(Payment.link_kind == kind, Payment.link_id == record_id)
        .order_by(Payment.id)
    )


def request_payment(
    purpose: PaymentPurpose,
    amount: Decimal,
    ref: str,
    note: str,
    *,
    actor=None,
    source: str = "system",
    **fields,
) -> Payment:
    """A payment request in the caller's transaction; the caller commits."""
    if not re.fullmatch(r"[A-Za-z0-9]{4,35}", ref):
        raise ValueError(f"UPI references are 4-35 letters and digits, not {ref!r}")
    payment = Payment(
        ref=ref,
        purpose=purpose,
        amount=Decimal(amount).quantize(Decimal("0.01")),
        note=note[:50],
        status=PaymentStatus.pending,
        created_at=utc_now(),
        **fields,
    )
    db.session.add(payment)
    db.session.flush()
    settlement.record_event(payment, "requested", actor, source, amount=str(payment.amount))
    return payment


def pay_url(ref: str) -> str:
    return f"{current_app.config['PUBLIC_BASE_URL'].rstrip('/')}/pay/{ref}"


def link_body(language: str, purpose, amount: Decimal, ref: str, pay_by_day: date | None) -> str:
    """The SMS with the pay link, in the payer's language."""
    params = {
        "purpose": outbox.render(language, PURPOSE_LABELS[PaymentPurpose(purpose)]),
        "amount": dates.local_decimal(amount, language),
        "payee": current_app.config["UPI_PAYEE_NAME"],
        "link": pay_url(ref),
    }
    if pay_by_day is None:
        return outbox.render(language, LINK_TEXT, **params)
    return outbox.render(
        language, LINK_TEXT_BY, day=dates.local_date(pay_by_day, language), **params
    )


def queue_link(payment: Payment, actor=None, source: str = "counter") -> OutboundMessage:
    """The pay link by SMS to the payer, through the outbox; the caller commits."""
    if not payment.payer_mobile:
        raise NoPayLinkAddress()
    if not settlement.is_open(payment):
        raise NotPending(status=status_label(payment.status))
    sent = sum(event.kind == "link_sent" for event in payment.events)
    body = link_body(
        payment.payer_language, payment.purpose, payment.amount, payment.ref, pay_by(payment)
    )
    settlement.record_event(payment, "link_sent", actor, source)
    return outbox.queue_to(
        None,
        "sms",
        payment.payer_mobile,
        payment.payer_language,
        f"{LINK_KEY}-{payment.ref}-{sent + 1}",
        body,
        citizen_id=payment.citizen_id,
    )


def send_link(payment: Payment, actor=None, source: str = "counter") -> Payment:
    message = queue_link(locked(payment), actor, source)
    db.session.commit()
    outbox.dispatch([message])
    return payment


# ISO 18245 merchant categories: tax payments, postal services (government), fines; other
# purposes use UPI_MCC (government services by default).
MERCHANT_CATEGORY = {
    PaymentPurpose.holding_tax: "9311",
    PaymentPurpose.postage: "9402",
    PaymentPurpose.cod: "9402",
    PaymentPurpose.fine: "9222",
}


def uri(payment: Payment) -> str:
    mcc = MERCHANT_CATEGORY.get(PaymentPurpose(payment.purpose))
    return upi.payment_uri(payment.ref, payment.amount, payment.note, mcc)
