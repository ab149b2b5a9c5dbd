"""Payment requests and their confirmation by the payment provider's signed callback.

A request gets a reference (the UPI `tr`) and a fixed amount; the citizen pays by scanning its
QR code. The provider's callback settles it once: a repeated callback changes nothing, another
amount marks it `mismatch` (never paid), and a UTR can settle only one request. Modules that
wait for a payment (cash on delivery) register a hook for its purpose.
"""

import csv
import hmac
import io
import re
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from hashlib import sha256

from flask import current_app

from app.errors import (
    BadAmount,
    BadPaymentAmount,
    BadPaymentNotice,
    BadSignature,
    BadStatement,
    BadUtr,
    NotPending,
    UnknownPayment,
    UtrUsed,
)
from app.extensions import db
from app.models.payment import Payment, PaymentPurpose, PaymentStatus
from app.services import upi
from app.services.clock import utc_now
from app.services.digits import to_ascii_digits

ON_PAID: dict[PaymentPurpose, Callable[[Payment], None]] = {}


# NPCI's per-transaction limits: ₹5 lakh for tax payments (MCC 9311), ₹1 lakh otherwise.
LIMITS = {PaymentPurpose.holding_tax: Decimal("500000")}
DEFAULT_LIMIT = Decimal("100000")


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


def create(purpose: str, amount, note: str) -> Payment:
    """A payment request a clerk (or the API) makes; its reference is generated."""
    try:
        purpose = PaymentPurpose(purpose)
    except ValueError as error:
        raise BadPaymentNotice() from error
    amount = parse_amount(amount)
    limit = LIMITS.get(purpose, DEFAULT_LIMIT)
    if not Decimal("0") < amount <= limit:
        raise BadPaymentAmount(limit=limit)
    payment = request_payment(purpose, amount, f"PAY{utc_now():%y%m%d%H%M%S%f}", note or "")
    db.session.flush()
    payment.ref = f"PAY{payment.id:08d}"
    db.session.commit()
    return payment


def reconcile(payment: Payment, utr: str) -> Payment:
    """A clerk records the UTR the payer reads out of their UPI app."""
    utr = "".join(to_ascii_digits(str(utr or "")).split())
    if not re.fullmatch(r"\d{12}", utr):
        raise BadUtr(value=utr)
    if payment.status != PaymentStatus.pending:
        raise NotPending()
    if db.session.query(Payment.id).filter_by(utr=utr).first() is not None:
        raise UtrUsed(utr=utr)
    _settle(payment, utr, payment.amount)
    db.session.commit()
    return payment


def request_payment(purpose: PaymentPurpose, amount: Decimal, ref: str, note: str) -> Payment:
    """A payment request in the caller's transaction; the caller commits."""
    if not re.fullmatch(r"[A-Za-z0-9]{4,35}", ref):
        raise ValueError(f"UPI references are 4-35 letters and digits, not {ref!r}")
    payment = Payment(
        ref=ref,
        purpose=purpose,
        amount=Decimal(amount).quantize(Decimal("0.01")),
        note=note[:50],
        created_at=utc_now(),
    )
    db.session.add(payment)
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
    if not re.fullmatch(r"\d{12}", utr):
        raise BadPaymentNotice()
    payment = db.session.query(Payment).filter_by(ref=ref).with_for_update().one_or_none()
    if payment is None:
        raise UnknownPayment(ref=ref)
    if payment.status == PaymentStatus.paid or payment.utr == utr:
        return payment  # told twice: once is enough
    if db.session.query(Payment.id).filter_by(utr=utr).first() is not None:
        raise BadPaymentNotice()  # this UTR already settled another request
    if not success:
        payment.status = PaymentStatus.failed
    elif amount != payment.amount:
        payment.status, payment.utr, payment.paid_amount = PaymentStatus.mismatch, utr, amount
    else:
        _settle(payment, utr, amount)
    db.session.commit()
    return payment


def _settle(payment: Payment, utr: str, amount: Decimal) -> None:
    payment.status, payment.utr, payment.paid_amount = PaymentStatus.paid, utr, amount
    payment.paid_at = utc_now()
    hook = ON_PAID.get(PaymentPurpose(payment.purpose))
    if hook is not None:
        hook(payment)


STATEMENT_COLUMNS = {  # our name -> the headers banks use for it
    "utr": ("utr", "rrn", "utr no", "utr number", "transaction id"),
    "amount": ("amount", "credit", "credit amount", "amount (inr)"),
    "reference": ("reference", "narration", "remarks", "description", "ref"),
}
REF_IN_TEXT = re.compile(r"\b(?:PAY\d{8}|COD[A-Z]{2}\d{9}[A-Z]{2})\b")


def import_statement(text: str) -> list[dict]:
    """Settle what a bank statement (CSV) shows was paid; report every line's outcome:
    paid, already paid, amount differs, UTR used elsewhere, unknown, unreadable."""
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
    payment = db.session.query(Payment).filter_by(ref=out["ref"]).one_or_none() if match else None
    if payment is not None and payment.utr == utr and payment.status == PaymentStatus.paid:
        return {**out, "outcome": "already_paid"}
    if db.session.query(Payment.id).filter_by(utr=utr).first() is not None:
        return {**out, "outcome": "utr_used"}
    if payment is None:
        return {**out, "outcome": "unknown"}
    if payment.status != PaymentStatus.pending:
        return {**out, "outcome": "already_paid"}
    if amount != payment.amount:
        payment.status, payment.utr, payment.paid_amount = PaymentStatus.mismatch, utr, amount
        return {**out, "outcome": "amount_differs"}
    _settle(payment, utr, amount)
    return {**out, "outcome": "paid"}
