"""Reports from the public portal, with the abuse controls a public form needs: submissions
limited per address and per mobile number, and (per deployment) the mobile number proved by a
one-time code before the report is taken. The code is a TOTP (RFC 6238) of a secret derived
from SECRET_KEY and the number, accepted for about 10 minutes, so nothing about it is stored;
the outbox keeps the SMS with the code masked."""

import base64
import hashlib
import hmac
import uuid

import pyotp
from flask import current_app
from flask_babel import lazy_gettext as _l

from app.core.phones import to_e164
from app.extensions import db
from app.models.grievance.ticket import Ticket
from app.security import rate_limits
from app.services.grievance import outbox, tickets
from app.services.org import menus
from app.services.portal.errors import (
    PhoneNotVerified,
    TooManyReports,
    WardOrLocationRequired,
    WrongVerificationCode,
)

CODE_STEP = 120  # seconds: the longest TOTP step pyotp allows
CODE_WINDOW = 4  # steps either side accepted: a code lives about 10 minutes
CODE_KEY = "verify"  # event-key prefix of code messages (the portal's late filler)
CODE_TEXT = _l("Your JanSeva verification code is %(code)s. It is valid for 10 minutes.")


def within_limit(name: str, key: str) -> bool:
    """Count one more `name` for `key` (an address, a mobile number) against the deployment's
    limit, in the rate limiter's storage (Redis when set, this process's memory while Redis
    is unreachable); False once the limit is passed."""
    return rate_limits.within_limit(current_app.config[name], "portal", name, key)


def send_code(phone: str, language: str) -> None:
    """Text a verification code to the number (limited per number). The outbox keeps the
    text with the code masked; the code itself is computed as the SMS leaves."""
    number = to_e164(phone)
    if not within_limit("PORTAL_CODE_LIMIT", number):
        raise TooManyReports()
    masked = outbox.render(language, CODE_TEXT, code="••••••")
    key = f"{CODE_KEY}-{uuid.uuid4().hex[:16]}"
    message = outbox.queue_to(None, "sms", number, language, key, masked)
    db.session.commit()
    outbox.dispatch([message])


def code_body(message) -> str:
    return outbox.render(message.language, CODE_TEXT, code=_totp(message.recipient).now())


def report(fields: dict, photos: list, language: str, address: str) -> Ticket:
    """A citizen's report from the portal as a ticket; refuses what the controls refuse."""
    phone = to_e164(fields["phone"])
    if current_app.config["PORTAL_VERIFY_PHONE"]:
        if not fields.get("code"):
            raise PhoneNotVerified()
        if not _totp(phone).verify(fields["code"].strip(), valid_window=CODE_WINDOW):
            raise WrongVerificationCode()
    ward_id = fields.get("ward_id")
    latitude, longitude = fields.get("latitude"), fields.get("longitude")
    if not ward_id and latitude is not None and longitude is not None:
        nearest = menus.nearest_ward(latitude, longitude)
        ward_id = nearest.id if nearest else None
    if not ward_id:  # a report no ward holds would never reach anyone
        raise WardOrLocationRequired()
    if not within_limit("PORTAL_REPORT_LIMIT_ADDRESS", address):
        raise TooManyReports()
    if not within_limit("PORTAL_REPORT_LIMIT_PHONE", phone):
        raise TooManyReports()
    return tickets.create_ticket(
        category_id=fields["category_id"],
        description=fields["description"],
        contact={"phone": phone},
        name=fields.get("name"),
        channel="web",
        ward_id=ward_id,
        language=language,
        address=fields.get("address"),
        latitude=latitude,
        longitude=longitude,
        photos=photos,
    )


def _totp(phone: str) -> pyotp.TOTP:
    key = current_app.config["SECRET_KEY"].encode()
    digest = hmac.new(key, f"portal-verify:{phone}".encode(), hashlib.sha256).digest()
    return pyotp.TOTP(base64.b32encode(digest).decode(), interval=CODE_STEP)
