"""The WhatsApp Cloud API: the webhook's signature and handshake, its messages as the chatbot
reads them, media downloads, and sending (free text inside 24 hours of the citizen's last
message, the approved update template after)."""

from datetime import datetime, timedelta

from flask import current_app

from app.core.clock import utc_now
from app.core.errors import InvalidPhone
from app.core.phones import to_e164
from app.core.shapes import coordinate, either, text, whole
from app.services.channels.chatbot import Incoming
from app.services.channels.providers import meta
from app.services.grievance import gateways

WINDOW = timedelta(hours=24)  # free-form messages only this long after the citizen's last one
MAX_TEXT = 4096
ID, ADDRESS = text(128), text(64)  # what inbound_message keeps of a message and its sender
# What the webhook's body must look like (Cloud API, "messages" field): each field read below.
_REPLY = {"title": text()}
MESSAGE = {
    "id": ID,
    "from": ADDRESS,
    "type": text(),
    "text": {"body": text()},
    "interactive": {"button_reply": _REPLY, "list_reply": _REPLY},
    "button": {"text": text()},
    "location": {"latitude": coordinate, "longitude": coordinate},
    "image": {"id": text(), "caption": text()},
}
STATUS = {
    "id": text(),
    "status": text(),
    "errors": [{"code": either(whole, text()), "title": text()}],
}
SHAPE = {
    "entry": [
        {
            "changes": [
                {
                    "value": {
                        "contacts": [{"wa_id": text(), "profile": {"name": text()}}],
                        "messages": [MESSAGE],
                        "statuses": [STATUS],
                    }
                }
            ]
        }
    ]
}


def verify_signature(raw_body: bytes, header: str | None) -> bool:
    return meta.signature_ok(raw_body, header, current_app.config.get("WHATSAPP_APP_SECRET"))


def handshake(mode: str | None, token: str | None) -> bool:
    return meta.handshake_ok(mode, token, current_app.config.get("WHATSAPP_VERIFY_TOKEN"))


def contact(sender: str) -> dict:
    """Who a WhatsApp id is: the id itself and, since it is the number, the phone; a number
    our phone library does not know (a new range) leaves the citizen known by the id alone,
    rather than unheard."""
    try:
        return {"whatsapp_id": sender, "phone": to_e164(f"+{sender}")}
    except InvalidPhone:
        return {"whatsapp_id": sender}


def messages(payload: dict) -> list[dict]:
    """Each citizen message of a webhook call: {provider_id, sender, name, message}."""
    found = []
    for entry in payload.get("entry") or []:
        for change in entry.get("changes") or []:
            value = change.get("value") or {}
            names = {
                person.get("wa_id"): (person.get("profile") or {}).get("name")
                for person in value.get("contacts") or []
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
    info = gateways.download(f"{base}/{media_id}", headers).json()
    content = gateways.download(info["url"], headers)
    extension = (info.get("mime_type") or "image/jpeg").split("/")[-1]
    return f"whatsapp-{media_id}.{extension}", content.content


def send(message, body: str, last_inbound_at: datetime | None) -> str:
    """Send `body` to the message's WhatsApp id; the answer's message id (wamid) is returned.
    Outside the 24-hour window the update template carries the text instead."""
    base, headers = _api()
    number = current_app.config.get("WHATSAPP_PHONE_NUMBER_ID")
    sent = {
        "messaging_product": "whatsapp",
        "recipient_type": "individual",
        "to": message.recipient,
    }
    if last_inbound_at is not None and utc_now() - last_inbound_at < WINDOW:
        sent |= {"type": "text", "text": {"preview_url": False, "body": body[:MAX_TEXT]}}
    else:
        sent |= {"type": "template", "template": _template(body, message.language)}
    answer = gateways.post_json("WhatsApp", f"{base}/{number}/messages", sent, headers)
    return answer["messages"][0]["id"]


def _template(body: str, language: str) -> dict:
    return {
        "name": current_app.config["WHATSAPP_UPDATE_TEMPLATE"],
        "language": {"code": language},
        "components": [{"type": "body", "parameters": [{"type": "text", "text": body[:1024]}]}],
    }


def _api() -> tuple[str, dict]:
    token = current_app.config["WHATSAPP_TOKEN"]
    base = current_app.config["WHATSAPP_API_BASE"].rstrip("/")
    return base, {"Authorization": f"Bearer {token}"}
