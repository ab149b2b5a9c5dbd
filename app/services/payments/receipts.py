"""Money arriving from outside: the provider's signed callback for one payment, and the bank
statement (CSV) for many. Each settles its request through settlement.py, once: a notice or a
statement line heard before changes nothing."""

import csv
import hmac
import io
import re
from decimal import Decimal, InvalidOperation
from hashlib import sha256

from flask import current_app

from app.core.clock import utc_now
from app.core.digits import to_ascii_digits
from app.core.errors import BadSignature
from app.extensions import db
from app.models.payments import Payment, PaymentMethod, PaymentStatus
from app.services.payments import settlement
from app.services.payments.errors import BadAmount, BadPaymentNotice, BadStatement, UnknownPayment
from app.services.payments.locks import locked_by_ref, take_utr
from app.services.payments.requests import parse_amount


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
        if not settlement.told_before(payment, utr, ("attempt_failed",)):
            settlement.record_event(payment, "attempt_failed", None, "callback", utr=utr)
    else:
        _receive(payment, utr, amount, "callback")
    db.session.commit()
    return payment


def _receive(payment: Payment, utr: str, amount: Decimal, source: str) -> str:
    """Money arrived for `payment`: settle it, or keep the money apart from it. The outcome:
    paid, known (told before), utr_used, amount_differs, not_open or paid_again."""
    if settlement.told_before(payment, utr):
        return "known"
    if settlement.utr_taken(utr):
        return "utr_used"
    if payment.status in (PaymentStatus.paid, PaymentStatus.mismatch, PaymentStatus.refunded):
        settlement.record_event(payment, "paid_again", None, source, utr=utr, amount=str(amount))
        return "paid_again"
    if not take_utr(payment, utr):
        return "utr_used"  # another request took it a moment ago
    if not settlement.is_open(payment) or amount != payment.amount:
        outcome = "amount_differs" if settlement.is_open(payment) else "not_open"
        payment.status, payment.method = PaymentStatus.mismatch, PaymentMethod.upi
        payment.utr, payment.paid_amount, payment.paid_at = utr, amount, utc_now()
        settlement.record_event(
            payment, "mismatch", None, source, utr=utr, amount=str(amount), why=outcome
        )
        return outcome
    settlement.settle(payment, PaymentMethod.upi, utr, amount, None, source)
    return "paid"


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
        return {**out, "outcome": "utr_used" if settlement.utr_taken(utr) else "unknown"}
    outcome = _receive(payment, utr, amount, "statement")
    return {**out, "outcome": "already_paid" if outcome == "known" else outcome}
