"""Tracking numbers `<TRACKING_PREFIX>-<number><check digit>`; the Damm check digit catches
every single mistyped digit and every swap of two adjacent digits."""

import re

from flask import current_app, has_app_context

from app.core.digits import to_ascii_digits
from app.services.grievance.errors import BadTrackingNumber

# The Damm quasigroup of order 10 (Damm 2004), weakly totally anti-symmetric.
DAMM = (
    (0, 3, 1, 7, 5, 9, 8, 6, 4, 2),
    (7, 0, 9, 2, 1, 5, 4, 8, 6, 3),
    (4, 2, 0, 6, 8, 7, 1, 3, 5, 9),
    (1, 7, 5, 0, 9, 8, 3, 4, 2, 6),
    (6, 1, 2, 3, 0, 4, 5, 9, 7, 8),
    (3, 6, 7, 4, 2, 0, 9, 5, 8, 1),
    (5, 8, 6, 9, 7, 2, 0, 1, 3, 4),
    (8, 9, 4, 5, 3, 6, 2, 0, 1, 7),
    (9, 4, 3, 8, 6, 1, 7, 2, 0, 5),
    (2, 5, 8, 1, 4, 3, 6, 7, 9, 0),
)


def damm(digits: str) -> int:
    interim = 0
    for digit in digits:
        interim = DAMM[interim][int(digit)]
    return interim


def prefix() -> str:
    return current_app.config["TRACKING_PREFIX"] if has_app_context() else "JS"


def format_tracking_no(number: int) -> str:
    return f"{prefix()}-{number}{damm(str(number))}"


def parse_tracking_no(text: str) -> int:
    """ "js-1234 5" or "JS-१२३४५" -> 1234; refuse anything whose check digit fails."""
    cleaned = re.sub(r"[\s\u200c]", "", to_ascii_digits(text or "")).upper()
    # at most 18 digits: a longer number is no id any database column holds
    match = re.fullmatch(rf"(?:{re.escape(prefix())}-?)?(\d{{2,18}})", cleaned)
    if not match or damm(match.group(1)) != 0:
        raise BadTrackingNumber(value=text)
    return int(match.group(1)[:-1])
