"""A bill run started on screen is billed by the real worker on real Redis, and every citizen
with a mobile gets their pay link by SMS."""

from datetime import date, timedelta

from tests.conftest import csrf_token, login
from tests.fault_helpers import run_worker
from tests.payment_helpers import ward_with_citizens


def test_the_counter_bills_a_ward_and_the_worker_sends_every_link(app, gateways, private_redis):  # noqa: F811
    sms, _ = gateways
    with app.app_context():
        ward = ward_with_citizens(9, without_phone=2)
        ward_id, phones = ward.id, {f"+9198{ward.number:03d}{n:05d}" for n in range(7)}
    counter = login(app, "counter")
    token = csrf_token(counter, "/billrunview/add")
    started = counter.post(
        "/billrunview/add",
        data={
            "csrf_token": token,
            "purpose": "trade_licence",
            "ward_id": ward_id,
            "amount": "750",
            "note": "Trade licence 2026-27",
            "pay_by": (date.today() + timedelta(days=30)).isoformat(),
        },
    )
    assert started.status_code == 302, started.text
    page = counter.get(started.headers["Location"]).text
    assert "Billed 0 of 9 citizens" in page and "Waiting for a worker" in page
    progress = started.headers["Location"].replace("/show/", "/progress/")
    run_worker(private_redis, sms.url)  # bills the ward and queues the links
    run_worker(private_redis, sms.url)  # sends them
    assert counter.get(progress).json == {
        "status": "done",
        "status_label": "Done",
        "billed": 9,
        "total": 9,
    }
    assert {message["to"] for message in sms.received} == phones
    assert all("/pay/PAY" in message["text"] for message in sms.received)
