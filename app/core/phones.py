"""Phone numbers: any way a person writes them in, E.164 out (via Google's libphonenumber)."""

import phonenumbers
from flask import current_app, has_app_context

from app.core.digits import to_ascii_digits
from app.core.errors import InvalidPhone


def default_region() -> str:
    return current_app.config["PHONE_DEFAULT_REGION"] if has_app_context() else "IN"


def to_e164(raw: str, region: str | None = None) -> str:
    """ "०९८७६५४३२१०", "+91 98765 43210" or "098765-43210" -> "+919876543210"."""
    text = (to_ascii_digits(raw) or "").strip()
    try:
        number = phonenumbers.parse(text, region or default_region())
    except phonenumbers.NumberParseException:
        raise InvalidPhone(value=raw) from None
    if not phonenumbers.is_valid_number(number):
        raise InvalidPhone(value=raw)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
