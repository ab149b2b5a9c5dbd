"""Chat providers' webhooks: check the signature over the raw body, store each message once and
answer at once; a job runs the conversation (app/services/inbound.py)."""

from flask import Blueprint, Response, abort, jsonify, request

from app.extensions import csrf
from app.services import inbound, whatsapp

bp = Blueprint("webhooks", __name__)
csrf.exempt(bp)  # providers sign their calls instead


@bp.route("/webhooks/whatsapp", methods=["GET"])
def whatsapp_handshake():
    """Meta's subscription check: the bare hub.challenge back when the verify token matches."""
    if not whatsapp.handshake(request.args.get("hub.mode"), request.args.get("hub.verify_token")):
        abort(403)
    return Response(request.args.get("hub.challenge", ""), mimetype="text/plain")


@bp.route("/webhooks/whatsapp", methods=["POST"])
def whatsapp_messages():
    raw = request.get_data()
    if not whatsapp.verify_signature(raw, request.headers.get("X-Hub-Signature-256")):
        abort(403)
    payload = request.get_json(force=True, silent=True)
    if not isinstance(payload, dict):
        abort(400)
    new = inbound.receive("whatsapp", whatsapp.messages(payload))
    inbound.record_statuses(whatsapp.statuses(payload))
    return jsonify(received=len(new))
