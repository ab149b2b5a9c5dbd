"""SMS through Twilio: the webhook's `X-Twilio-Signature` (checked with Twilio's own
RequestValidator over the public URL and every posted field), its form as the chatbot reads
it, and MMS photos from their MediaUrl. Replies go out through the outbox's SMS channel."""

from flask import current_app
from twilio.request_validator import RequestValidator

from app.core.shapes import matching, text
from app.services.channels.chatbot import Incoming
from app.services.grievance import gateways

# What Twilio posts (every value a string): the fields read below; at most ten media.
SHAPE = {
    "MessageSid": text(128),
    "From": text(64),
    "Body": text(),
    "NumMedia": matching(r"\d{1,2}"),
}


def verify_signature(url: str, form: dict, header: str | None) -> bool:
    """`url` is the webhook's address as configured at Twilio (PUBLIC_BASE_URL + path)."""
    token = current_app.config.get("TWILIO_AUTH_TOKEN")
    if not token or not header:
        return False
    return RequestValidator(token).validate(url, form, header)


def contact(sender: str) -> dict:
    return {"phone": sender}


def messages(form: dict) -> list[dict]:
    """One message per call, its MessageSid the key (Twilio retries on errors and timeouts)."""
    if not form.get("MessageSid") or not form.get("From"):
        return []
    return [{"provider_id": form["MessageSid"], "sender": form["From"], "message": form}]


def incoming(form: dict) -> Incoming:
    count = int(form.get("NumMedia") or 0)
    media = [
        form[f"MediaUrl{n}"]
        for n in range(count)
        if (form.get(f"MediaContentType{n}") or "").startswith("image/")
        and form.get(f"MediaUrl{n}")
    ]
    return Incoming(text=form.get("Body") or "", media=media)


def fetch_media(url: str) -> tuple[str, bytes]:
    content = gateways.download(url)
    kind = (content.headers.get("Content-Type") or "image/jpeg").split(";")[0].split("/")[-1]
    return f"mms-{url.rstrip('/').rsplit('/', 1)[-1]}.{kind}", content.content
