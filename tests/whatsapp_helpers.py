"""A citizen's WhatsApp posting to our webhook as Meta does, signed, and WhatsApp's settings
pointed at the Graph API stand-in (tests/gateways.py)."""

import hashlib
import hmac
import io
import json
import uuid

from PIL import Image

from tests.gateways import GraphApi

SECRET, VERIFY, TOKEN = "test-app-secret", "test-verify-token", "test-graph-token"
CITIZEN = "919812340801"


def whatsapp_settings(api: GraphApi) -> dict:
    """WhatsApp pointed at the Graph API stand-in."""
    return {
        "WHATSAPP_API_BASE": api.base,
        "WHATSAPP_TOKEN": TOKEN,
        "WHATSAPP_PHONE_NUMBER_ID": "106540352242922",
        "WHATSAPP_APP_SECRET": SECRET,
        "WHATSAPP_VERIFY_TOKEN": VERIFY,
    }


class Phone:
    """A citizen's WhatsApp: each message goes to our webhook as Meta posts it, signed."""

    def __init__(self, app, wa_id=CITIZEN, name="Sunita"):
        self.client, self.wa_id, self.name, self.count = app.test_client(), wa_id, name, 0

    def send(self, message: dict, message_id: str | None = None, secret: str = SECRET):
        self.count += 1
        message = {
            "from": self.wa_id,
            "id": message_id or f"wamid.{uuid.uuid4().hex}",
            "timestamp": "1749416383",
            **message,
        }
        value = {
            "messaging_product": "whatsapp",
            "metadata": {
                "display_phone_number": "15550783881",
                "phone_number_id": "106540352242922",
            },
            "contacts": [{"profile": {"name": self.name}, "wa_id": self.wa_id}],
            "messages": [message],
        }
        payload = {
            "object": "whatsapp_business_account",
            "entry": [{"id": "WABA", "changes": [{"field": "messages", "value": value}]}],
        }
        raw = json.dumps(payload).encode()
        signature = "sha256=" + hmac.new(secret.encode(), raw, hashlib.sha256).hexdigest()
        return self.client.post(
            "/webhooks/whatsapp",
            data=raw,
            headers={"X-Hub-Signature-256": signature, "Content-Type": "application/json"},
        )

    def text(self, body: str, **kwargs):
        return self.send({"type": "text", "text": {"body": body}}, **kwargs)


def jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (20, 120, 200)).save(out, "JPEG")
    return out.getvalue()
