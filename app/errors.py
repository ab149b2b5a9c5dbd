"""Typed errors a user can cause: each carries an HTTP status and a message in their language.
One handler (app/views/system.py) turns them into a page, a flash or a JSON answer."""

from decimal import Decimal

from flask_babel import lazy_gettext as _l

from app.services.dates import local_number


class JanSevaError(Exception):
    status = 400
    message = _l("The request could not be processed.")

    def __init__(self, message=None, **params):
        self.params = params
        if message is not None:
            self.message = message
        super().__init__(str(self))

    def __str__(self) -> str:
        if not self.params:
            return str(self.message)
        return str(self.message) % {key: _shown(value) for key, value in self.params.items()}


def _shown(value):
    """Counts and limits in the reader's digits; names and references as they are."""
    is_number = isinstance(value, int | Decimal) and not isinstance(value, bool)
    return local_number(value) if is_number else value


class OutOfScope(JanSevaError):
    status = 403
    message = _l("That record is outside your department or beat; the change was not saved.")


class InvalidPhone(JanSevaError):
    message = _l("%(value)s is not a valid mobile number.")


class InvalidGeoJSON(JanSevaError):
    message = _l("The ward boundary must be a GeoJSON Polygon or MultiPolygon.")


class InvalidCode(JanSevaError):
    message = _l(
        "A code may contain only Latin letters, digits, hyphens and underscores (at most 32)."
    )


class BadTrackingNumber(JanSevaError):
    message = _l("%(value)s is not a valid tracking number: please check the digits.")


class UnknownTicket(JanSevaError):
    status = 404
    message = _l("No ticket you can see has the tracking number %(value)s.")


class NotAllowed(JanSevaError):
    status = 409
    message = _l("A ticket in state “%(state)s” cannot move to “%(target)s”.")


class ReasonRequired(JanSevaError):
    message = _l("Please give a reason.")


class PublicReasonRequired(ReasonRequired):
    message = _l(
        "The citizen is told why their complaint is rejected: please write the reason for the "
        "citizen, or mark the note as visible to the citizen."
    )


class DuplicateOfRequired(JanSevaError):
    message = _l("Please name the ticket this one duplicates.")


class IncompleteComplaint(JanSevaError):
    message = _l("Please give a category, a description and a way to reach the citizen.")


class OfficerNotInDepartment(JanSevaError):
    message = _l("%(officer)s does not work for %(department)s.")


class FeedbackLinkInvalid(JanSevaError):
    message = _l(
        "This feedback link is not valid any more. Please use the link in your latest message."
    )


class FeedbackTaken(JanSevaError):
    status = 409
    message = _l("Thank you, we already have your feedback on this resolution.")


class PhotoRefused(JanSevaError):
    message = _l("%(name)s is not a photo we can take: please send a JPEG, PNG or WebP image.")


class PhotoTooLarge(JanSevaError):
    status = 413
    message = _l("%(name)s is larger than %(limit)s MB.")


class TooManyPhotos(JanSevaError):
    message = _l("A ticket can have at most %(limit)s photos.")


class BadArticleNumber(JanSevaError):
    message = _l("%(value)s is not a valid article number: please check it (e.g. EE123456785IN).")


class NoTariff(JanSevaError):
    message = _l("No tariff covers a %(article_type)s of %(weight)s g.")


class ArticleNotAllowed(JanSevaError):
    status = 409
    message = _l("An article that is “%(status)s” cannot be %(action)s.")


class WrongOtp(JanSevaError):
    status = 422
    message = _l("Wrong code. Tries left: %(left)s.")


class AttemptLocked(JanSevaError):
    status = 423
    message = _l(
        "Too many wrong codes: this delivery attempt is locked until a supervisor "
        "dispatches the article again."
    )


class OtpExpired(JanSevaError):
    status = 410
    message = _l(
        "The code was for an earlier delivery day. Dispatch the article again to send a new code."
    )


class ResendTooSoon(JanSevaError):
    status = 429
    message = _l("The code was sent less than a minute ago. Please wait a moment.")


class ResendLimit(JanSevaError):
    status = 429
    message = _l("The code has been sent three times today; it cannot be sent again.")


class CodUnpaid(JanSevaError):
    status = 409
    message = _l(
        "Cash on delivery of %(amount)s is not paid yet: the recipient must pay by UPI first."
    )


class VerificationPaused(JanSevaError):
    status = 429
    message = _l(
        "Too many wrong codes from your login in the last hour: code checks are paused. "
        "Please call your supervisor."
    )


class BookingIncomplete(JanSevaError):
    message = _l(
        "Please give the sender, the recipient's name, address, mobile and beat, and the weight."
    )


class BadAmount(JanSevaError):
    message = _l("%(value)s is not a valid amount.")


class BadSignature(JanSevaError):
    status = 403
    message = _l("The payment notice is not signed by our payment provider.")


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


class TooManyReports(JanSevaError):
    status = 429
    message = _l("Too many reports from here or from this mobile number. Please try again later.")


class PhoneNotVerified(JanSevaError):
    message = _l("Please enter the code we sent to your mobile number.")


class WrongVerificationCode(JanSevaError):
    message = _l("That code is not right or has expired. Ask for a new one.")


class WardOrLocationRequired(JanSevaError):
    message = _l(
        "Please choose your ward, or press “Use my location” and allow it, so that your report "
        "reaches the right office."
    )


class UnknownWard(JanSevaError):
    message = _l("There is no ward with the id %(value)s.")


class InvalidBody(JanSevaError):
    message = _l("Please check these fields: %(fields)s.")

    def __init__(self, errors: dict):
        self.errors = errors  # {field: [what is wrong]}, answered as "errors"
        super().__init__(fields=", ".join(errors))


class BadDashboardFilter(JanSevaError):
    message = _l(
        "Please check the filters: dates are written like 2026-11-30, the first comes before "
        "the second and at most ten years apart, and a department or ward is chosen from the list."
    )


class AlreadyTaken(InvalidBody):
    status = 409
    message = _l("Another record already has the same %(fields)s.")


class InUse(JanSevaError):
    status = 409
    message = _l("This record is still used by %(used_by)s, so it was not deleted.")


class Conflict(JanSevaError):
    status = 409
    message = _l("The record conflicts with one saved at the same moment. Please try again.")
