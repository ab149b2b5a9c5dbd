"""The same chatbot on Telegram, Messenger and SMS (Twilio), end to end: each provider's signed
webhook in, with payloads shaped as its documentation gives them, and the replies out through
local stand-ins for the Bot API, the Send API and an SMS gateway."""

import hashlib
import hmac
import io
import json
import uuid
from datetime import timedelta

import pytest
from PIL import Image

from app.core.clock import utc_now
from app.extensions import db
from app.models.channels import Conversation, InboundMessage
from app.models.grievance.ticket import Feedback, Ticket, TicketState
from app.services.grievance import sms, tickets
from tests.channels.twilio_helpers import TWILIO_TOKEN, SmsPhone
from tests.gateways import ProviderApi, configured

BOT_TOKEN, TELEGRAM_SECRET = "123456:TEST-bot-token", "telegram-secret_1"
PAGE_TOKEN, MESSENGER_SECRET, MESSENGER_VERIFY = "page-token", "messenger-secret", "verify-me"


def _jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (80, 60), (200, 80, 20)).save(out, "JPEG")
    return out.getvalue()


def _json(body):
    return 200, body, "application/json"


def _latest_ticket() -> Ticket:
    return db.session.query(Ticket).order_by(Ticket.id.desc()).first()


# --- Telegram -----------------------------------------------------------------------------------


@pytest.fixture()
def bot_api(app, inline_jobs):
    """The Bot API: sendMessage answers with a message id, getFile and /file/ serve a photo."""
    sent = []

    def send_message(handler, path, query, body):
        sent.append(body)
        return _json({"ok": True, "result": {"message_id": len(sent), "chat": {"id": 1}}})

    def get_file(handler, path, query, body):
        info = {"file_id": query["file_id"], "file_path": f"photos/{query['file_id']}.jpg"}
        return _json({"ok": True, "result": info})

    api = ProviderApi(
        {
            ("POST", f"/bot{BOT_TOKEN}/sendMessage"): send_message,
            ("GET", f"/bot{BOT_TOKEN}/getFile"): get_file,
            ("GET", f"/file/bot{BOT_TOKEN}/photos/"): lambda *a: (200, _jpeg(), "image/jpeg"),
        }
    )
    api.sent = sent
    settings = {
        "TELEGRAM_API_BASE": api.base,
        "TELEGRAM_BOT_TOKEN": BOT_TOKEN,
        "TELEGRAM_SECRET_TOKEN": TELEGRAM_SECRET,
    }
    with configured(app, **settings):
        yield api
    api.close()


class TelegramChat:
    """A citizen's Telegram: each message reaches our webhook as an Update, with the secret."""

    updates = iter(range(int(uuid.uuid4().int % 10**8), 10**10))

    def __init__(self, app, chat_id: int):
        self.client, self.chat_id = app.test_client(), chat_id

    def send(self, fields: dict, update_id: int | None = None, secret=TELEGRAM_SECRET):
        person = {"id": self.chat_id, "is_bot": False, "first_name": "Rina", "language_code": "bn"}
        update = {
            "update_id": update_id or next(self.updates),
            "message": {
                "message_id": 1,
                "from": person,
                "chat": {"id": self.chat_id, "first_name": "Rina", "type": "private"},
                "date": 1735689600,
                **fields,
            },
        }
        return self.client.post(
            "/webhooks/telegram", json=update, headers={"X-Telegram-Bot-Api-Secret-Token": secret}
        )

    def text(self, words: str, **kwargs):
        return self.send({"text": words}, **kwargs)


def test_telegram_a_complaint_in_bengali_with_a_photo_and_a_location(app, bot_api):
    chat = TelegramChat(app, 581234001)
    assert chat.text("রাস্তায় বড় গর্ত", secret="wrong").status_code == 403
    assert bot_api.sent == []

    chat.text("রাস্তায় বড় গর্ত")
    menu = bot_api.sent[-1]
    assert menu["chat_id"] == "581234001" and "৩. রাস্তায়" in menu["text"]  # Bengali digits
    chat.text("৩")
    chat.send({"location": {"latitude": 22.7196, "longitude": 75.8577}})
    assert "ছবি" in bot_api.sent[-1]["text"]  # "send a photo"
    sizes = [
        {"file_id": "small-1", "file_unique_id": "a", "width": 90, "height": 67},
        {"file_id": "large-1", "file_unique_id": "b", "width": 1280, "height": 960},
    ]
    chat.send({"photo": sizes, "caption": "এখানে"})
    chat.text("বাদ")
    assert "গর্ত" in bot_api.sent[-1]["text"] and "হ্যাঁ" in bot_api.sent[-1]["text"]
    chat.text("হ্যাঁ")

    with app.app_context():
        ticket = _latest_ticket()
        assert ticket.channel.value == "telegram" and ticket.category.code == "POTHOLE"
        assert ticket.citizen.telegram_chat_id == "581234001" and ticket.citizen.language == "bn"
        assert len(ticket.photos) == 1 and ticket.latitude == pytest.approx(22.7196)
        tracking_no, ticket_id = ticket.tracking_no, ticket.id
    assert tracking_no in bot_api.sent[-1]["text"]  # on Telegram, in Bengali
    downloaded = [r["query"].get("file_id") for r in bot_api.requests if "getFile" in r["path"]]
    assert downloaded == ["large-1"]  # the largest size of the photo

    chat.text("মতামত")  # "feedback": nothing is resolved yet
    assert "রেটিং" in bot_api.sent[-1]["text"] or "অপেক্ষা" in bot_api.sent[-1]["text"]
    with app.app_context():
        tickets.transition(db.session.get(Ticket, ticket_id), TicketState.resolved, note="ok")
    chat.text("মতামত")
    assert tracking_no in bot_api.sent[-1]["text"] and "৫" in bot_api.sent[-1]["text"]
    chat.text("৯")
    chat.text("৪")
    assert "৪" in bot_api.sent[-1]["text"] and tracking_no in bot_api.sent[-1]["text"]
    with app.app_context():
        rated = db.session.query(Feedback).filter_by(ticket_id=ticket_id).one()
        assert rated.rating == 4
        assert db.session.get(Ticket, ticket_id).state == TicketState.closed


def test_telegram_a_repeated_update_is_answered_once(app, bot_api):
    chat = TelegramChat(app, 581234002)
    chat.text("Water supply cut", update_id=77001)
    chat.text("Water supply cut", update_id=77001)
    assert len([m for m in bot_api.sent if m["chat_id"] == "581234002"]) == 1


# --- Messenger ----------------------------------------------------------------------------------


@pytest.fixture()
def send_api(app, inline_jobs):
    """The Send API (/me/messages with the page token) and Messenger's CDN for attachments."""
    api = ProviderApi(
        {
            ("POST", "/v21.0/me/messages"): lambda h, p, q, body: (
                _json(
                    {"recipient_id": body["recipient"]["id"], "message_id": f"m_{uuid.uuid4().hex}"}
                )
                if q.get("access_token") == PAGE_TOKEN
                else (401, {"error": {"message": "Invalid OAuth access token"}}, "application/json")
            ),
            ("GET", "/cdn/"): lambda *a: (200, _jpeg(), "image/jpeg"),
        }
    )
    settings = {
        "MESSENGER_API_BASE": f"{api.base}/v21.0",
        "MESSENGER_PAGE_TOKEN": PAGE_TOKEN,
        "MESSENGER_APP_SECRET": MESSENGER_SECRET,
        "MESSENGER_VERIFY_TOKEN": MESSENGER_VERIFY,
    }
    with configured(app, **settings):
        yield api
    api.close()


class MessengerUser:
    def __init__(self, app, psid: str, cdn: str):
        self.client, self.psid, self.cdn = app.test_client(), psid, cdn

    def send(self, message: dict, secret=MESSENGER_SECRET):
        event = {
            "sender": {"id": self.psid},
            "recipient": {"id": "PAGE-1"},
            "timestamp": 1518479195308,
            "message": {"mid": f"m_{uuid.uuid4().hex}", **message},
        }
        payload = {"object": "page", "entry": [{"id": "PAGE-1", "time": 1, "messaging": [event]}]}
        raw = json.dumps(payload).encode()
        signature = "sha256=" + hmac.new(secret.encode(), raw, hashlib.sha256).hexdigest()
        return self.client.post(
            "/webhooks/messenger",
            data=raw,
            headers={"X-Hub-Signature-256": signature, "Content-Type": "application/json"},
        )

    def texts(self, api) -> list[dict]:
        return [m for m in api.posted("/v21.0/me/messages") if m["recipient"]["id"] == self.psid]


def test_messenger_handshake_and_signature(app, send_api):
    client = app.test_client()
    query = "hub.mode=subscribe&hub.challenge=4242&hub.verify_token="
    assert client.get(f"/webhooks/messenger?{query}{MESSENGER_VERIFY}").text == "4242"
    assert client.get(f"/webhooks/messenger?{query}guess").status_code == 403
    user = MessengerUser(app, "PSID-9001", send_api.base)
    assert user.send({"text": "سلام"}, secret="not-ours").status_code == 403
    with app.app_context():
        assert db.session.query(InboundMessage).filter_by(sender="PSID-9001").count() == 0


def test_messenger_complaint_in_persian_then_updates_under_the_right_tags(app, send_api):
    user = MessengerUser(app, "PSID-9002", send_api.base)
    user.send({"text": "آب قطع شده است"})
    assert "۲. قطع آب" in user.texts(send_api)[-1]["message"]["text"]
    user.send({"text": "is an echo of our own page", "is_echo": True})
    assert len(user.texts(send_api)) == 1  # echoes are not answered
    user.send({"text": "۲"})
    user.send({"text": "۵"})  # ward 5
    image = {"type": "image", "payload": {"url": f"{send_api.base}/cdn/photo-1.jpg"}}
    user.send({"attachments": [image]})
    user.send({"text": "بعدی"})
    user.send({"text": "بله"})
    with app.app_context():
        ticket = _latest_ticket()
        assert ticket.channel.value == "messenger" and ticket.citizen.messenger_id == "PSID-9002"
        assert ticket.ward.number == 5 and len(ticket.photos) == 1
        registered = user.texts(send_api)[-1]
        assert ticket.tracking_no in registered["message"]["text"]
        assert registered["messaging_type"] == "RESPONSE"

        conversation = db.session.query(Conversation).filter_by(address="PSID-9002").one()
        conversation.last_inbound_at = utc_now() - timedelta(hours=30)
        db.session.commit()
        tickets.add_note(ticket, "تیم فردا صبح می‌آید.", public=True)
        reply = user.texts(send_api)[-1]
        assert reply["messaging_type"] == "MESSAGE_TAG" and reply["tag"] == "HUMAN_AGENT"
        assert "تیم فردا صبح می‌آید." in reply["message"]["text"]
        tickets.transition(ticket, TicketState.resolved, note="Fixed")
        update = user.texts(send_api)[-1]
        assert update["messaging_type"] == "MESSAGE_TAG" and update["tag"] == "ACCOUNT_UPDATE"


# --- SMS through Twilio -------------------------------------------------------------------------


@pytest.fixture()
def twilio(app, gateways, inline_jobs):
    with configured(app, TWILIO_AUTH_TOKEN=TWILIO_TOKEN):
        yield gateways[0]


def test_sms_complaint_in_hindi_every_reply_within_the_segment_limit(app, twilio):
    phone = SmsPhone(app, "+919812340901")
    refused = phone.text("नाली जाम है", token="not-the-token")
    assert refused.status_code == 403

    answer = phone.text("नाली जाम है")
    assert answer.status_code == 200 and answer.mimetype == "text/xml"
    assert "<Response/>" in answer.text
    phone.text("1")
    phone.text("3")
    phone.text("छोड़ें")
    phone.text("हाँ")
    texts = [m["text"] for m in twilio.received if m["to"] == "+919812340901"]
    assert "1. नाली जाम" in texts[0]
    assert all(sms.segments(text) <= app.config["SMS_MAX_SEGMENTS"] for text in texts)
    with app.app_context():
        ticket = _latest_ticket()
        assert ticket.channel.value == "sms" and ticket.citizen.phone == "+919812340901"
        assert ticket.category.code == "DRAIN" and ticket.ward.number == 3
        assert ticket.tracking_no in texts[-1]


def test_sms_a_twilio_retry_is_answered_once(app, twilio):
    phone = SmsPhone(app, "+919812340902")
    phone.text("Garbage not collected", sid="SM0000000000000000000000000000retry")
    phone.text("Garbage not collected", sid="SM0000000000000000000000000000retry")
    assert len([m for m in twilio.received if m["to"] == "+919812340902"]) == 1


def test_sms_replies_are_cut_to_the_segment_limit():
    long_hindi = "नाली जाम है और बदबू आ रही है। " * 20
    assert sms.segments(long_hindi) > 4
    fitted = sms.fit(long_hindi, 4)
    assert sms.segments(fitted) == 4 and fitted.endswith("…")
    assert sms.segments("a" * 160) == 1 and sms.segments("a" * 161) == 2
    assert sms.segments("न" * 70) == 1 and sms.segments("न" * 71) == 2
