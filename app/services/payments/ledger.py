"""Payment requests and everything that settles, closes or reverses them.

A request gets a reference (the UPI `tr`), a fixed amount and usually a pay-by date; the
citizen pays by scanning its QR code or following the pay link sent to their mobile. Money is
matched three ways: the UTR a payer reads out at the counter, the provider's signed callback,
and the bank statement. Each settles a request once: a repeated notice changes nothing,
another amount or a request no longer open marks it `mismatch` (never paid), and a UTR
settles only one request. Every step is written to the payment's append-only history.
Modules that wait for a payment (cash on delivery) add a hook at the `payments.on_paid` point,
keyed by the payment's purpose.
"""

import csv
import hmac
import io
import re
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from hashlib import sha256

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app import modules
from app.core import bulk, dates, phones
from app.core.clock import utc_now
from app.core.digits import to_ascii_digits
from app.core.errors import BadSignature
from app.extensions import db
from app.models.grievance.outbox import OutboundMessage
from app.models.grievance.ticket import Ticket
from app.models.payments import Payment, PaymentEvent, PaymentMethod, PaymentPurpose, PaymentStatus
from app.security.scope import ensure_in_scope, is_supervisor
from app.services.grievance import outbox as notify
from app.services.grievance import timeline
from app.services.payments import upi
from app.services.payments.errors import (
    BadAmount,
    BadPayBy,
    BadPaymentAmount,
    BadPaymentNotice,
    BadPurpose,
    BadStatement,
    BadUtr,
    NoPayLinkAddress,
    NotPending,
    NotRefundable,
    RefundBySupervisor,
    UnknownPayment,
    UtrUsed,
)
from app.services.payments.locks import locked, locked_by_ref, take_utr
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
    notify.dispatch([message] if message else [])
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
    _record(payment, "requested", actor, source, amount=str(payment.amount))
    return payment


def pay_url(ref: str) -> str:
    return f"{current_app.config['PUBLIC_BASE_URL'].rstrip('/')}/pay/{ref}"


def link_body(language: str, purpose, amount: Decimal, ref: str, pay_by_day: date | None) -> str:
    """The SMS with the pay link, in the payer's language."""
    params = {
        "purpose": notify.render(language, PURPOSE_LABELS[PaymentPurpose(purpose)]),
        "amount": dates.local_decimal(amount, language),
        "payee": current_app.config["UPI_PAYEE_NAME"],
        "link": pay_url(ref),
    }
    if pay_by_day is None:
        return notify.render(language, LINK_TEXT, **params)
    return notify.render(
        language, LINK_TEXT_BY, day=dates.local_date(pay_by_day, language), **params
    )


def queue_link(payment: Payment, actor=None, source: str = "counter") -> OutboundMessage:
    """The pay link by SMS to the payer, through the outbox; the caller commits."""
    if not payment.payer_mobile:
        raise NoPayLinkAddress()
    if not is_open(payment):
        raise NotPending(status=status_label(payment.status))
    sent = sum(event.kind == "link_sent" for event in payment.events)
    body = link_body(
        payment.payer_language, payment.purpose, payment.amount, payment.ref, pay_by(payment)
    )
    _record(payment, "link_sent", actor, source)
    return notify.queue_to(
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
    notify.dispatch([message])
    return payment


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
    if _utr_taken(utr) or not take_utr(payment, utr):
        raise UtrUsed(utr=utr)
    _settle(payment, PaymentMethod.upi, utr, payment.amount, actor, source)
    db.session.commit()
    return payment


def record_cash(payment: Payment, actor, source: str = "counter") -> Payment:
    """The payer paid the exact amount in cash at the counter."""
    _require_open(locked(payment))
    _settle(payment, PaymentMethod.cash, None, payment.amount, actor, source)
    db.session.commit()
    return payment


def cancel(payment: Payment, actor, source: str = "counter") -> Payment:
    if locked(payment).status != PaymentStatus.pending:
        raise NotPending(status=status_label(payment.status))
    payment.status = PaymentStatus.cancelled
    _record(payment, "cancelled", actor, source)
    db.session.commit()
    return payment


def refund(payment: Payment, actor, note: str, source: str = "counter") -> Payment:
    """A supervisor records that the money went back to the payer (outside JanSeva)."""
    if not is_supervisor(actor):
        raise RefundBySupervisor()
    if locked(payment).status not in (PaymentStatus.paid, PaymentStatus.mismatch):
        raise NotRefundable()
    payment.status = PaymentStatus.refunded
    _record(payment, "refunded", actor, source, note=(note or "")[:200])
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


def verify_signature(raw_body: bytes, signature: str | None) -> None:
    secret = current_app.config.get("UPI_WEBHOOK_SECRET")
    if not secret or not signature:
        raise BadSignature()
    expected = hmac.new(secret.encode(), raw_body, sha256).hexdigest()
    if not hmac.compare_digest(expected, signature.strip().lower()):
        raise BadSignature()


def record_notice(notice: dict) -> Payment:
    """The provider's word on one payment: {"ref", "utr", "amount": "1234.50", "status"}."""
    try:
        ref, utr = str(notice["ref"]), str(notice["utr"])
        amount = Decimal(str(notice["amount"]))
        success = notice["status"] == "SUCCESS"
    except (KeyError, InvalidOperation) as error:
        raise BadPaymentNotice() from error
    if not re.fullmatch(r"\d{12}", utr) or not amount.is_finite():
        raise BadPaymentNotice()
    payment = locked_by_ref(ref)
    if payment is None:
        raise UnknownPayment(ref=ref)
    if not success:
        if not _told_before(payment, utr, ("attempt_failed",)):
            _record(payment, "attempt_failed", None, "callback", utr=utr)
    else:
        _receive(payment, utr, amount, "callback")
    db.session.commit()
    return payment


def _receive(payment: Payment, utr: str, amount: Decimal, source: str) -> str:
    """Money arrived for `payment`: settle it, or keep the money apart from it. The outcome:
    paid, known (told before), utr_used, amount_differs, not_open or paid_again."""
    if _told_before(payment, utr):
        return "known"
    if _utr_taken(utr):
        return "utr_used"
    if payment.status in (PaymentStatus.paid, PaymentStatus.mismatch, PaymentStatus.refunded):
        _record(payment, "paid_again", None, source, utr=utr, amount=str(amount))
        return "paid_again"
    if not take_utr(payment, utr):
        return "utr_used"  # another request took it a moment ago
    if not is_open(payment) or amount != payment.amount:
        outcome = "amount_differs" if is_open(payment) else "not_open"
        payment.status, payment.method = PaymentStatus.mismatch, PaymentMethod.upi
        payment.utr, payment.paid_amount, payment.paid_at = utr, amount, utc_now()
        _record(payment, "mismatch", None, source, utr=utr, amount=str(amount), why=outcome)
        return outcome
    _settle(payment, PaymentMethod.upi, utr, amount, None, source)
    return "paid"


MONEY_EVENTS = ("paid", "mismatch", "paid_again")


def _told_before(payment: Payment, utr: str, kinds=MONEY_EVENTS) -> bool:
    return payment.utr == utr or any(
        event.kind in kinds and (event.data or {}).get("utr") == utr for event in payment.events
    )


def _utr_taken(utr: str) -> bool:
    return db.session.query(Payment.id).filter_by(utr=utr).first() is not None


def _settle(payment: Payment, method, utr: str | None, amount: Decimal, actor, source) -> None:
    payment.status, payment.method, payment.utr = PaymentStatus.paid, method, utr
    payment.paid_amount, payment.paid_at = amount, utc_now()
    _record(payment, "paid", actor, source, method=method.value, utr=utr, amount=str(amount))
    hook = modules.additions("payments.on_paid").get(PaymentPurpose(payment.purpose).value)
    if hook is not None:
        hook(payment)


def _record(payment: Payment, kind: str, actor, source: str, **data) -> None:
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


STATEMENT_COLUMNS = {  # our name -> the headers banks use for it
    "utr": ("utr", "rrn", "utr no", "utr number", "transaction id"),
    "amount": ("amount", "credit", "credit amount", "amount (inr)"),
    "reference": ("reference", "narration", "remarks", "description", "ref"),
}
REF_IN_TEXT = re.compile(r"\b(?:PAY\d{8}|COD[A-Z]{2}\d{9}[A-Z]{2})\b")


def import_statement(text: str) -> list[dict]:
    """Settle what a bank statement (CSV) shows was paid; report every line's outcome."""
    rows = csv.DictReader(io.StringIO(text))
    columns = _statement_columns(rows.fieldnames or [])
    report = []
    for line, row in enumerate(rows, start=2):
        report.append({"line": line, **_statement_line(row, columns)})
    db.session.commit()
    return report


def _statement_columns(headers: list[str]) -> dict:
    found = {}
    for ours, names in STATEMENT_COLUMNS.items():
        for header in headers:
            if header and header.strip().lower() in names:
                found[ours] = header
                break
    if set(found) != set(STATEMENT_COLUMNS):
        raise BadStatement()
    return found


def _statement_line(row: dict, columns: dict) -> dict:
    utr = "".join(to_ascii_digits(row.get(columns["utr"]) or "").split())
    reference = row.get(columns["reference"]) or ""
    match = REF_IN_TEXT.search(reference.upper())
    out = {"utr": utr, "ref": match.group(0) if match else "", "amount": ""}
    try:
        amount = parse_amount(row.get(columns["amount"]) or "")
    except BadAmount:
        return {**out, "outcome": "unreadable"}
    out["amount"] = str(amount)
    if not re.fullmatch(r"\d{12}", utr):
        return {**out, "outcome": "unreadable"}
    payment = locked_by_ref(out["ref"]) if match else None
    if payment is None:
        return {**out, "outcome": "utr_used" if _utr_taken(utr) else "unknown"}
    outcome = _receive(payment, utr, amount, "statement")
    return {**out, "outcome": "already_paid" if outcome == "known" else outcome}
