"""Chat providers' webhooks: check the signature over the raw body, then the body's shape (each
provider's SHAPE), store each message once and answer at once; a job runs the conversation
(app/services/inbound.py)."""

from flask import Blueprint, Response, abort, current_app, jsonify, request

from app.core import shapes
from app.extensions import csrf
from app.services.channels import inbound
from app.services.channels.providers import mail as mail_intake
from app.services.channels.providers import messenger, telegram, twilio_sms, whatsapp

bp = Blueprint("webhooks", __name__)
csrf.exempt(bp)  # providers sign their calls instead


@bp.route("/webhooks/whatsapp", methods=["GET"])
def whatsapp_handshake():
    return _meta_handshake(whatsapp)


@bp.route("/webhooks/whatsapp", methods=["POST"])
def whatsapp_messages():
    payload = _meta_payload(whatsapp)
    new = inbound.receive("whatsapp", whatsapp.messages(payload))
    inbound.record_statuses(whatsapp.statuses(payload))
    return jsonify(received=len(new))


@bp.route("/webhooks/messenger", methods=["GET"])
def messenger_handshake():
    return _meta_handshake(messenger)


@bp.route("/webhooks/messenger", methods=["POST"])
def messenger_messages():
    new = inbound.receive("messenger", messenger.messages(_meta_payload(messenger)))
    return jsonify(received=len(new))


@bp.route("/webhooks/telegram", methods=["POST"])
def telegram_updates():
    if not telegram.verify_secret(request.headers.get("X-Telegram-Bot-Api-Secret-Token")):
        abort(403)
    new = inbound.receive("telegram", telegram.messages(_json_object(telegram)))
    return jsonify(received=len(new))


@bp.route("/webhooks/sms/twilio", methods=["POST"])
def twilio_sms_messages():
    url = current_app.config["PUBLIC_BASE_URL"].rstrip("/") + request.full_path.rstrip("?")
    if not twilio_sms.verify_signature(
        url, request.form, request.headers.get("X-Twilio-Signature")
    ):
        abort(403)
    form = shapes.check(request.form.to_dict(), twilio_sms.SHAPE, "form")
    inbound.receive("sms", twilio_sms.messages(form))
    # Replies go through the outbox's SMS channel, so the TwiML answer says nothing itself.
    return Response('<?xml version="1.0" encoding="UTF-8"?><Response/>', mimetype="text/xml")


@bp.route("/webhooks/email", methods=["POST"])
def email_messages():
    """A mail provider posting each inbound message as raw MIME (message/rfc822)."""
    raw = request.get_data()
    if not mail_intake.verify_signature(raw, request.headers.get("X-Signature")):
        abort(403)
    new = inbound.receive("email", mail_intake.messages(raw))
    return jsonify(received=len(new))


def _meta_handshake(provider):
    """Meta's subscription check: the bare hub.challenge back when the verify token matches."""
    if not provider.handshake(request.args.get("hub.mode"), request.args.get("hub.verify_token")):
        abort(403)
    return Response(request.args.get("hub.challenge", ""), mimetype="text/plain")


def _meta_payload(provider) -> dict:
    if not provider.verify_signature(
        request.get_data(), request.headers.get("X-Hub-Signature-256")
    ):
        abort(403)
    return _json_object(provider)


def _json_object(provider) -> dict:
    """The body as the provider's SHAPE says it is, or a 400 naming where it is not."""
    return shapes.check(request.get_json(force=True, silent=True), provider.SHAPE)
