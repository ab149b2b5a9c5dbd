"""Fixtures of the worker tests: a Redis of the test's own, an outbox with nothing waiting."""

import pytest

from app.extensions import db
from app.models.messaging import MessageStatus, OutboundMessage
from tests.fault_helpers import PrivateRedis


@pytest.fixture()
def private_redis(app, redis_url):
    server = PrivateRedis()
    server.start()
    saved = app.config["REDIS_URL"]
    app.config["REDIS_URL"] = server.url
    yield server
    app.config["REDIS_URL"] = saved
    if server.process.poll() is None:
        server.stop()


@pytest.fixture()
def quiet_outbox(app):
    """Nothing else waits in the outbox: what earlier tests left pending (their tickets' SMS,
    queued where no worker ran) would be relayed and sent along with this test's."""
    waiting = [MessageStatus.pending, MessageStatus.sending, MessageStatus.failed]
    with app.app_context():
        db.session.query(OutboundMessage).filter(OutboundMessage.status.in_(waiting)).update(
            {"status": MessageStatus.undeliverable, "last_error": "left by an earlier test"},
            synchronize_session=False,
        )
        db.session.commit()
