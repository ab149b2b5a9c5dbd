"""Typed errors a user can cause: each carries an HTTP status and a message in their language.
One handler (app/views/system.py) turns them into a page, a flash or a JSON answer."""

from decimal import Decimal

from flask_babel import lazy_gettext as _l

from app.core.dates import local_number


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


class InvalidCode(JanSevaError):
    message = _l(
        "A code may contain only Latin letters, digits, hyphens and underscores (at most 32)."
    )


class NotAllowed(JanSevaError):
    status = 409
    message = _l("A ticket in state “%(state)s” cannot move to “%(target)s”.")


class BadSignature(JanSevaError):
    status = 403
    message = _l("The payment notice is not signed by our payment provider.")


class InvalidBody(JanSevaError):
    message = _l("Please check these fields: %(fields)s.")

    def __init__(self, errors: dict):
        self.errors = errors  # {field: [what is wrong]}, answered as "errors"
        super().__init__(fields=", ".join(errors))


class AlreadyTaken(InvalidBody):
    status = 409
    message = _l("Another record already has the same %(fields)s.")


class InUse(JanSevaError):
    status = 409
    message = _l("This record is still used by %(used_by)s, so it was not deleted.")


class Conflict(JanSevaError):
    status = 409
    message = _l("The record conflicts with one saved at the same moment. Please try again.")
