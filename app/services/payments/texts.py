"""Payment purposes, states, history and statement outcomes in the reader's language."""

from flask_babel import lazy_gettext as _l

from app.models.payments import BillRunStatus, PaymentMethod, PaymentPurpose, PaymentStatus

PURPOSE_LABELS = {
    PaymentPurpose.holding_tax: _l("Holding tax"),
    PaymentPurpose.trade_licence: _l("Trade licence"),
    PaymentPurpose.postage: _l("Postage"),
    PaymentPurpose.cod: _l("Cash on delivery"),
    PaymentPurpose.fine: _l("Fine"),
    PaymentPurpose.other: _l("Other"),
}
STATUS_LABELS = {
    PaymentStatus.pending: _l("Waiting for payment"),
    PaymentStatus.paid: _l("Paid"),
    PaymentStatus.expired: _l("Expired"),
    PaymentStatus.cancelled: _l("Cancelled"),
    PaymentStatus.refunded: _l("Refunded"),
    PaymentStatus.mismatch: _l("Money received that does not settle it"),
}
METHOD_LABELS = {PaymentMethod.upi: _l("UPI"), PaymentMethod.cash: _l("Cash")}
EVENT_LABELS = {  # one line of a payment's audit trail
    "requested": _l("Payment requested"),
    "link_sent": _l("Pay link sent by SMS"),
    "paid": _l("Paid"),
    "attempt_failed": _l("A payment attempt failed"),
    "mismatch": _l("Money received that does not settle it"),
    "paid_again": _l("Paid a second time: refund the extra payment"),
    "expired": _l("Expired"),
    "cancelled": _l("Cancelled"),
    "refunded": _l("Refunded"),
}
SOURCE_LABELS = {
    "counter": _l("at the counter"),
    "api": _l("through the API"),
    "callback": _l("by the payment provider"),
    "statement": _l("from the bank statement"),
    "system": _l("by the system"),
}
RUN_STATUS_LABELS = {
    BillRunStatus.queued: _l("Waiting for a worker"),
    BillRunStatus.running: _l("Billing"),
    BillRunStatus.done: _l("Done"),
}


def purpose_label(purpose) -> str:
    return str(PURPOSE_LABELS[PaymentPurpose(purpose)]) if purpose else ""


def status_label(status) -> str:
    return str(STATUS_LABELS[PaymentStatus(status)]) if status else ""


def method_label(method) -> str:
    return str(METHOD_LABELS[PaymentMethod(method)]) if method else ""


def event_label(kind: str) -> str:
    return str(EVENT_LABELS.get(kind, kind))


def source_label(source: str) -> str:
    return str(SOURCE_LABELS.get(source, source))


def run_status_label(status) -> str:
    return str(RUN_STATUS_LABELS[BillRunStatus(status)]) if status else ""


OUTCOME_LABELS = {  # what reconciling one bank-statement line did
    "paid": _l("Paid: matched by reference, UTR and amount"),
    "already_paid": _l("Already paid"),
    "amount_differs": _l("Amount differs: marked as mismatch, not paid"),
    "not_open": _l("The request had expired or was cancelled: marked as mismatch, not paid"),
    "paid_again": _l("Paid a second time: recorded for a refund"),
    "utr_used": _l("UTR already settled another payment"),
    "unknown": _l("No payment request matches"),
    "unreadable": _l("Unreadable line"),
}


def outcome_label(outcome: str) -> str:
    return str(OUTCOME_LABELS.get(outcome, outcome))
