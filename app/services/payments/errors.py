"""Errors a user can cause in payments: a status and a message in their language."""

from flask_babel import lazy_gettext as _l

from app.core.errors import JanSevaError


class BadAmount(JanSevaError):
    message = _l("%(value)s is not a valid amount.")


class UnknownPayment(JanSevaError):
    status = 404
    message = _l("No payment request has the reference %(ref)s.")


class BadPurpose(JanSevaError):
    message = _l(
        "A payment cannot be requested for “%(value)s”: choose holding tax, trade licence, "
        "postage, a fine or other."
    )


class BadPaymentNotice(JanSevaError):
    message = _l("The payment notice is incomplete or malformed.")


class BadStatement(JanSevaError):
    message = _l(
        "The statement must be a CSV file with columns for the UTR, the amount and the "
        "reference (narration)."
    )


class BadUtr(JanSevaError):
    message = _l("A UTR is the 12-digit number the payer's UPI app shows, not %(value)s.")


class UtrUsed(JanSevaError):
    status = 409
    message = _l("UTR %(utr)s has already settled another payment.")


class NotPending(JanSevaError):
    status = 409
    message = _l("This payment is no longer waiting for money (it is: %(status)s).")


class NotRefundable(JanSevaError):
    status = 409
    message = _l("Only a paid payment, or money that did not settle one, can be refunded.")


class RefundBySupervisor(JanSevaError):
    status = 403
    message = _l("Only a supervisor may record a refund.")


class BadPayBy(JanSevaError):
    message = _l("The pay-by date must be today or later.")


class NoPayLinkAddress(JanSevaError):
    message = _l("The payer has no mobile number to send the pay link to.")


class BadBillRun(JanSevaError):
    message = _l("A bill run is for holding tax or a trade licence, for one ward.")


class BadPaymentAmount(JanSevaError):
    message = _l("The amount must be more than zero and at most %(limit)s.")
