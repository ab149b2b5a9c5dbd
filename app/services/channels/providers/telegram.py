"""The Telegram Bot API: the webhook's secret token, its updates as the chatbot reads them,
photos through getFile, and replies with sendMessage."""

import hmac

from flask import current_app

from app.core.shapes import coordinate, required, text, whole
from app.services.channels.chatbot import Incoming
from app.services.grievance import gateways

MAX_TEXT = 4096
# What an Update must look like: each field read below (a chat id is a 64-bit integer).
MESSAGE = {
    "chat": {"id": whole},
    "from": {"first_name": text(), "last_name": text()},
    "text": text(),
    "caption": text(),
    "location": {"latitude": coordinate, "longitude": coordinate},
    "photo": [{"file_id": required(text()), "width": whole}],
    "document": {"mime_type": text(), "file_id": required(text())},
}
SHAPE = {"update_id": whole, "message": MESSAGE}


def verify_secret(header: str | None) -> bool:
    """`X-Telegram-Bot-Api-Secret-Token` must be the secret_token given to setWebhook."""
    secret = current_app.config.get("TELEGRAM_SECRET_TOKEN")
    return bool(secret) and hmac.compare_digest(header or "", secret)


def contact(sender: str) -> dict:
    return {"telegram_chat_id": sender}


def messages(update: dict) -> list[dict]:
    """The citizen's message of one update, keyed by update_id (Telegram retries until 2xx);
    edits, button presses in groups and other updates carry nothing for us."""
    message = update.get("message")
    chat = (message or {}).get("chat") or {}
    if update.get("update_id") is None or not chat.get("id"):
        return []
    person = message.get("from") or {}
    name = " ".join(filter(None, (person.get("first_name"), person.get("last_name"))))
    return [
        {
            "provider_id": str(update["update_id"]),
            "sender": str(chat["id"]),
            "name": name or None,
            "message": message,
        }
    ]


def incoming(message: dict) -> Incoming:
    place = message.get("location") or {}
    photos = message.get("photo") or []
    document = message.get("document") or {}
    media = []
    if photos:  # the sizes of one photo: the largest is the last
        media = [max(photos, key=lambda size: size.get("width", 0))["file_id"]]
    elif (document.get("mime_type") or "").startswith("image/"):
        media = [document["file_id"]]
    return Incoming(
        text=message.get("text") or message.get("caption") or "",
        latitude=place.get("latitude"),
        longitude=place.get("longitude"),
        media=media,
    )


def fetch_media(file_id: str) -> tuple[str, bytes]:
    """getFile gives the file's path; the file itself is served under /file/bot<token>/."""
    base, token = _api()
    info = gateways.download(f"{base}/bot{token}/getFile", params={"file_id": file_id}).json()
    path = info["result"]["file_path"]
    content = gateways.download(f"{base}/file/bot{token}/{path}")
    return f"telegram-{path.rsplit('/', 1)[-1]}", content.content


def send(message, body: str, last_inbound_at) -> str:
    """sendMessage to the chat; Telegram has no reply window. Returns the message id."""
    base, token = _api()
    payload = {"chat_id": message.recipient, "text": body[:MAX_TEXT]}
    answer = gateways.post_json("Telegram", f"{base}/bot{token}/sendMessage", payload)
    return str(answer["result"]["message_id"])


def _api() -> tuple[str, str]:
    config = current_app.config
    return config["TELEGRAM_API_BASE"].rstrip("/"), config["TELEGRAM_BOT_TOKEN"]
