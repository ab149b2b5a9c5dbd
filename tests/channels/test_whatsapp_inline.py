"""The conversation step inside the webhook's request (INBOUND_INLINE): the message, the step
and the reply commit together and the reply's job is queued before Meta hears back; what cannot
be answered at once (a photo to fetch, a conversation another message holds, an earlier
message still waiting, an error) is stored unhandled and left to its RQ job. Real Redis, no
worker: the queue shows which jobs the webhook left."""

from datetime import timedelta

import pytest
from rq import Queue
from sqlalchemy import text

from app.core import jobs
from app.extensions import db
from app.models.channels import Conversation, InboundMessage, InboundStatus
from app.models.grievance.outbox import MessageStatus, OutboundMessage
from app.models.grievance.ticket import Ticket
from app.services.channels import chatbot, inbound
from app.services.grievance import outbox_gathering, outbox_sending
from tests.gateways import GraphApi, configured
from tests.whatsapp_helpers import TOKEN, Phone, jpeg, whatsapp_settings

ORIGINAL_ANSWER = chatbot.answer


@pytest.fixture()
def graph(app, private_redis):  # noqa: F811 - the fixture imported above
    api = GraphApi(TOKEN)
    with configured(app, **whatsapp_settings(api), INBOUND_INLINE=True):
        yield api
        with app.app_context():  # the replies' job, as a worker would: nothing left pending
            while gathered := outbox_gathering.take_gathered():
                outbox_sending.send_all(gathered)
    api.server.shutdown()


def queued(app) -> list[str]:
    with app.app_context():
        return Queue("default", connection=jobs.redis_connection()).job_ids


def messages_of(app, wa_id: str) -> list[InboundMessage]:
    with app.app_context():
        query = db.session.query(InboundMessage).filter_by(sender=wa_id)
        return query.order_by(InboundMessage.id).all()


def step_of(app, wa_id: str) -> str:
    with app.app_context():
        return db.session.query(Conversation).filter_by(address=wa_id).one().step


def test_the_step_and_its_reply_commit_in_the_webhook_request(app, graph):
    wa_id = "919812342201"
    answer = Phone(app, wa_id=wa_id).text("नाली जाम है")
    assert answer.status_code == 200 and answer.json == {"received": 1}
    (stored,) = messages_of(app, wa_id)
    assert stored.status == InboundStatus.handled and stored.conversation_id is not None
    assert step_of(app, wa_id) == "category"
    with app.app_context():
        (reply,) = db.session.query(OutboundMessage).filter_by(recipient=wa_id).all()
        assert reply.status == MessageStatus.pending and "1. नाली जाम" in reply.body
    # Only the replies' job is queued (no worker runs here): none for the message itself.
    assert queued(app) == [f"outbound-gathered-{reply.id}"]


def test_a_photo_to_fetch_leaves_the_confirmation_to_the_job(app, graph):
    wa_id = "919812342202"
    graph.media["MEDIA-22"] = jpeg()
    phone = Phone(app, wa_id=wa_id)
    phone.text("नाली जाम है")
    phone.text("1")
    phone.text("3")
    phone.send({"type": "image", "image": {"mime_type": "image/jpeg", "id": "MEDIA-22"}})
    phone.text("छोड़ें")
    assert step_of(app, wa_id) == "confirm"
    assert [m.status for m in messages_of(app, wa_id)] == [InboundStatus.handled] * 5
    queued_before = set(queued(app))

    assert phone.text("हाँ").json == {"received": 1}  # Meta hears back without the download
    confirm = messages_of(app, wa_id)[-1]
    assert confirm.status == InboundStatus.received and step_of(app, wa_id) == "confirm"
    assert set(queued(app)) - queued_before == {f"inbound-{confirm.id}"}

    with app.app_context():
        assert inbound.handle(confirm.id) == "ticket"  # the job, which may fetch the photo
        ticket = db.session.query(Ticket).join(Ticket.citizen).filter_by(whatsapp_id=wa_id).one()
        assert len(ticket.photos) == 1
        assert inbound.handle(confirm.id) == "skipped"  # a second run changes nothing


def test_a_conversation_held_by_another_message_is_left_to_the_job(app, graph):
    wa_id = "919812342203"
    phone = Phone(app, wa_id=wa_id)
    phone.text("नाली जाम है")
    with app.app_context(), db.engine.connect() as other:
        other.execute(  # another message's transaction holds the conversation
            text("SELECT id FROM conversation WHERE address = :a FOR UPDATE"), {"a": wa_id}
        )
        assert phone.text("1").status_code == 200  # no wait for the lock
        assert phone.text("3").status_code == 200  # behind it: also left to the job (order)
        other.rollback()
    first, choice, ward = messages_of(app, wa_id)
    assert first.status == InboundStatus.handled
    assert choice.status == ward.status == InboundStatus.received
    assert {f"inbound-{choice.id}", f"inbound-{ward.id}"} <= set(queued(app))
    assert step_of(app, wa_id) == "category"

    with app.app_context():  # the jobs, in their order
        assert inbound.handle(choice.id) == "answered"
        assert inbound.handle(ward.id) == "answered"
    assert step_of(app, wa_id) == "photo"
    assert phone.text("छोड़ें").json == {"received": 1}
    assert messages_of(app, wa_id)[-1].status == InboundStatus.handled  # inline again
    assert step_of(app, wa_id) == "confirm"


def test_a_failing_step_keeps_the_stored_message_for_the_job_and_changes_nothing(
    app, graph, monkeypatch
):
    wa_id = "919812342204"
    phone = Phone(app, wa_id=wa_id)
    phone.text("नाली जाम है")

    def broken(*args):
        raise RuntimeError("the engine failed")

    monkeypatch.setattr(chatbot, "answer", broken)
    answer = phone.text("1")
    assert answer.status_code == 200 and answer.json == {"received": 1}
    failed = messages_of(app, wa_id)[-1]
    assert failed.status == InboundStatus.received and failed.payload["text"]["body"] == "1"
    assert failed.conversation_id is None and step_of(app, wa_id) == "category"
    with app.app_context():
        assert db.session.query(OutboundMessage).filter_by(recipient=wa_id).count() == 1
    assert f"inbound-{failed.id}" in queued(app)

    monkeypatch.undo()
    with app.app_context():
        assert inbound.handle(failed.id) == "answered"  # the job's retry, once it works
    assert step_of(app, wa_id) == "ward"


def test_a_repeat_is_stored_and_answered_once(app, graph):
    wa_id = "919812342205"
    phone = Phone(app, wa_id=wa_id)
    assert phone.text("नाली जाम है", message_id="wamid.INLINE-REPEAT").json == {"received": 1}
    assert phone.text("नाली जाम है", message_id="wamid.INLINE-REPEAT").json == {"received": 0}
    assert len(messages_of(app, wa_id)) == 1
    with app.app_context():
        assert db.session.query(OutboundMessage).filter_by(recipient=wa_id).count() == 1


def test_a_message_no_job_can_handle_fails_after_the_relays_and_holds_nobody(
    app, graph, monkeypatch
):
    wa_id = "919812342209"
    phone = Phone(app, wa_id=wa_id)

    def broken(*args):
        raise RuntimeError("the engine failed")

    monkeypatch.setattr(chatbot, "answer", broken)
    phone.text("नाली जाम है")  # left to its job, which fails the same way
    monkeypatch.setattr(inbound, "RELAY_AFTER", timedelta(0))
    monkeypatch.setattr(inbound, "MAX_RELAYS", 2)
    with app.app_context():
        assert [inbound.relay(), inbound.relay()] == [1, 1]  # queued again, twice
        assert inbound.relay() == 0  # then given up
    (poison,) = messages_of(app, wa_id)
    assert poison.status == InboundStatus.failed and poison.attempts == 2

    monkeypatch.setattr(chatbot, "answer", ORIGINAL_ANSWER)
    assert phone.text("सड़क पर गड्ढा है").json == {"received": 1}
    assert messages_of(app, wa_id)[-1].status == InboundStatus.handled  # not held behind it
    assert step_of(app, wa_id) == "category"
