"""Delivery one-time passwords: HOTP (RFC 4226) with a 160-bit secret per article and the
delivery attempt as the counter. The code is computed when the SMS leaves and when the
postman types it, and is stored nowhere. The secret is kept sealed (Fernet) with a key
derived from SECRET_KEY, so a copy of the database alone gives no codes."""

import base64

import pyotp
from cryptography.fernet import Fernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from flask import current_app


def new_secret() -> str:
    """A fresh sealed secret for a newly booked article."""
    return _fernet().encrypt(pyotp.random_base32(32).encode()).decode()


def code(sealed_secret: str, attempt: int) -> str:
    return pyotp.HOTP(_unseal(sealed_secret)).at(attempt)


def matches(sealed_secret: str, attempt: int, entered: str) -> bool:
    """Constant-time comparison, no look-ahead: the server owns the counter."""
    if not entered.isdigit() or len(entered) != 6:
        return False
    return pyotp.HOTP(_unseal(sealed_secret)).verify(entered, attempt)


def _unseal(sealed_secret: str) -> str:
    return _fernet().decrypt(sealed_secret.encode()).decode()


def _fernet() -> Fernet:
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"janseva delivery otp")
    raw = key.derive(current_app.config["SECRET_KEY"].encode())
    return Fernet(base64.urlsafe_b64encode(raw))
