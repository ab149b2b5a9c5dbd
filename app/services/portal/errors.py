"""Errors a user can cause in the public portal: a status and a message in their language."""

from flask_babel import lazy_gettext as _l

from app.core.errors import JanSevaError


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
