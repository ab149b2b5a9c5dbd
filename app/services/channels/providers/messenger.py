"""Facebook Messenger: the same handshake and signature as WhatsApp (Meta), the page's
messaging events as the chatbot reads them, and the Send API with its 24-hour rule: a standard
reply inside 24 hours of the citizen's last message, a message tag after (HUMAN_AGENT for a
clerk's own reply within 7 days, the deployment's update tag otherwise)."""

import hashlib
from datetime import datetime, timedelta

from flask import current_app

from app.core.clock import utc_now
from app.core.shapes import coordinate, flag, text
from app.services.channels.chatbot import Incoming
from app.services.channels.providers import meta
from app.services.grievance import gateways

WINDOW = timedelta(hours=24)
HUMAN_AGENT_WINDOW = timedelta(days=7)
MAX_TEXT = 2000
# What the webhook's body must look like (the page's messaging events): each field read below.
_ATTACHMENT = {
    "type": text(),
    "payload": {"url": text(), "coordinates": {"lat": coordinate, "long": coordinate}},
}
MESSAGE = {"mid": text(128), "is_echo": flag, "text": text(), "attachments": [_ATTACHMENT]}
SHAPE = {"entry": [{"messaging": [{"sender": {"id": text(64)}, "message": MESSAGE}]}]}


def verify_signature(raw_body: bytes, header: str | None) -> bool:
    return meta.signature_ok(raw_body, header, current_app.config.get("MESSENGER_APP_SECRET"))


def handshake(mode: str | None, token: str | None) -> bool:
    return meta.handshake_ok(mode, token, current_app.config.get("MESSENGER_VERIFY_TOKEN"))


def contact(sender: str) -> dict:
    return {"messenger_id": sender}


def messages(payload: dict) -> list[dict]:
    """Each message a person sent the page; echoes of our own, deliveries and reads are not."""
    found = []
    for entry in payload.get("entry") or []:
        for event in entry.get("messaging") or []:
            message = event.get("message") or {}
            sender = (event.get("sender") or {}).get("id")
            if message.get("mid") and sender and not message.get("is_echo"):
                found.append({"provider_id": message["mid"], "sender": sender, "message": message})
    return found


def incoming(message: dict) -> Incoming:
    media, latitude, longitude = [], None, None
    for attachment in message.get("attachments") or []:
        payload = attachment.get("payload") or {}
        if attachment.get("type") == "image" and payload.get("url"):
            media.append(payload["url"])
        place = payload.get("coordinates") or {}  # older pages still send location attachments
        if attachment.get("type") == "location" and "lat" in place:
            latitude, longitude = place["lat"], place.get("long")
    return Incoming(
        text=message.get("text") or "", latitude=latitude, longitude=longitude, media=media
    )


def fetch_media(url: str) -> tuple[str, bytes]:
    """Messenger gives attachments as URLs on its CDN."""
    content = gateways.download(url)
    kind = (content.headers.get("Content-Type") or "image/jpeg").split(";")[0].split("/")[-1]
    return f"messenger-{hashlib.sha256(url.encode()).hexdigest()[:16]}.{kind}", content.content


def send(message, body: str, last_inbound_at: datetime | None) -> str:
    """The Send API; returns its message id."""
    config = current_app.config
    payload = {"recipient": {"id": message.recipient}, "message": {"text": body[:MAX_TEXT]}}
    payload |= _messaging_type(message.event_key, last_inbound_at)
    url = f"{config['MESSENGER_API_BASE'].rstrip('/')}/me/messages"
    params = f"?access_token={config['MESSENGER_PAGE_TOKEN']}"
    return gateways.post_json("Messenger", url + params, payload)["message_id"]


def _messaging_type(event_key: str, last_inbound_at: datetime | None) -> dict:
    silent_for = utc_now() - last_inbound_at if last_inbound_at else None
    if silent_for is not None and silent_for < WINDOW:
        return {"messaging_type": "RESPONSE"}
    agent = event_key.startswith("reply-")  # a clerk answering from the ticket page
    if agent and silent_for is not None and silent_for < HUMAN_AGENT_WINDOW:
        return {"messaging_type": "MESSAGE_TAG", "tag": "HUMAN_AGENT"}
    return {"messaging_type": "MESSAGE_TAG", "tag": current_app.config["MESSENGER_UPDATE_TAG"]}
