"""What Meta's webhooks (WhatsApp Cloud API, Messenger) share: the subscription handshake and
the `X-Hub-Signature-256` over the raw body, keyed with the app's App Secret."""

import hashlib
import hmac


def signature_ok(raw_body: bytes, header: str | None, app_secret: str | None) -> bool:
    """`X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw body with the App Secret>`."""
    if not app_secret or not header or not header.startswith("sha256="):
        return False
    expected = hmac.new(app_secret.encode(), raw_body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, header[len("sha256=") :])


def handshake_ok(mode: str | None, token: str | None, verify_token: str | None) -> bool:
    """Meta's subscription check: mode "subscribe" and our verify token."""
    if mode != "subscribe" or not verify_token:
        return False
    return hmac.compare_digest(token or "", verify_token)
