"""The WhatsApp Cloud API: the webhook's signature and handshake, its messages as the chatbot
reads them, media downloads, and sending (free text inside 24 hours of the citizen's last
message, the approved update template after)."""

import hashlib
import hmac
from datetime import datetime, timedelta

import requests
from flask import current_app

from app.services.chatbot import Incoming
from app.services.clock import utc_now
from app.services.delivery import DeliveryFailed

WINDOW = timedelta(hours=24)  # free-form messages only this long after the citizen's last one
TIMEOUT = 10  # seconds per call to the Graph API
MAX_TEXT = 4096


def verify_signature(raw_body: bytes, header: str | None) -> bool:
    """`X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw body with the App Secret>`."""
    secret = current_app.config.get("WHATSAPP_APP_SECRET")
    if not secret or not header or not header.startswith("sha256="):
        return False
    expected = hmac.new(secret.encode(), raw_body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, header[len("sha256=") :])


def handshake(mode: str | None, token: str | None) -> bool:
    expected = current_app.config.get("WHATSAPP_VERIFY_TOKEN")
    return mode == "subscribe" and bool(expected) and hmac.compare_digest(token or "", expected)


def messages(payload: dict) -> list[dict]:
    """Each citizen message of a webhook call: {provider_id, sender, name, message}."""
    found = []
    for entry in payload.get("entry") or []:
        for change in entry.get("changes") or []:
            value = change.get("value") or {}
            names = {
                contact.get("wa_id"): (contact.get("profile") or {}).get("name")
                for contact in value.get("contacts") or []
            }
            for message in value.get("messages") or []:
                if message.get("id") and message.get("from"):
                    found.append(
                        {
                            "provider_id": message["id"],
                            "sender": message["from"],
                            "name": names.get(message["from"]),
                            "message": message,
                        }
                    )
    return found


def statuses(payload: dict) -> list[dict]:
    """Delivery reports of our own messages: {id: wamid, status: sent|delivered|read|failed}."""
    return [
        status
        for entry in payload.get("entry") or []
        for change in entry.get("changes") or []
        for status in (change.get("value") or {}).get("statuses") or []
    ]


def incoming(message: dict) -> Incoming:
    """What the chatbot needs of a message object; types it cannot use arrive as empty."""
    kind = message.get("type")
    if kind == "text":
        return Incoming(text=(message.get("text") or {}).get("body", ""))
    if kind == "interactive":
        reply = message.get("interactive") or {}
        chosen = reply.get("button_reply") or reply.get("list_reply") or {}
        return Incoming(text=chosen.get("title", ""))
    if kind == "button":
        return Incoming(text=(message.get("button") or {}).get("text", ""))
    if kind == "location":
        place = message.get("location") or {}
        return Incoming(latitude=place.get("latitude"), longitude=place.get("longitude"))
    if kind == "image":
        image = message.get("image") or {}
        return Incoming(
            text=image.get("caption") or "", media=[image["id"]] if "id" in image else []
        )
    return Incoming()


def fetch_media(media_id: str) -> tuple[str, bytes]:
    """A photo the citizen sent: its short-lived URL from the media id, then the bytes."""
    base, headers = _api()
    described = requests.get(f"{base}/{media_id}", headers=headers, timeout=TIMEOUT)
    described.raise_for_status()
    info = described.json()
    content = requests.get(info["url"], headers=headers, timeout=TIMEOUT)
    content.raise_for_status()
    extension = (info.get("mime_type") or "image/jpeg").split("/")[-1]
    return f"whatsapp-{media_id}.{extension}", content.content


def send(recipient: str, body: str, last_inbound_at: datetime | None, language: str) -> str:
    """Send `body` to a WhatsApp id; the answer's message id (wamid) is returned. Outside the
    24-hour window the update template carries the text instead."""
    base, headers = _api()
    number = current_app.config.get("WHATSAPP_PHONE_NUMBER_ID")
    message = {"messaging_product": "whatsapp", "recipient_type": "individual", "to": recipient}
    if last_inbound_at is not None and utc_now() - last_inbound_at < WINDOW:
        message |= {"type": "text", "text": {"preview_url": False, "body": body[:MAX_TEXT]}}
    else:
        message |= {"type": "template", "template": _template(body, language)}
    try:
        answer = requests.post(
            f"{base}/{number}/messages", json=message, headers=headers, timeout=TIMEOUT
        )
    except requests.RequestException as error:
        raise DeliveryFailed(f"WhatsApp: {error}") from error
    if answer.status_code >= 300:
        raise DeliveryFailed(f"WhatsApp {answer.status_code}: {answer.text[:300]}")
    return answer.json()["messages"][0]["id"]


def _template(body: str, language: str) -> dict:
    return {
        "name": current_app.config["WHATSAPP_UPDATE_TEMPLATE"],
        "language": {"code": language},
        "components": [{"type": "body", "parameters": [{"type": "text", "text": body[:1024]}]}],
    }


def _api() -> tuple[str, dict]:
    token = current_app.config.get("WHATSAPP_TOKEN")
    if not token or not current_app.config.get("WHATSAPP_PHONE_NUMBER_ID"):
        raise DeliveryFailed(
            "WhatsApp is not configured (WHATSAPP_TOKEN, WHATSAPP_PHONE_NUMBER_ID)"
        )
    base = current_app.config["WHATSAPP_API_BASE"].rstrip("/")
    return base, {"Authorization": f"Bearer {token}"}
