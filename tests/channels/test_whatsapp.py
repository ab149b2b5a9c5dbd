"""The WhatsApp chatbot end to end: Meta's signed webhook in (payloads shaped as the Cloud API
documents them), the conversation, and the replies out through a local stand-in for the Graph
API."""

import re
import uuid
from datetime import timedelta

import pytest

from app.core import languages
from app.core.clock import utc_now
from app.extensions import db
from app.models.channels import Conversation, InboundMessage
from app.models.grievance.ticket import Ticket
from tests.gateways import GraphApi, configured
from tests.whatsapp_helpers import CITIZEN, TOKEN, VERIFY, Phone, jpeg, whatsapp_settings


@pytest.fixture()
def graph(app, inline_jobs):
    api = GraphApi(TOKEN)
    with configured(app, **whatsapp_settings(api)):
        yield api


def test_meta_handshake_answers_the_challenge_only_with_the_verify_token(app, graph):
    client = app.test_client()
    ok = client.get(
        f"/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token={VERIFY}&hub.challenge=1158201444"
    )
    assert ok.status_code == 200 and ok.text == "1158201444"
    wrong = client.get(
        "/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=guess&hub.challenge=1158201444"
    )
    assert wrong.status_code == 403


def test_unsigned_or_badly_signed_messages_are_refused_and_create_nothing(app, graph):
    phone = Phone(app, wa_id="919812340802")
    assert phone.text("नाली जाम है", secret="not-the-app-secret").status_code == 403
    unsigned = app.test_client().post("/webhooks/whatsapp", json={"object": "x"})
    assert unsigned.status_code == 403
    with app.app_context():
        assert db.session.query(InboundMessage).filter_by(sender="919812340802").count() == 0
    assert graph.sent == []


def test_a_complaint_in_hindi_from_first_message_to_tracking_number(app, graph):
    graph.media["MEDIA-1"] = jpeg()
    phone = Phone(app)
    assert phone.text("नाली जाम है, बदबू आ रही है").status_code == 200
    menu = graph.texts(CITIZEN)[-1]
    assert "नाली जाम है, बदबू आ रही है" in menu and "1. नाली जाम" in menu  # Hindi categories

    phone.text("१")  # Devanagari digits choose too
    assert "वार्ड" in graph.texts(CITIZEN)[-1]  # "which ward?"
    phone.text("विजय नगर")  # the ward by its Hindi name
    assert "फ़ोटो" in graph.texts(CITIZEN)[-1]
    phone.send({"type": "image", "image": {"mime_type": "image/jpeg", "id": "MEDIA-1"}})
    phone.text("छोड़ें")
    check = graph.texts(CITIZEN)[-1]
    assert "नाली जाम" in check and "विजय नगर" in check and "हाँ" in check
    phone.text("हाँ")

    with app.app_context():
        ticket = db.session.query(Ticket).order_by(Ticket.id.desc()).first()
        assert ticket.channel.value == "whatsapp" and ticket.ward.number == 3
        assert ticket.category.code == "DRAIN" and len(ticket.photos) == 1
        assert ticket.citizen.whatsapp_id == CITIZEN and ticket.citizen.language == "hi"
        tracking_no = ticket.tracking_no
    registered = graph.texts(CITIZEN)[-1]
    assert tracking_no in registered and "शिकायत" in registered  # on WhatsApp, in Hindi

    digits = tracking_no.split("-")[1].translate(str.maketrans("0123456789", "०१२३४५६७८९"))
    phone.text(f"स्थिति {digits}")
    status = graph.texts(CITIZEN)[-1]
    assert status.startswith(f"{tracking_no}:") and "नाली जाम" in status
    phone.text("मेरी शिकायतें")
    assert tracking_no in graph.texts(CITIZEN)[-1]


def test_a_repeated_provider_message_is_answered_once(app, graph):
    phone = Phone(app, wa_id="919812340803")
    repeated = f"wamid.{uuid.uuid4().hex}"
    phone.text("Streetlight off in ward 12", message_id=repeated)
    phone.text("Streetlight off in ward 12", message_id=repeated)
    assert len(graph.texts("919812340803")) == 1
    with app.app_context():
        assert db.session.query(InboundMessage).filter_by(provider_id=repeated).count() == 1


def test_persian_is_answered_in_persian_and_a_location_finds_the_ward(app, graph):
    phone = Phone(app, wa_id="989121234567", name="Reza")
    phone.text("چراغ خیابان خاموش است")
    assert "۱." in graph.texts("989121234567")[-1]  # the menu in Persian digits
    phone.text("۴")
    phone.send({"type": "location", "location": {"latitude": 22.7530, "longitude": 75.8462}})
    assert re.search("عکس", graph.texts("989121234567")[-1])
    phone.text("لغو")
    assert "لغو" in graph.texts("989121234567")[-1]
    with app.app_context():
        conversation = db.session.query(Conversation).filter_by(address="989121234567").one()
        assert conversation.step == "idle" and conversation.language == "fa"


def test_after_24_hours_an_update_goes_as_the_approved_template(app, graph):
    phone = Phone(app, wa_id="919812340804")
    phone.text("Garbage not collected")
    with app.app_context():
        conversation = db.session.query(Conversation).filter_by(address="919812340804").one()
        conversation.last_inbound_at = utc_now() - timedelta(hours=25)
        db.session.commit()
    phone.client.application.config["WHATSAPP_UPDATE_TEMPLATE"] = "janseva_update"
    from app.models.grievance.outbox import OutboundMessage
    from app.services.channels import replies

    with app.app_context():
        message = OutboundMessage(
            channel="whatsapp",
            recipient="919812340804",
            language="en",
            event_key="late-update",
            body="JS-12: your complaint is resolved.",
        )
        wamid = replies.send_reply(message, message.body)
    late = graph.sent[-1]
    assert late["type"] == "template" and late["template"]["name"] == "janseva_update"
    assert late["template"]["components"][0]["parameters"][0]["text"] == message.body
    assert wamid.startswith("wamid.")


def test_the_script_of_a_message_gives_its_language():
    assert languages.of_script("नाली जाम है") == "hi"
    assert languages.of_script("রাস্তায় গর্ত") == "bn"
    assert languages.of_script("چاله در خیابان") == "fa"
    assert languages.of_script("Pothole near school 12") == "en"
    assert languages.of_script("१२३ 😀") is None


def test_the_clerk_sees_the_conversation_across_channels_and_replies_from_the_ticket(
    app, graph, gateways
):
    from tests.channels.twilio_helpers import TWILIO_TOKEN, SmsPhone
    from tests.conftest import csrf_token, login

    phone = Phone(app, wa_id="919812340811", name="Kavita")
    for words in ("पानी नहीं आ रहा", "2", "3", "छोड़ें", "हाँ"):
        phone.text(words)
    with app.app_context():
        ticket = db.session.query(Ticket).order_by(Ticket.id.desc()).first()
        pk, tracking_no = ticket.id, ticket.tracking_no
    with configured(app, TWILIO_AUTH_TOKEN=TWILIO_TOKEN):  # the same person, by SMS
        SmsPhone(app, "+919812340811").text(f"status {tracking_no}")

    clerk = login(app, "clerk_water")
    page = clerk.get(f"/ticketview/show/{pk}").text
    conversation = page.split('id="conversation"')[1].split("</ol>")[0]
    assert "पानी नहीं आ रहा" in conversation and f"status {tracking_no}" in conversation
    assert "WhatsApp" in conversation and "SMS" in conversation
    assert conversation.index("पानी नहीं आ रहा") < conversation.index(f"status {tracking_no}")

    token = csrf_token(clerk, f"/ticketview/show/{pk}")
    clerk.post(
        f"/ticketview/work/{pk}",
        data={"csrf_token": token, "public": "y", "note": "Tanker sent at 4 pm."},
    )
    assert "Tanker sent at 4 pm." in graph.texts("919812340811")[-1]  # back on WhatsApp
    assert "Tanker sent at 4 pm." in clerk.get(f"/ticketview/show/{pk}").text


def test_a_number_the_phone_library_does_not_know_still_registers_a_complaint(app, graph):
    wa_id = "9190123"  # no valid number: as a range libphonenumber does not know yet
    phone = Phone(app, wa_id=wa_id)
    for text in ("नाली जाम है", "1", "3", "छोड़ें", "हाँ"):
        assert phone.text(text).status_code == 200
    with app.app_context():
        ticket = db.session.query(Ticket).order_by(Ticket.id.desc()).first()
        assert ticket.citizen.whatsapp_id == wa_id and ticket.citizen.phone is None
        tracking_no = ticket.tracking_no
    assert tracking_no in graph.texts(wa_id)[-1]


def test_appeal_in_chat_after_a_poor_rating(app, graph):
    from app.services.grievance import feedback, tickets

    wa_id = "919812340811"
    phone = Phone(app, wa_id=wa_id)
    phone.text("नाली जाम है")
    phone.text("१")
    phone.text("3")
    phone.text("छोड़ें")
    phone.text("हाँ")
    with app.test_request_context():
        ticket = db.session.query(Ticket).order_by(Ticket.id.desc()).first()
        number, pk = ticket.tracking_no, ticket.id
        tickets.transition(ticket, "resolved")
    phone.text(f"अपील {number}")
    assert "अभी अपील नहीं" in graph.texts(wa_id)[-1]  # not yet: refused, in Hindi
    with app.test_request_context():
        feedback.record_for(db.session.get(Ticket, pk), 1, None, not_fixed=False)
    phone.text("अपील JS-1")  # someone else's, or nobody's
    assert "JS-1" in graph.texts(wa_id)[-1]
    phone.text(f"अपील {number}")
    assert number in graph.texts(wa_id)[-1] and "क्यों" in graph.texts(wa_id)[-1]  # why?
    phone.text("अभी भी पानी भरा है")
    with app.app_context():
        appeal = db.session.query(Ticket).filter_by(appeal_of_id=pk).one()
        assert appeal.channel.value == "whatsapp" and appeal.description == "अभी भी पानी भरा है"
        told = graph.texts(wa_id)[-1]
        assert appeal.tracking_no in told and number in told and "अपील" in told
        assert db.session.query(Conversation).filter_by(address=wa_id).one().step == "idle"
