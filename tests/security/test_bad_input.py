"""Bad input is refused with a 400 or 413 that changes nothing, never a 500: signed provider
bodies whose fields have the wrong JSON type, UPI notices no amount column holds, bodies too
large to read, text longer than anyone writes. Valid input that is merely long (a profile name
longer than our column) is kept, cut to fit, and answered."""

from io import BytesIO

import pytest
from werkzeug.test import EnvironBuilder

from app.extensions import db
from app.models.channels import InboundMessage, InboundStatus
from app.models.grievance.citizen import Citizen
from app.models.grievance.ticket import Feedback, Ticket, TicketPhoto
from app.models.payments import Payment, PaymentStatus
from app.services.grievance import feedback_links, tickets
from app.services.payments import requests as payment_requests
from tests.conftest import api_headers, csrf_token, new_client
from tests.gateways import configured
from tests.grievance_helpers import category_id, new_ticket, ward_id
from tests.security.webhook_helpers import (
    changed,
    post_messenger,
    post_telegram,
    post_upi,
    post_whatsapp,
    providers,
    row_counts,
)


def _wa_message(**fields) -> dict:
    return {"from": "919812341001", "id": "wamid.bad-input", "type": "text"} | fields


def _wa(value) -> dict:
    return {"object": "whatsapp_business_account", "entry": [{"changes": [{"value": value}]}]}


WHATSAPP_BAD = [
    {"entry": "a string"},
    {"entry": ["a string"]},
    {"entry": [{"changes": {"value": {}}}]},
    {"entry": [{"changes": ["a string"]}]},
    _wa("a string"),
    _wa({"messages": ["a string"]}),
    _wa({"messages": {"id": "wamid.x"}}),
    _wa({"messages": [_wa_message(id=12345)]}),
    _wa({"messages": [_wa_message(id={"nested": "object"})]}),
    _wa({"messages": [_wa_message(text="not an object")]}),
    _wa({"messages": [_wa_message(type="location", location={"latitude": "north"})]}),
    _wa({"contacts": "a string", "messages": [_wa_message(text={"body": "hi"})]}),
    _wa({"contacts": [{"wa_id": "919812341001", "profile": "a string"}]}),
    _wa({"statuses": [{"id": {"a": 1}, "status": "failed"}]}),
    _wa({"statuses": [{"id": "wamid.y", "status": "failed", "errors": ["a string"]}]}),
    [1, 2],
    "a string",
    b"[" * 100_000,  # deeper than the JSON parser goes
]
MESSENGER_BAD = [
    {"entry": "a string"},
    {"entry": ["a string"]},
    {"entry": [{"messaging": {"sender": {"id": "1"}}}]},
    {"entry": [{"messaging": [{"sender": {"id": "1"}, "message": "a string"}]}]},
    {"entry": [{"messaging": [{"sender": {"id": "1"}, "message": {"mid": 5}}]}]},
    {"entry": [{"messaging": [{"sender": {"id": "1"}, "message": {"mid": {"a": 1}}}]}]},
    {"entry": [{"messaging": [{"sender": "a string", "message": {"mid": "m.1"}}]}]},
    {"entry": [{"messaging": [{"sender": {"id": "1"}, "message": {"attachments": "x"}}]}]},
]
TELEGRAM_BAD = [
    {"update_id": 700001, "message": "a string"},
    {"update_id": 700002, "message": {"chat": "a string", "text": "hi"}},
    {"update_id": 700003, "message": {"chat": {"id": 5}, "from": "a string", "text": "hi"}},
    {"update_id": "700004", "message": {"chat": {"id": 5}, "text": "hi"}},
    {"update_id": 700005, "message": {"chat": {"id": 10**80}, "text": "hi"}},
    {"update_id": 700006, "message": {"chat": {"id": 5}, "photo": [{"width": 90}]}},
    [{"update_id": 700007}],
]


@pytest.mark.parametrize(
    ("post", "bodies"),
    [(post_whatsapp, WHATSAPP_BAD), (post_messenger, MESSENGER_BAD), (post_telegram, TELEGRAM_BAD)],
    ids=["whatsapp", "messenger", "telegram"],
)
def test_signed_bodies_of_the_wrong_shape_are_a_400_that_stores_nothing(
    app, inline_jobs, post, bodies
):
    client = app.test_client()
    with providers(app), app.app_context():
        before = row_counts()
        answers = [post(client, body) for body in bodies]
        after = row_counts()
    assert [a.status_code for a in answers] == [400] * len(bodies), [a.text for a in answers]
    assert "The body is not shaped as its sender documents it" in answers[0].json["message"]
    assert changed(before, after) == {}


def test_a_whatsapp_profile_name_longer_than_we_keep_is_cut_and_the_message_answered(
    app, inline_jobs
):
    name = "Venkata " + "Lakshminarasimha " * 7  # 127 characters
    message = _wa_message(id="wamid.long-name", text={"body": "Drain blocked near the school"})
    message["from"] = "919812341002"
    contact = {"wa_id": "919812341002", "profile": {"name": name}}
    body = _wa({"contacts": [contact], "messages": [message]})
    with providers(app):
        answer = post_whatsapp(app.test_client(), body)
    assert answer.status_code == 200 and answer.json == {"received": 1}
    with app.app_context():
        stored = db.session.query(InboundMessage).filter_by(provider_id="wamid.long-name").one()
        assert stored.status == InboundStatus.handled  # answered now, not left to a retry loop
        assert len(stored.sender_name) == 120 and stored.sender_name.endswith("…")
        assert stored.sender_name.startswith("Venkata Lakshminarasimha")


def test_a_telegram_user_with_the_longest_names_telegram_allows_is_answered(app, inline_jobs):
    first, last = "F" * 64, "L" * 64  # Telegram's maximum for each
    update = {
        "update_id": 700100,
        "message": {
            "message_id": 1,
            "chat": {"id": 55500100, "type": "private"},
            "from": {"id": 55500100, "first_name": first, "last_name": last},
            "text": "Streetlight broken",
        },
    }
    with providers(app):
        answer = post_telegram(app.test_client(), update)
    assert answer.status_code == 200 and answer.json == {"received": 1}
    with app.app_context():
        stored = db.session.query(InboundMessage).filter_by(sender="55500100").one()
        assert stored.status == InboundStatus.handled
        assert stored.sender_name == f"{first} {last}"[:119] + "…"


@pytest.mark.parametrize(
    "body",
    [
        b'{"ref": "%s", "utr": "512345678901", "amount": 1e999999, "status": "SUCCESS"}',
        b'{"ref": "%s", "utr": "512345678902", "amount": "1e999999", "status": "SUCCESS"}',
        b'{"ref": "%s", "utr": "512345678903", "amount": "99999999999.00", "status": "SUCCESS"}',
        b'{"ref": "%s", "utr": "512345678904", "amount": ["1"], "status": "SUCCESS"}',
        b'[{"ref": "%s", "utr": "512345678905", "amount": "10.00", "status": "SUCCESS"}]',
        b'{"ref": {"a": "%s"}, "utr": "512345678906", "amount": "10.00", "status": "SUCCESS"}',
    ],
    ids=["inf", "huge-text", "above-column", "list-amount", "list-body", "object-ref"],
)
def test_a_upi_notice_no_amount_column_holds_is_a_400_and_the_request_stays_open(app, body):
    with app.app_context():
        ref = payment_requests.create("trade_licence", "10.00", "Bad notices").ref
    with providers(app):
        answer = post_upi(app.test_client(), body.replace(b"%s", ref.encode()))
    assert answer.status_code == 400, answer.text
    with app.app_context():
        payment = db.session.query(Payment).filter_by(ref=ref).one()
        assert payment.status == PaymentStatus.pending and payment.utr is None
        assert payment.events == [] or all(e.kind == "requested" for e in payment.events)


def test_a_photo_upload_larger_than_any_body_is_a_413_before_it_is_read(app):
    headers = api_headers(app, "clerk_water")
    with app.app_context():
        ticket = new_ticket(phone="+919812341003")
        pk = ticket.id
    huge = BytesIO(b"\xff\xd8" + b"\0" * (50 * 1024 * 1024))
    answer = app.test_client().post(
        f"/api/v1/ticket/{pk}/photos",
        headers=headers,
        data={"photo": (huge, "big.jpg")},
        content_type="multipart/form-data",
    )
    assert answer.status_code == 413
    assert answer.json["message"] == "What you sent is too large: at most 16 MB in all."
    with app.app_context():
        assert db.session.query(TicketPhoto).filter_by(ticket_id=pk).count() == 0


def test_a_description_longer_than_anyone_writes_is_refused_and_the_longest_kept(app):
    headers = api_headers(app, "clerk_water")
    with app.app_context():
        drain, before = category_id("DRAIN"), db.session.query(Ticket).count()
    client = app.test_client()
    body = {"category": drain, "phone": "+919812341004"}
    huge = client.post(
        "/api/v1/ticket/", headers=headers, json=body | {"description": "x" * 5_000_000}
    )
    assert huge.status_code == 400
    assert huge.json["errors"] == {"description": ["At most 4000 characters."]}
    with app.app_context():
        assert db.session.query(Ticket).count() == before
    longest = client.post(
        "/api/v1/ticket/", headers=headers, json=body | {"description": "y" * 4000}
    )
    assert longest.status_code == 201
    with app.app_context():
        assert len(db.session.get(Ticket, longest.json["id"]).description) == 4000


def test_every_channel_is_held_to_the_description_column(app):
    """The service itself refuses what its column cannot hold, whichever channel calls it."""
    from app.core.errors import InvalidBody

    with app.app_context():
        before = db.session.query(Ticket).count()
        with pytest.raises(InvalidBody) as refused:
            new_ticket(phone="+919812341005", description="z" * 4001, channel="web")
        db.session.rollback()
        assert refused.value.errors == {"description": ["At most 4000 characters."]}
        assert db.session.query(Ticket).count() == before


def test_json_nested_deeper_than_the_parser_goes_is_a_400_in_the_api(app):
    headers = api_headers(app, "clerk_water")
    answer = app.test_client().post(
        "/api/v1/ticket/", headers=headers, data="[" * 100_000, content_type="application/json"
    )
    assert answer.status_code == 400


def test_a_nul_in_a_public_form_is_refused_with_a_message_and_nothing_stored(app):
    """PostgreSQL keeps no NUL: the record checks say so before the database does."""
    client = new_client(app)
    with app.test_request_context():
        drain, ward = category_id("DRAIN"), ward_id(3)
        ticket = new_ticket(phone="+919812341006", description="Leak")
        tickets.transition(ticket, "resolved", note="Fixed")
        token, pk = feedback_links.token_for(ticket), ticket.id
    report = {
        "csrf_token": csrf_token(client, "/report"),
        "category": drain,
        "ward": ward,
        "description": "Drain overflowing",
        "phone": "+919812341007",
        "name": "Me\x00na",
    }
    rating = {"csrf_token": csrf_token(client, f"/feedback/{token}"), "rating": "4"}
    with providers(app), configured(app, RATELIMIT_ENABLED=False):  # a 500 is answered
        reported = client.post("/report", data=report)
        rated = client.post(f"/feedback/{token}", data=rating | {"comment": "ok\x00"})
    assert reported.status_code == 400 and "Please check these fields: name." in reported.text
    assert rated.status_code == 400 and "Please check these fields: comment." in rated.text
    with app.app_context():
        assert db.session.query(Citizen).filter_by(phone="+919812341007").count() == 0
        assert db.session.query(Feedback).filter_by(ticket_id=pk).count() == 0


def test_a_chunked_upload_larger_than_any_body_is_a_413_too(app):
    """No Content-Length to judge by (Transfer-Encoding: chunked): refused while it is read."""
    headers = api_headers(app, "clerk_water")
    with app.app_context():
        pk = new_ticket(phone="+919812341005").id
    form = EnvironBuilder(
        method="POST",
        data={"photo": (BytesIO(b"\xff\xd8" + b"\0" * (20 * 1024 * 1024)), "big.jpg")},
        content_type="multipart/form-data",
    )
    environ = form.get_environ()
    body, content_type = environ["wsgi.input"].read(), environ["CONTENT_TYPE"]
    form.close()
    answer = app.test_client().post(
        f"/api/v1/ticket/{pk}/photos",
        headers=headers | {"Transfer-Encoding": "chunked", "Content-Type": content_type},
        input_stream=BytesIO(body),
        environ_overrides={"wsgi.input_terminated": True},
    )
    assert answer.status_code == 413
    with app.app_context():
        assert db.session.query(TicketPhoto).filter_by(ticket_id=pk).count() == 0
