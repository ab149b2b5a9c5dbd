"""The public portal as a citizen uses it on a phone: report with photos and a location, get a
tracking number by SMS, track it, rate it and pay; and the controls a public form needs."""

import io
import re

import pytest
from PIL import Image

from app.extensions import db
from app.models.grievance.outbox import OutboundMessage
from app.models.grievance.ticket import Ticket, TicketState
from app.services.grievance import tickets
from app.services.payments import requests as payment_requests
from tests.conftest import csrf_token, new_client
from tests.gateways import configured
from tests.grievance_helpers import category_id, ward_id


def _jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (120, 90), (60, 140, 60)).save(out, "JPEG")
    return out.getvalue()


def _report(app, client, language="en", **fields):
    token = csrf_token(client, f"/report?lang={language}")
    with app.app_context():
        data = {
            "csrf_token": token,
            "category": str(category_id(fields.pop("category", "DRAIN"))),
            "description": "Drain overflowing near the school gate",
            "ward": str(ward_id(2)),
            "phone": "+919812340701",
            **fields,
        }
    return client.post("/report", data=data, content_type="multipart/form-data")


def _newest() -> Ticket:
    return db.session.query(Ticket).order_by(Ticket.id.desc()).first()


def test_anyone_not_logged_in_lands_on_the_portal(app):
    page = new_client(app).get("/?lang=bn")
    assert page.status_code == 200
    assert 'href="/report"' in page.text and 'name="no"' in page.text and 'name="ref"' in page.text


def test_a_report_in_hindi_with_a_photo_and_a_location(app, gateways, inline_jobs):
    sms, _ = gateways
    client = new_client(app)
    form = client.get("/report?lang=hi").text
    assert "समस्या" in form and "नाली जाम" in form  # the form and the categories in Hindi
    answer = _report(
        app,
        client,
        "hi",
        description="स्कूल के पास नाली जाम है",
        ward="0",  # "Not sure: use my location", and the location was given
        latitude="22.7196",
        longitude="75.8577",
        phone="९८१२३४०७०२",  # Devanagari digits, no country code
        photos=[(io.BytesIO(_jpeg()), "drain.jpg")],
    )
    assert answer.status_code == 302
    with app.app_context():
        ticket = _newest()
        assert ticket.channel.value == "web" and ticket.citizen.language == "hi"
        assert ticket.citizen.phone == "+919812340702" and len(ticket.photos) == 1
        assert ticket.ward is not None and ticket.latitude == pytest.approx(22.7196)
        tracking_no = ticket.tracking_no
    assert answer.location.endswith(f"/track/{tracking_no}")
    shown = client.get(answer.location).text
    assert tracking_no in shown and "दर्ज" in shown  # the confirmation, in Hindi
    assert any(tracking_no in m["text"] for m in sms.received if m["to"] == "+919812340702")


def test_bad_input_is_refused_in_the_citizens_language_and_nothing_is_saved(app, inline_jobs):
    client = new_client(app)
    with app.app_context():
        before = db.session.query(Ticket).count()
    answer = _report(app, client, "fa", description="", phone="12")
    assert answer.status_code == 400
    assert "۱۲" in answer.text or "12" in answer.text
    assert "معتبر" in answer.text or "لازم" in answer.text  # Persian error messages
    with app.app_context():
        assert db.session.query(Ticket).count() == before


def test_a_report_with_neither_ward_nor_location_asks_for_one_and_stores_nothing(app, inline_jobs):
    client = new_client(app)
    with app.app_context():
        before = (db.session.query(Ticket).count(), db.session.query(OutboundMessage).count())
    for language, words in [
        ("en", "Please choose your ward, or press"),
        ("hi", "सही कार्यालय तक पहुँचे"),
        ("fa", "به اداره درست برسد"),
    ]:
        answer = _report(app, client, language, ward="0", phone="+919812340790")
        assert answer.status_code == 400 and words in answer.text, answer.text
    with app.app_context():
        after = (db.session.query(Ticket).count(), db.session.query(OutboundMessage).count())
    assert after == before


def test_a_bot_filling_the_hidden_field_learns_nothing_and_stores_nothing(app, inline_jobs):
    client = new_client(app)
    with app.app_context():
        before = db.session.query(Ticket).count()
    answer = _report(app, client, website="http://spam.example")
    assert answer.status_code == 302 and answer.location.endswith("/report/thanks")
    with app.app_context():
        assert db.session.query(Ticket).count() == before


def test_reports_are_limited_per_mobile_number(app, inline_jobs, gateways):
    with configured(app, PORTAL_REPORT_LIMIT_PHONE="2 per day"):
        results = [
            _report(app, new_client(app), phone="+919812340799").status_code for _ in range(3)
        ]
    assert results == [302, 302, 429]


def test_reports_are_limited_per_address(app, inline_jobs, gateways):
    client = new_client(app)
    with configured(app, PORTAL_REPORT_LIMIT_ADDRESS="1 per hour"):
        first = _report(app, client, phone="+919812340711")
        second = _report(app, client, "bn", phone="+919812340712")
    assert first.status_code == 302 and second.status_code == 429
    assert "অনেক" in second.text  # "too many", in Bengali


def test_with_phone_verification_a_report_needs_the_code_sent_by_sms(app, gateways, inline_jobs):
    sms, _ = gateways
    client = new_client(app)
    with configured(app, PORTAL_VERIFY_PHONE=True):
        refused = _report(app, client, phone="+919812340720")
        assert refused.status_code == 400 and "code" in refused.text
        token = csrf_token(client, "/report")
        client.post(
            "/report", data={"csrf_token": token, "phone": "+919812340720", "send_code": "1"}
        )
        (text,) = [m["text"] for m in sms.received if m["to"] == "+919812340720"]
        code = re.search(r"\b(\d{6})\b", text).group(1)
        wrong = _report(app, client, phone="+919812340720", code=f"{(int(code) + 1) % 10**6:06d}")
        assert wrong.status_code == 400
        right = _report(app, client, phone="+919812340720", code=code)
        assert right.status_code == 302
    with app.app_context():
        assert _newest().citizen.phone == "+919812340720"
        stored = db.session.query(OutboundMessage).filter_by(recipient="+919812340720")
        assert all(code not in message.body for message in stored)  # the code is never kept


def test_track_rate_and_pay_from_the_portal(app, gateways, inline_jobs):
    client = new_client(app)
    with app.app_context():
        ticket = tickets.create_ticket(
            category_id=category_id("WATER-SUPPLY"),
            description="No water",
            contact={"phone": "+919812340730"},
            channel="web",
            ward_id=ward_id(2),
        )
        tracking_no, pk = ticket.tracking_no, ticket.id
    number = tracking_no.split("-")[1].translate(str.maketrans("0123456789", "০১২৩৪৫৬৭৮৯"))
    found = client.get(f"/track?no={number}")
    assert found.status_code == 302 and found.location.endswith(f"/track/{tracking_no}")
    assert client.get("/track?no=JS-12345").status_code == 400  # a mistyped check digit

    with app.app_context():
        ticket = db.session.get(Ticket, pk)
        payment = payment_requests.create("fine", "150.00", "Illegal connection", ticket=ticket)
        ref = payment.ref
        tickets.transition(ticket, TicketState.resolved, note="Valve repaired")
    page = client.get(f"/track/{tracking_no}").text
    assert f"/pay/{ref}" in page and "janseva-rate" in page
    assert client.get(f"/pay?ref={ref.lower()}").location.endswith(f"/pay/{ref}")

    token = csrf_token(client, f"/track/{tracking_no}")
    wrong = client.post(
        f"/track/{tracking_no}/rate", data={"csrf_token": token, "phone": "+919800000000"}
    )
    assert wrong.location.endswith(f"/track/{tracking_no}")
    right = client.post(
        f"/track/{tracking_no}/rate", data={"csrf_token": token, "phone": "09812340730"}
    )
    assert "/feedback/" in right.location
    assert client.get(right.location).status_code == 200


def test_an_upload_over_the_size_limit_is_refused_in_the_citizens_language(app):
    client = new_client(app)
    token = csrf_token(client, "/report?lang=hi")
    huge = io.BytesIO(b"x" * (app.config["MAX_CONTENT_LENGTH"] + 1))
    answer = client.post(
        "/report",
        data={"csrf_token": token, "photos": [(huge, "huge.jpg")]},
        content_type="multipart/form-data",
    )
    assert answer.status_code == 413 and "16 MB" in answer.text and "बड़ा" in answer.text


@pytest.mark.parametrize(
    "language, required",
    [
        ("hi", "यह फ़ील्ड आवश्यक है।"),
        ("bn", "এই ঘরটি পূরণ করা আবশ্যক।"),
        ("fa", "پر کردن این فیلد الزامی است."),
    ],
)
def test_a_report_left_empty_says_so_in_the_citizens_language(app, language, required):
    """WTForms' own messages come from our catalogs: its bundled ones have no Hindi or Bengali."""
    answer = _report(app, new_client(app), language, description="")
    assert answer.status_code == 400 and required in answer.text
    assert "This field is required." not in answer.text
