"""Payment purposes and states in the reader's language."""

from flask_babel import lazy_gettext as _l

from app.models.payment import PaymentPurpose, PaymentStatus

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
    PaymentStatus.mismatch: _l("Amount does not match"),
    PaymentStatus.failed: _l("Failed"),
}


def purpose_label(purpose) -> str:
    return str(PURPOSE_LABELS[PaymentPurpose(purpose)]) if purpose else ""


def status_label(status) -> str:
    return str(STATUS_LABELS[PaymentStatus(status)]) if status else ""


OUTCOME_LABELS = {  # what reconciling one bank-statement line did
    "paid": _l("Paid: matched by reference, UTR and amount"),
    "already_paid": _l("Already paid"),
    "amount_differs": _l("Amount differs: marked as mismatch, not paid"),
    "utr_used": _l("UTR already settled another payment"),
    "unknown": _l("No payment request matches"),
    "unreadable": _l("Unreadable line"),
}


def outcome_label(outcome: str) -> str:
    return str(OUTCOME_LABELS.get(outcome, outcome))
