"""Every public step reaches the citizen on their channel, in their language, once."""

import json
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest

from app.extensions import db
from app.models.grievance.outbox import MessageStatus, OutboundMessage
from app.services.grievance import outbox, outbox_sending, tickets
from app.services.grievance.gateways import SendFailed
from tests.grievance_helpers import new_ticket


def messages(ticket_id):
    return (
        db.session.query(OutboundMessage)
        .filter_by(ticket_id=ticket_id)
        .order_by(OutboundMessage.id)
        .all()
    )


def test_intake_sends_the_tracking_number_by_sms_in_the_citizens_language(
    app_ctx, gateways, inline_jobs
):
    sms, _ = gateways
    ticket = new_ticket("DRAIN", ward=3, phone="+919822200001", language="hi")
    assert len(sms.received) == 1
    received = sms.received[0]
    assert received["to"] == "+919822200001"
    assert ticket.tracking_no in received["text"]
    assert "जल एवं जल निकासी" in received["text"]  # the department, named in Hindi
    assert f"/track/{ticket.tracking_no}" in received["text"]
    assert [m.status for m in messages(ticket.id)] == [MessageStatus.sent]


def test_a_language_the_deployment_does_not_speak_falls_back_to_english(
    app_ctx, gateways, inline_jobs
):
    sms, _ = gateways
    # Roads has no officer: this ticket adds to no officer's SLA warnings in other tests
    ticket = new_ticket("POTHOLE", ward=3, phone="+919822200009", language="xx")
    assert ticket.citizen.language == "en"
    assert ticket.tracking_no in sms.received[0]["text"]
    assert "Roads" in sms.received[0]["text"]  # the department, named in English
    assert outbox.render("zz-invalid", "Your complaint") == "Your complaint"


def test_email_citizens_hear_back_by_email(app_ctx, gateways, inline_jobs):
    _, mail = gateways
    ticket = tickets.create_ticket(
        category_id=new_ticket().category_id,
        description="নালা বন্ধ",
        contact={"email": "Rahim@Example.org"},
        channel="email",
        language="bn",
    )
    assert len(mail.messages) == 1
    letter = mail.messages[0]
    assert letter["To"] == "rahim@example.org"
    assert ticket.tracking_no in letter["Subject"]
    assert "পানি ও পয়ঃনিষ্কাশন" in letter.get_body().get_content()  # Bengali department name


def test_public_steps_message_the_citizen_internal_notes_do_not(app_ctx, gateways, inline_jobs):
    sms, _ = gateways
    ticket = new_ticket(phone="+919822200002", language="fa")
    tickets.add_note(ticket, "check pump first", public=False)
    tickets.transition(ticket, "in_progress")
    tickets.add_note(ticket, "Team arrives at 4 pm", public=True)
    tickets.transition(ticket, "resolved")
    texts = [m["text"] for m in sms.received]
    assert len(texts) == 4  # registered, work started, the public note, resolved
    assert "check pump" not in " ".join(texts)
    assert "Team arrives at 4 pm" in texts[2]
    assert all(ticket.tracking_no in t for t in texts)


def test_without_a_configured_channel_the_message_is_kept_as_undeliverable(app_ctx, inline_jobs):
    saved = app_ctx.config.get("NOTIFY_SMS_URL")
    app_ctx.config["NOTIFY_SMS_URL"] = None
    try:
        ticket = new_ticket(phone="+919822200003")
    finally:
        app_ctx.config["NOTIFY_SMS_URL"] = saved
    (message,) = messages(ticket.id)
    assert message.status == MessageStatus.undeliverable
    assert message.last_error == "undeliverable: channel not configured"


def test_a_refusing_gateway_fails_softly_and_the_relay_delivers_once(
    app_ctx, gateways, inline_jobs, monkeypatch
):
    sms, _ = gateways
    sms.fail_next = 1
    ticket = new_ticket(phone="+919822200004")  # intake still answers
    (message,) = messages(ticket.id)
    assert message.status == MessageStatus.failed
    assert "503" in message.last_error or "JSON: FAILURE" in message.last_error
    monkeypatch.setattr(outbox, "RELAY_AFTER", timedelta(0))
    outbox.relay()
    outbox.relay()
    db.session.refresh(message)
    assert message.status == MessageStatus.sent and message.attempts == 2
    # The relay also sends other tests' leftovers; this citizen got exactly one SMS.
    assert [m["to"] for m in sms.received].count("+919822200004") == 1


def test_the_same_event_never_produces_two_messages(app_ctx, gateways, inline_jobs):
    ticket = new_ticket(phone="+919822200005")
    (message,) = messages(ticket.id)
    assert outbox_sending.send(message.id) == "skipped"
    duplicate = OutboundMessage(
        ticket_id=ticket.id,
        event_key=message.event_key,
        channel=message.channel,
        language="en",
        body="again",
    )
    db.session.add(duplicate)
    try:
        db.session.commit()
        raised = False
    except Exception:  # noqa: BLE001 - the unique constraint is the point
        db.session.rollback()
        raised = True
    assert raised


def test_a_job_of_several_messages_sends_the_rest_when_one_fails_and_its_retry_only_that_one(
    app_ctx, gateways
):
    sms, _ = gateways
    ids = []
    for n in range(3):
        message = outbox.queue_to(None, "sms", f"+91981234090{n}", "en", f"batch-{n}", f"Hello {n}")
        db.session.commit()
        ids.append(message.id)
    sms.fail_next = 1  # the provider refuses the first message to arrive (they go at once)
    with pytest.raises(SendFailed, match="1 of 3 messages failed") as raised:
        outbox_sending.send_all(ids)  # the job fails, so RQ retries it
    (refused,) = json.loads(str(raised.value).rsplit(": ", 1)[1])  # "...failed: [id]"
    delivered = sorted(m["to"] for m in sms.received)
    assert len(delivered) == 2 and f"+91981234090{ids.index(refused)}" not in delivered
    retried = {i: ("sent" if i == refused else "skipped") for i in ids}
    assert outbox_sending.send_all(ids) == retried
    assert sorted(m["to"] for m in sms.received) == [f"+91981234090{n}" for n in range(3)]


def test_a_slow_provider_does_not_hold_the_rest_of_a_batch(app, gateways):
    sms, _ = gateways
    with app.app_context():
        ids = []
        for n in range(3):
            message = outbox.queue_to(None, "sms", f"+91981234091{n}", "en", f"slow-{n}", "Hi")
            db.session.commit()
            ids.append(message.id)
    sms.holding = True  # the provider keeps each request open until released

    def job():
        with app.app_context():
            return outbox_sending.send_all(ids)

    with ThreadPoolExecutor(1) as worker:
        outcome = worker.submit(job)
        sms.wait_for(3)
        in_flight = len(sms.received)  # all three reached the provider while none was answered
        sms.hold.set()
        assert outcome.result(timeout=30) == {i: "sent" for i in ids}
    assert in_flight == 3
