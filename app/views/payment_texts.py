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
