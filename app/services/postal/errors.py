"""Errors a user can cause in the post office: a status and a message in their language."""

from flask_babel import lazy_gettext as _l

from app.core.errors import JanSevaError


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
