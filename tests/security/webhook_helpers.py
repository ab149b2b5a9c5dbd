"""Signed calls to every provider's webhook as the provider makes them, and a count of every
table's rows, for tests that send bodies of every shape and check that a refusal changes
nothing."""

import hashlib
import hmac
import json
from contextlib import contextmanager
from functools import cache

from sqlalchemy import func, select
from twilio.request_validator import RequestValidator

from app.extensions import db
from tests.gateways import configured

SECRET = "fuzz-secret"
CLOSED = "http://127.0.0.1:9"  # provider APIs: nothing listens, a download fails at once
SETTINGS = {
    "WHATSAPP_APP_SECRET": SECRET,
    "MESSENGER_APP_SECRET": SECRET,
    "TELEGRAM_SECRET_TOKEN": SECRET,
    "TWILIO_AUTH_TOKEN": SECRET,
    "UPI_WEBHOOK_SECRET": SECRET,
    "WHATSAPP_API_BASE": CLOSED,
    "MESSENGER_API_BASE": CLOSED,
    "TELEGRAM_API_BASE": CLOSED,
}


def raw(body) -> bytes:
    return body if isinstance(body, bytes) else json.dumps(body).encode()


def hex_hmac(data: bytes) -> str:
    return hmac.new(SECRET.encode(), data, hashlib.sha256).hexdigest()


def post_meta(client, path: str, body, content_type="application/json"):
    data = raw(body)
    headers = {"X-Hub-Signature-256": "sha256=" + hex_hmac(data), "Content-Type": content_type}
    return client.post(path, data=data, headers=headers)


def post_whatsapp(client, body, **kwargs):
    return post_meta(client, "/webhooks/whatsapp", body, **kwargs)


def post_messenger(client, body, **kwargs):
    return post_meta(client, "/webhooks/messenger", body, **kwargs)


def post_telegram(client, body, content_type="application/json"):
    headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET, "Content-Type": content_type}
    return client.post("/webhooks/telegram", data=raw(body), headers=headers)


def post_upi(client, body, content_type="application/json"):
    data = raw(body)
    headers = {"X-Signature": hex_hmac(data), "Content-Type": content_type}
    return client.post("/webhooks/upi", data=data, headers=headers)


def post_twilio(app, client, form: dict):
    url = app.config["PUBLIC_BASE_URL"].rstrip("/") + "/webhooks/sms/twilio"
    signature = RequestValidator(SECRET).compute_signature(url, form)
    return client.post("/webhooks/sms/twilio", data=form, headers={"X-Twilio-Signature": signature})


@contextmanager
def providers(app):
    """Every webhook's secret set; errors answered as a server would (a 500, not a raise)."""
    saved = app.config.get("PROPAGATE_EXCEPTIONS")
    app.config["PROPAGATE_EXCEPTIONS"] = False
    try:
        with configured(app, **SETTINGS):
            yield
    finally:
        app.config["PROPAGATE_EXCEPTIONS"] = saved


def row_counts() -> dict:
    """{table: rows} of every table, in one statement."""
    names, statement = _count_statement()
    values = db.session.execute(statement).one()
    db.session.rollback()  # end the read: the next count sees what others committed since
    return dict(zip(names, values, strict=True))


@cache
def _count_statement():
    """Built once: composing a 40-table statement costs more than running it."""
    tables = db.Model.metadata.sorted_tables
    counts = [select(func.count()).select_from(t).scalar_subquery() for t in tables]
    return [t.name for t in tables], select(*counts)


def changed(before: dict, after: dict) -> dict:
    return {name: (before[name], after[name]) for name in before if before[name] != after[name]}
