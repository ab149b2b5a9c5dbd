"""Password policy for staff logins (FAB_PASSWORD_COMPLEXITY_VALIDATOR)."""

from flask_appbuilder.exceptions import PasswordComplexityValidationError
from flask_babel import gettext as _

from app.core.dates import local_number

MIN_LENGTH = 10
COMMON = {"password123", "1234567890", "qwertyuiop", "janseva123", "admin12345", "iloveindia"}


def validate_password(password: str) -> None:
    if len(password) < MIN_LENGTH:
        raise PasswordComplexityValidationError(
            _(
                "The password must be at least %(count)s characters long.",
                count=local_number(MIN_LENGTH),
            )
        )
    if password.lower() in COMMON or len(set(password)) < 4:
        raise PasswordComplexityValidationError(_("This password is too easy to guess."))
    if password.isdigit() or password.isalpha():
        raise PasswordComplexityValidationError(
            _("The password must mix letters with digits or symbols.")
        )
