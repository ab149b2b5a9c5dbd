"""`/pay/<ref>`: the citizen's pay page with the UPI QR code (`qr.svg`, `qr.png`), and the
payment provider's signed callback `POST /webhooks/upi`."""

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import lazy_gettext as _l

from app.core import shapes
from app.core.dates import local_decimal
from app.core.errors import JanSevaError
from app.extensions import csrf, db
from app.models.payments import Payment, PaymentStatus
from app.services.payments import receipts, requests, settlement, upi
from app.services.payments.texts import purpose_label

bp = Blueprint("pay", __name__)
CLOSED_TEXTS = {  # what the pay page says of a request that can no longer be paid
    PaymentStatus.expired: _l(
        "This payment request has expired. Please ask the office for a new one."
    ),
    PaymentStatus.cancelled: _l("This payment request was cancelled."),
    PaymentStatus.refunded: _l("This payment was refunded."),
    PaymentStatus.mismatch: _l(
        "A payment arrived that does not match this request. The office will contact you; "
        "please do not pay again."
    ),
}
csrf.exempt(bp)  # the only POST here is the provider's callback, signed with HMAC


PORTAL_TILE = "payments/portal_tile.html"  # "pay a fee or bill" on the portal's start page


@bp.route("/pay")
def find():
    """The citizen types the reference of a request (PAY… or COD…) and goes to its pay page."""
    reference = (request.args.get("ref") or "").strip().upper()
    if not reference:
        return render_template("payments/find.html", value=reference)
    return redirect(url_for("pay.pay", ref=reference))


def _payment(ref: str) -> Payment:
    payment = db.session.query(Payment).filter_by(ref=ref).one_or_none()
    if payment is None:
        abort(404)
    return payment


@bp.route("/pay/<ref>")
def pay(ref: str):
    """Open: the QR code and the button; paid: the receipt; otherwise why it cannot be paid.
    Only the reference comes from the address: amount and payee always come from the request."""
    payment = _payment(ref)
    return render_template(
        "payments/pay.html",
        payment=payment,
        amount=local_decimal(payment.amount),
        paid=payment.status == PaymentStatus.paid,
        open=settlement.is_open(payment),
        closed=CLOSED_TEXTS.get(settlement.current_status(payment)),
        pay_by=requests.pay_by(payment),
        purpose=purpose_label(payment.purpose),
        payee=current_app.config["UPI_PAYEE_NAME"],
        uri=requests.uri(payment),
    )


@bp.route("/pay/<ref>/status.json")
def status(ref: str):
    """What the open pay page polls until the payment is settled."""
    payment = _payment(ref)
    response = jsonify(status=settlement.current_status(payment).value)
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/pay/<ref>/qr.svg")
def qr_svg(ref: str):
    return _image(upi.qr_svg(requests.uri(_open_payment(ref))), "image/svg+xml")


@bp.route("/pay/<ref>/qr.png")
def qr_png(ref: str):
    return _image(upi.qr_png(requests.uri(_open_payment(ref))), "image/png")


def _open_payment(ref: str) -> Payment:
    """A code is drawn only for a request that can still be paid (410 Gone otherwise)."""
    payment = _payment(ref)
    if not settlement.is_open(payment):
        abort(410)
    return payment


def _image(data: bytes, mimetype: str) -> Response:
    """The code of a request never changes: a browser that has it gets 304."""
    response = Response(data, mimetype=mimetype, headers={"Cache-Control": "max-age=86400"})
    response.add_etag()
    return response.make_conditional(request)


@bp.route("/webhooks/upi", methods=["POST"])
def upi_callback():
    try:
        receipts.verify_signature(request.get_data(), request.headers.get("X-Signature"))
        notice = shapes.check(request.get_json(force=True, silent=True), upi.NOTICE)
        payment = receipts.record_notice(notice)
    except JanSevaError as error:
        db.session.rollback()
        return jsonify(message=str(error)), error.status
    return jsonify(ref=payment.ref, status=payment.status.value)
