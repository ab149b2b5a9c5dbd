"""The WhatsApp chatbot through real Redis and the real worker (`python -m workers`): a signed
webhook is stored and answered at once, the conversation step runs in the webhook (or, with
INBOUND_INLINE off, in the worker) and the worker's replies reach the Graph API stand-in; with
Redis down during intake the message (or its reply) waits and a relay brings exactly one
answer."""

import os
import subprocess
import sys
import time
from datetime import timedelta

import pytest

from app.extensions import db
from app.models.channels import InboundMessage, InboundStatus
from app.models.grievance.outbox import MessageStatus, OutboundMessage
from app.models.grievance.ticket import Ticket
from app.services.channels import inbound
from app.services.grievance import outbox
from tests.fault_helpers import ROOT
from tests.gateways import GraphApi
from tests.whatsapp_helpers import SECRET, TOKEN, VERIFY, Phone

PHONE_NUMBER_ID = "106540352242922"
REPLY_WAIT = 60  # seconds: the worker's start-up (one app) plus a job


@pytest.fixture()
def graph(app, private_redis):  # noqa: F811 - the fixture imported above
    """The Graph API stand-in, and WhatsApp configured for this process and the worker's."""
    api = GraphApi(TOKEN)
    settings = {
        "WHATSAPP_API_BASE": api.base,
        "WHATSAPP_TOKEN": TOKEN,
        "WHATSAPP_PHONE_NUMBER_ID": PHONE_NUMBER_ID,
        "WHATSAPP_APP_SECRET": SECRET,
        "WHATSAPP_VERIFY_TOKEN": VERIFY,
    }
    saved = {key: app.config.get(key) for key in settings}
    app.config.update(settings)
    yield api
    app.config.update(saved)
    api.server.shutdown()


def worker_env(redis, graph) -> dict:
    """The worker reads its settings from the environment, as in production."""
    return {
        **os.environ,
        "REDIS_URL": redis.url,
        "WHATSAPP_API_BASE": graph.base,
        "WHATSAPP_TOKEN": TOKEN,
        "WHATSAPP_PHONE_NUMBER_ID": PHONE_NUMBER_ID,
        "WHATSAPP_APP_SECRET": SECRET,
    }


@pytest.fixture(params=[[], ["--no-fork"]], ids=["forked-horses", "no-fork"])
def worker(request, graph, private_redis, tmp_path):  # noqa: F811
    """A long-running worker with its scheduler and periodic jobs, stopped after the test; it
    forks a horse per job, or runs each job itself (--no-fork)."""
    log = tmp_path / "worker.log"
    with log.open("wb") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "workers", *request.param],
            cwd=ROOT,
            env=worker_env(private_redis, graph),
            start_new_session=True,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    process.log, process.forks = log, not request.param
    yield process
    process.terminate()  # warm shutdown: the job at hand finishes
    try:
        process.wait(30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(10)


def next_reply(graph, wa_id: str, seen: int, worker=None) -> str:
    """The citizen's next WhatsApp message, waited for until REPLY_WAIT runs out."""
    deadline = time.monotonic() + REPLY_WAIT
    while time.monotonic() < deadline:
        texts = graph.texts(wa_id)
        if len(texts) > seen:
            return texts[seen]
        if worker is not None and worker.poll() is not None:
            pytest.fail(f"the worker exited: {worker.log.read_text()[-2000:]}")
        time.sleep(0.05)
    pytest.fail(f"no reply #{seen + 1} to {wa_id} within {REPLY_WAIT} s: {graph.texts(wa_id)}")


@pytest.fixture(params=[True, False], ids=["inline", "jobs"])
def inline(request, app):
    """The conversation step in the webhook's request (the default), or always in a job."""
    saved = app.config["INBOUND_INLINE"]
    app.config["INBOUND_INLINE"] = request.param
    yield request.param
    app.config["INBOUND_INLINE"] = saved


def test_the_worker_runs_a_complaint_from_first_message_to_tracking_number(
    app, graph, worker, inline
):
    wa_id = f"9198123411{0 if worker.forks else 1}{4 if inline else 5}"
    phone = Phone(app, wa_id=wa_id, name="Kamla")
    replies = []

    def say(text: str) -> str:
        answer = phone.text(text)
        assert answer.status_code == 200 and answer.json == {"received": 1}
        replies.append(next_reply(graph, wa_id, len(replies), worker))
        return replies[-1]

    menu = say("नाली जाम है")
    assert "नाली जाम है" in menu and "1. नाली जाम" in menu  # the category menu, in Hindi
    assert "वार्ड" in say("1")  # "which ward?"
    assert "फ़ोटो" in say("3")  # "send a photo or skip"
    check = say("छोड़ें")
    assert "नाली जाम" in check and "विजय नगर" in check and "हाँ" in check
    registered = say("हाँ")

    with app.app_context():
        ticket = db.session.query(Ticket).join(Ticket.citizen).filter_by(whatsapp_id=wa_id).one()
        assert ticket.channel.value == "whatsapp" and ticket.category.code == "DRAIN"
        assert ticket.ward.number == 3 and ticket.citizen.language == "hi"
        tracking_no = ticket.tracking_no
        handled = db.session.query(InboundMessage).filter_by(sender=wa_id).all()
        assert {m.status for m in handled} == {InboundStatus.handled} and len(handled) == 5
    assert tracking_no in registered and "शिकायत" in registered  # on WhatsApp, in Hindi
    assert all(m["type"] == "text" for m in graph.sent)  # inside the 24-hour window


def run_burst_worker(private_redis, graph):  # noqa: F811
    done = subprocess.run(
        [sys.executable, "-m", "workers", "--burst"],
        cwd=ROOT,
        env=worker_env(private_redis, graph),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]


def complaint_while_redis_is_down(app, redis, wa_id) -> InboundMessage:
    """A citizen's first message arrives with Redis down: Meta still hears back, and the
    message is stored (returned as it is stored, Redis still down)."""
    phone = Phone(app, wa_id=wa_id, name="Rahim")
    redis.stop()
    answer = phone.text("नाली जाम है")
    assert answer.status_code == 200 and answer.json == {"received": 1}  # Meta hears back
    return db.session.query(InboundMessage).filter_by(sender=wa_id).one()


def test_redis_down_the_webhook_answers_and_the_outbox_relay_brings_one_reply(
    app,
    graph,
    private_redis,  # noqa: F811
    monkeypatch,
):
    wa_id = "919812341106"
    with app.app_context():
        stored = complaint_while_redis_is_down(app, private_redis, wa_id)
        assert stored.status == InboundStatus.handled  # the step needs no Redis
        (reply,) = db.session.query(OutboundMessage).filter_by(recipient=wa_id).all()
        assert reply.status == MessageStatus.pending  # its job could not be queued

    private_redis.start()
    monkeypatch.setattr(outbox, "RELAY_AFTER", timedelta(0))
    with app.app_context():
        assert inbound.relay() == 0  # the message itself is handled
        assert outbox.relay() >= 1  # (with any other pending message of the test database)
    run_burst_worker(private_redis, graph)

    (menu,) = graph.texts(wa_id)  # exactly one reply
    assert "नाली जाम है" in menu and "1. नाली जाम" in menu


def test_redis_down_the_webhook_stores_the_message_and_the_relay_brings_one_reply(
    app,
    graph,
    private_redis,  # noqa: F811
    monkeypatch,
):
    monkeypatch.setitem(app.config, "INBOUND_INLINE", False)
    wa_id = "919812341102"
    with app.app_context():
        stored = complaint_while_redis_is_down(app, private_redis, wa_id)
        assert stored.status == InboundStatus.received
        assert stored.payload["text"]["body"] == "नाली जाम है"

    private_redis.start()
    monkeypatch.setattr(inbound, "RELAY_AFTER", timedelta(0))
    with app.app_context():
        assert inbound.relay() == 1
        assert inbound.relay() == 1  # queued twice before any worker ran: still one reply
    run_burst_worker(private_redis, graph)

    (menu,) = graph.texts(wa_id)  # exactly one reply
    assert "नाली जाम है" in menu and "1. नाली जाम" in menu
    with app.app_context():
        assert inbound.relay() == 0  # handled: nothing left to relay
        handled = db.session.query(InboundMessage).filter_by(sender=wa_id).one()
        assert handled.status == InboundStatus.handled and handled.handled_at is not None
