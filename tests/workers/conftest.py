"""Fixtures of the worker tests: an outbox with nothing waiting."""

import pytest

from app.extensions import db
from app.models.grievance.outbox import MessageStatus, OutboundMessage


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
