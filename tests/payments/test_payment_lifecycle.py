"""A payment request's life: the pay link by SMS, tampering, expiry, cancellation, cash,
refunds, and the history that records each step."""

from datetime import timedelta

import pytest

from app.core import dates
from app.core.clock import utc_now
from app.extensions import db
from app.models.base import StaffUser
from app.models.payments import PaymentMethod, PaymentStatus
from app.services.payments import requests as payment_requests
from app.services.payments import settlement
from app.services.payments.errors import BadPayBy, NotPending, RefundBySupervisor
from tests.payment_helpers import scan, uri_fields


def today():
    """The deployment's day (India is a day ahead of UTC from 18:30 UTC): pay-by dates are local."""
    return dates.local_day(utc_now())


def user(name: str) -> StaffUser:
    return db.session.query(StaffUser).filter_by(username=name).one()


def request(**fields):
    defaults = {"purpose": "holding_tax", "amount": "1499.50", "note": "Holding tax H.No 4/7"}
    return payment_requests.create(**{**defaults, **fields}, actor=user("counter"))


def history(payment) -> list[str]:
    db.session.refresh(payment)
    return [event.kind for event in payment.events]


def test_the_payer_gets_the_pay_link_by_sms_in_their_language(app_ctx, gateways, inline_jobs):
    sms, _ = gateways
    payment = request(
        payer_name="रवि", payer_mobile="98123 40701", payer_language="hi", pay_by_day=today()
    )
    assert payment.payer_mobile == "+919812340701"
    [message] = sms.received
    assert message["to"] == "+919812340701"
    assert "गृह कर" in message["text"] and "₹1499.50" in message["text"]  # Holding tax
    assert f"/pay/{payment.ref}" in message["text"]
    assert history(payment) == ["requested", "link_sent"]
    page = app_ctx.test_client().get(f"/pay/{payment.ref}?lang=hi").text
    assert "गृह कर" in page and "1499.50" in page


def test_a_pay_by_date_in_the_past_is_refused(app_ctx):
    with pytest.raises(BadPayBy):
        request(pay_by_day=today() - timedelta(days=2))


def test_an_amount_changed_in_the_address_changes_nothing(app_ctx):
    payment = request(amount="820")
    client = app_ctx.test_client()
    page = client.get(f"/pay/{payment.ref}?am=1.00&amount=1.00&pa=thief@upi").text
    assert "820.00" in page and "1.00" not in page.replace("820.00", "")
    png = client.get(f"/pay/{payment.ref}/qr.png?am=1.00&pa=thief@upi").data
    fields = uri_fields(scan(png))
    assert fields["am"] == "820.00" and fields["pa"] == "janseva.demo@upi"


def test_a_callback_changed_in_transit_is_refused_and_another_amount_never_pays(app_ctx, provider):
    payment = request(amount="820")
    notice = {"ref": payment.ref, "utr": "912345678901", "amount": "1.00", "status": "SUCCESS"}
    signed = provider(notice)
    assert signed.json["status"] == "mismatch"  # the payer edited the amount in their app
    db.session.refresh(payment)
    assert payment.status == PaymentStatus.mismatch and payment.paid_at is not None
    page = app_ctx.test_client().get(f"/pay/{payment.ref}").text
    assert "does not match this request" in page and "Receipt" not in page
    assert history(payment) == ["requested", "mismatch"]

    other = request(amount="820")
    body = {"ref": other.ref, "utr": "912345678902", "amount": "820.00", "status": "SUCCESS"}
    forged = provider(body, secret="not-the-secret")
    assert forged.status_code == 403
    db.session.refresh(other)
    assert other.status == PaymentStatus.pending and history(other) == ["requested"]


def test_an_expired_request_cannot_be_paid(app_ctx, provider, monkeypatch):
    payment = request(pay_by_day=today())
    later = utc_now() + timedelta(days=2)
    monkeypatch.setattr(settlement, "utc_now", lambda: later)
    client = app_ctx.test_client()
    assert client.get(f"/pay/{payment.ref}/status.json").json == {"status": "expired"}
    assert client.get(f"/pay/{payment.ref}/qr.png").status_code == 410
    assert "has expired" in client.get(f"/pay/{payment.ref}").text
    with pytest.raises(NotPending, match="Expired"):
        settlement.reconcile(payment, "912345678911", user("counter"))
    db.session.rollback()
    assert settlement.expire_due() >= 1
    db.session.refresh(payment)
    assert payment.status == PaymentStatus.expired
    late = {"ref": payment.ref, "utr": "912345678912", "amount": "1499.50", "status": "SUCCESS"}
    assert provider(late).json["status"] == "mismatch"  # money after expiry: kept apart
    assert history(payment) == ["requested", "expired", "mismatch"]


def test_cancelled_then_refunded_only_by_a_supervisor(app_ctx, provider):
    payment = request()
    settlement.cancel(payment, user("counter"))
    assert "was cancelled" in app_ctx.test_client().get(f"/pay/{payment.ref}").text
    with pytest.raises(NotPending):
        settlement.record_cash(payment, user("counter"))
    db.session.rollback()
    late = {"ref": payment.ref, "utr": "912345678921", "amount": "1499.50", "status": "SUCCESS"}
    assert provider(late).json["status"] == "mismatch"
    with pytest.raises(RefundBySupervisor):
        settlement.refund(payment, user("counter"), "NEFT back")
    db.session.rollback()
    settlement.refund(payment, user("supervisor"), "NEFT back to the payer, 24 Nov")
    assert history(payment) == ["requested", "cancelled", "mismatch", "refunded"]
    assert payment.events[-1].data["note"].startswith("NEFT back")


def test_cash_at_the_counter_settles_and_a_second_payment_is_recorded_for_refund(app_ctx, provider):
    payment = request(amount="300")
    settlement.record_cash(payment, user("counter"))
    assert payment.status == PaymentStatus.paid and payment.method == PaymentMethod.cash
    twice = {"ref": payment.ref, "utr": "912345678931", "amount": "300.00", "status": "SUCCESS"}
    assert provider(twice).json["status"] == "paid"
    assert provider(twice).json["status"] == "paid"  # told twice: recorded once
    assert history(payment) == ["requested", "paid", "paid_again"]
    assert payment.events[1].actor.username == "counter"
