"""Notifications through real Redis and the real worker: Redis down during intake, a worker
killed mid-send; every message still arrives exactly once."""

import time
from datetime import timedelta

from app.extensions import db
from app.models.grievance.outbox import MessageStatus, OutboundMessage
from app.services.grievance import claims, outbox
from tests.conftest import api_headers
from tests.fault_helpers import kill_worker_and_horse, run_worker
from tests.grievance_helpers import category_id


def create(app, phone):
    with app.app_context():
        drain = category_id("DRAIN")
    answer = app.test_client().post(
        "/api/v1/ticket/",
        headers=api_headers(app, "clerk_water"),
        json={"category": drain, "description": "Drain blocked", "phone": phone, "language": "hi"},
    )
    assert answer.status_code == 201, answer.text
    return answer.json["id"]


def message_of(app, ticket_id):
    with app.app_context():
        return db.session.query(OutboundMessage).filter_by(ticket_id=ticket_id).one()


def test_a_worker_sends_what_intake_queued(app, gateways, private_redis):
    sms, _ = gateways
    ticket_id = create(app, "+919833300001")
    assert message_of(app, ticket_id).status == MessageStatus.pending
    run_worker(private_redis, sms.url)
    assert message_of(app, ticket_id).status == MessageStatus.sent
    assert [m["to"] for m in sms.received] == ["+919833300001"]


def test_redis_down_intake_answers_and_everything_is_delivered_once_later(
    app, gateways, private_redis, monkeypatch, quiet_outbox
):
    sms, _ = gateways
    private_redis.stop()
    ticket_ids = [create(app, f"+91983330001{n}") for n in range(3)]  # intake still answers
    assert {message_of(app, t).status for t in ticket_ids} == {MessageStatus.pending}
    private_redis.start()
    monkeypatch.setattr(outbox, "RELAY_AFTER", timedelta(0))
    with app.app_context():
        assert outbox.relay() == 3
        outbox.relay()  # relaying twice must not send twice
    run_worker(private_redis, sms.url)
    with app.app_context():
        outbox.relay()
    run_worker(private_redis, sms.url)
    assert {message_of(app, t).status for t in ticket_ids} == {MessageStatus.sent}
    assert sorted(m["to"] for m in sms.received) == [f"+91983330001{n}" for n in range(3)]


def test_a_worker_killed_mid_send_still_delivers_once(
    app, gateways, private_redis, monkeypatch, quiet_outbox
):
    sms, _ = gateways
    sms.holding = True  # the provider takes the message but the answer never comes back
    ticket_id = create(app, "+919833300021")
    worker = run_worker(private_redis, sms.url, background=True)
    sms.wait_for(1)
    assert len(sms.received) == 1
    kill_worker_and_horse(worker)
    sms.holding = False
    sms.hold.set()
    assert message_of(app, ticket_id).status == MessageStatus.sending
    monkeypatch.setattr(outbox, "LEASE", timedelta(0))
    with app.app_context():
        assert outbox.relay() == 1
    run_worker(private_redis, sms.url)
    assert message_of(app, ticket_id).status == MessageStatus.sent
    assert len(sms.delivered()) == 1  # resent with the same id; the gateway accepts it once


def test_a_killed_workers_message_goes_out_again_once_its_death_is_noticed(
    app, gateways, private_redis, quiet_outbox
):
    """No 5-minute lease to wait: the worker stops showing it is alive, the relay takes its
    message back within seconds, and the gateway gets it again under the same message id."""
    sms, _ = gateways
    sms.holding = True
    ticket_id = create(app, "+919833300031")
    worker = run_worker(private_redis, sms.url, background=True)
    sms.wait_for(1)
    kill_worker_and_horse(worker)
    sms.holding = False
    sms.hold.set()
    assert message_of(app, ticket_id).status == MessageStatus.sending
    killed, relayed = time.monotonic(), 0
    with app.app_context():
        while not relayed and time.monotonic() - killed < 60:
            relayed = outbox.relay()
            time.sleep(0.5)
    assert relayed == 1
    assert time.monotonic() - killed < claims.ALIVE_FOR + 10  # seconds, not outbox.LEASE
    run_worker(private_redis, sms.url)
    message = message_of(app, ticket_id)
    assert message.status == MessageStatus.sent
    assert [m["id"] for m in sms.received] == [str(message.id)] * 2  # the same id both times
    assert len(sms.delivered()) == 1
