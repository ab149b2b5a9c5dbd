"""UPI payment links (NPCI's `upi://pay?` URI) and their QR codes.

Every value is percent-encoded (RFC 3986: a space is %20, never +), except the `@` of the
payee's VPA, which some apps refuse encoded. The amount has two decimals and is never zero.
"""

import io
from decimal import Decimal
from urllib.parse import quote

import qrcode
from flask import current_app
from qrcode.image.svg import SvgPathFillImage


def payment_uri(ref: str, amount: Decimal, note: str) -> str:
    config = current_app.config
    fields = [
        ("pa", quote(config["UPI_VPA"], safe="@")),
        ("pn", quote(config["UPI_PAYEE_NAME"], safe="")),
        ("mc", quote(config["UPI_MCC"], safe="")),
        ("tr", quote(ref, safe="")),
        ("tn", quote(note[:50], safe="")),
        ("am", str(Decimal(amount).quantize(Decimal("0.01")))),
        ("cu", "INR"),
    ]
    return "upi://pay?" + "&".join(f"{key}={value}" for key, value in fields)


def qr_svg(uri: str) -> bytes:
    image = qrcode.make(uri, image_factory=SvgPathFillImage, box_size=10, border=4)
    return image.to_string()


def qr_png(uri: str) -> bytes:
    out = io.BytesIO()
    qrcode.make(uri, box_size=10, border=4).save(out, format="PNG")
    return out.getvalue()
