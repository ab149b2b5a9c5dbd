"""UPI payment links (NPCI's `upi://pay?` URI) and their QR codes.

Every value is percent-encoded (RFC 3986: a space is %20, never +), except the `@` of the
payee's VPA, which some apps refuse encoded. The amount has two decimals and is never zero.
"""

import io
import re
from decimal import Decimal
from functools import lru_cache
from urllib.parse import quote

import qrcode
from flask import current_app
from qrcode.image.svg import SvgPathFillImage

from app.core.shapes import matching, required, text

# A UPI handle: name@psp (NPCI): letters, digits, dot, hyphen and underscore before the @,
# a bank or app handle after it.
VPA = re.compile(r"[A-Za-z0-9._-]{2,256}@[A-Za-z][A-Za-z0-9.-]{1,63}")
# The provider's callback: rupees as a request's amount column holds them (12 digits, 2 after
# the point), given as text ("1234.50") or as a JSON number.
NOTICE = {
    "ref": required(text(35)),
    "utr": required(matching(r"\d{12}")),
    "amount": required(matching(r"\d{1,10}(\.\d{1,2})?")),
    "status": required(text()),
}


def check_vpa(vpa: str) -> None:
    if not VPA.fullmatch(vpa or ""):
        raise ValueError(
            f"UPI_VPA {vpa!r} is not a UPI address (name@bank, e.g. janseva.demo@upi): "
            "no QR code could be paid. Set UPI_VPA to the payee's VPA."
        )


def payment_uri(ref: str, amount: Decimal, note: str, mcc: str | None = None) -> str:
    """`mcc`: the merchant category of this payment; UPI_MCC when not given."""
    config = current_app.config
    fields = [
        ("pa", quote(config["UPI_VPA"], safe="@")),
        ("pn", quote(config["UPI_PAYEE_NAME"], safe="")),
        ("mc", quote(mcc or config["UPI_MCC"], safe="")),
        ("tr", quote(ref, safe="")),
        ("tn", quote(note[:50], safe="")),
        ("am", str(Decimal(amount).quantize(Decimal("0.01")))),
        ("cu", "INR"),
    ]
    return "upi://pay?" + "&".join(f"{key}={value}" for key, value in fields)


@lru_cache(maxsize=2048)  # a request's URI never changes: draw each code once per process
def qr_svg(uri: str) -> bytes:
    return _code(uri).make_image(image_factory=SvgPathFillImage).to_string()


@lru_cache(maxsize=2048)
def qr_png(uri: str) -> bytes:
    out = io.BytesIO()
    _code(uri).make_image().save(out, format="PNG")
    return out.getvalue()


def _code(uri: str) -> qrcode.QRCode:
    """Error correction M; a quiet zone of four modules, as scanners expect."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=10, border=4)
    code.add_data(uri)
    code.make(fit=True)
    return code


def check_settings(config) -> None:
    """Start-up check (the payments manifest's `check`): a wrong VPA stops the app, named."""
    check_vpa(config["UPI_VPA"])
