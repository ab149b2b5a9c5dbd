"""What a person can get wrong when asking for a tanker, in their language."""

from flask_babel import lazy_gettext as _l

from app.core.errors import JanSevaError


class LitresOutOfRange(JanSevaError):
    message = _l("A tanker carries between %(least)s and %(most)s litres.")


class DayInThePast(JanSevaError):
    message = _l("The day wanted cannot be in the past.")


class NoWaterDepartment(JanSevaError):
    status = 409
    message = _l(
        "No active department has the code %(code)s to send tankers; ask an administrator."
    )


class TooManyTankerRequests(JanSevaError):
    status = 429
    message = _l("Too many tanker requests from this number or place. Please try again tomorrow.")
