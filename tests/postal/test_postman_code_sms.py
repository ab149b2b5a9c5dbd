"""The postman, the API and the public history say what became of the delivery code's SMS,
as the outbox has it: sent, queued, or not sent (with no SMS gateway configured), and the
resend is offered; never "sent" for a message that did not leave."""

import re
from datetime import timedelta

from app.core import jobs
from app.core.clock import utc_now
from app.extensions import db
from app.models.grievance.outbox import MessageStatus, OutboundMessage
from app.models.postal import Article
from tests.conftest import api_headers, login
from tests.postal_helpers import book

NOT_SENT_TO_POSTMAN = "but the code could not be sent: SMS is not configured"
CLAIMED_SENT = "the code was sent to the recipient"


def _form_token(page: str) -> str:
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)


def _card(page: str, pk: int) -> str:
    """The article's card on the postman's page."""
    return page.split(f'id="article-{pk}"', 1)[1].split('id="article-', 1)[0]


def _taken_out(app, mobile: str):
    """An article booked for `mobile`, taken out by postman1 from his page: its id, number, the
    postman's browser and the page he is shown."""
    with app.app_context():
        article = book(ward=3, mobile=mobile)
        pk, number = article.id, article.tracking_no
    postman = login(app, "postman1")
    page = postman.get("/postman/").text
    taken = postman.post(
        f"/postman/{pk}/dispatch", data={"csrf_token": _form_token(page)}, follow_redirects=True
    ).text
    return pk, number, postman, taken


def _code_messages(pk: int) -> list[OutboundMessage]:
    return (
        db.session.query(OutboundMessage)
        .filter(OutboundMessage.event_key.startswith(f"otp-{pk}-"))
        .order_by(OutboundMessage.id)
        .all()
    )


def _gap_passed(pk: int) -> None:
    article = db.session.get(Article, pk)
    article.otp_sent_at = utc_now() - timedelta(minutes=2)
    db.session.commit()


def test_without_sms_the_postman_and_the_public_are_told_the_code_was_not_sent(app, inline_jobs):
    assert not app.config.get("NOTIFY_SMS_URL")
    pk, number, postman, taken = _taken_out(app, "+919812340131")
    assert NOT_SENT_TO_POSTMAN in taken and CLAIMED_SENT not in taken
    card = _card(taken, pk)  # the resend is offered beside the article, with why
    assert "Send the code again" in card and "janseva-code-sms" in card
    assert "The code could not be sent: SMS is not configured." in card
    with app.app_context():
        [message] = _code_messages(pk)
        assert message.status == MessageStatus.undeliverable
    track = app.test_client().get(f"/track/{number}").text
    assert "the delivery code could not be sent by SMS" in track
    assert "the delivery code was sent by SMS" not in track

    with app.app_context():
        _gap_passed(pk)
    again = app.test_client().post(
        f"/api/v1/article/{pk}/resend-otp", headers=api_headers(app, "postman1")
    )
    assert again.status_code == 200 and again.json["code_sms"] == "not_configured"
    assert "SMS is not configured" in again.json["message"]
    history = login(app, "admin").get(f"/articleview/show/{pk}").text
    assert "The delivery code could not be sent again by SMS." in history


def test_the_api_and_the_counter_say_not_sent_too(app, inline_jobs):
    with app.app_context():
        first = book(ward=3, mobile="+919812340132").id
        second = book(ward=3, mobile="+919812340133").id
    taken = app.test_client().post(
        f"/api/v1/article/{first}/dispatch", headers=api_headers(app, "postman1")
    )
    assert taken.status_code == 200 and taken.json["code_sms"] == "not_configured"
    assert NOT_SENT_TO_POSTMAN in taken.json["message"]
    counter = login(app, "admin")
    page = counter.get(f"/articleview/show/{second}").text
    shown = counter.post(
        f"/articleview/dispatch/{second}",
        data={"csrf_token": _form_token(page)},
        follow_redirects=True,
    ).text
    assert NOT_SENT_TO_POSTMAN in shown and CLAIMED_SENT not in shown
    assert "the delivery code could not be sent by SMS" in shown  # the staff history


def test_a_code_waiting_for_the_worker_is_queued_not_sent(app, gateways, redis_url):
    with app.app_context():
        article = book(ward=3, mobile="+919812340134")
        pk, number = article.id, article.tracking_no
    try:
        taken = app.test_client().post(
            f"/api/v1/article/{pk}/dispatch", headers=api_headers(app, "postman1")
        )
        assert taken.status_code == 200 and taken.json["code_sms"] == "queued"
        assert "queued" in taken.json["message"]
        track = app.test_client().get(f"/track/{number}").text
        assert "the delivery code is being sent by SMS" in track
        postman = login(app, "postman1").get("/postman/").text
        assert "The code is queued; it has not reached the recipient yet." in _card(postman, pk)
    finally:
        with app.app_context():  # no worker here: take the job back off the queue
            queue = jobs.queue()
            for message in _code_messages(pk):
                queue.remove(f"outbound-{message.id}-1")


def test_a_sent_code_is_said_sent(app, gateways, inline_jobs):
    pk, number, postman, taken = _taken_out(app, "+919812340135")
    assert "Out for delivery; the code was sent to the recipient." in taken
    assert "janseva-code-sms" not in _card(taken, pk)
    assert "the delivery code was sent by SMS" in app.test_client().get(f"/track/{number}").text
